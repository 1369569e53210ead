/**
 * The progress line of `npm run record` on stderr: a bar, frames, render rate and ETA. Redrawn in
 * place on a terminal; on a pipe (CI logs, tests) one line every few seconds instead.
 */

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m}m ${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(m / 60)}h ${String(m % 60).padStart(2, '0')}m`;
}

/** One progress line: `[#########...........] 45% 270/600 frames, 2.3 frames/s, eta 2m 24s`. */
export function progressLine(done: number, total: number, elapsedSeconds: number, width = 24): string {
  const frac = total > 0 ? Math.min(1, done / total) : 1;
  const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
  const rate = elapsedSeconds > 0 ? done / elapsedSeconds : 0;
  const eta = rate > 0 ? (total - done) / rate : Number.NaN;
  return `[${bar}] ${String(Math.floor(frac * 100)).padStart(3)}% ${done}/${total} frames, ${rate.toFixed(2)} frames/s, eta ${formatDuration(eta)}`;
}

const PIPE_INTERVAL_MS = 5000;

/** The part of a stream the bar uses (process.stderr, or a sink in tests). */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export function frameProgress(total: number, stream: ProgressStream = process.stderr): { update(done: number): void; end(): void } {
  const started = performance.now();
  let lastPipe = 0;
  const tty = stream.isTTY === true;
  return {
    update(done) {
      const line = progressLine(done, total, (performance.now() - started) / 1000);
      if (tty) stream.write(`\r\x1b[K${line}`);
      else if (performance.now() - lastPipe > PIPE_INTERVAL_MS || done === total) {
        lastPipe = performance.now();
        stream.write(`${line}\n`);
      }
    },
    end() {
      if (tty) stream.write('\n');
    },
  };
}
