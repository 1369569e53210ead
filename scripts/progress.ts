import type { TrainProgress } from '../src/model/training';

/** A one-line progress bar on stderr, redrawn at most ten times a second. */
export function progressBar(): (p: TrainProgress) => void {
  let last = 0;
  const started = new Map<string, number>();
  return (p) => {
    const now = performance.now();
    if (!started.has(p.phase)) started.set(p.phase, now);
    const done = p.epoch * p.batches + p.batch + 1;
    const total = p.epochs * p.batches;
    if (now - last < 100 && done !== total) return;
    last = now;
    const frac = done / total;
    const width = 28;
    const bar = '#'.repeat(Math.round(frac * width)).padEnd(width, '.');
    const elapsed = (now - started.get(p.phase)!) / 1000;
    const eta = frac > 0 ? elapsed / frac - elapsed : 0;
    const line = `${p.phase.padEnd(11)} [${bar}] ${(frac * 100).toFixed(0).padStart(3)}% epoch ${p.epoch + 1}/${p.epochs} loss ${p.loss.toFixed(5)} ${elapsed.toFixed(0)}s eta ${eta.toFixed(0)}s`;
    process.stderr.write(`\r${line}`);
    if (done === total) process.stderr.write('\n');
  };
}
