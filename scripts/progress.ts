import type { TrainProgress } from '../src/model/training';

/**
 * One status line on stderr, redrawn at most ten times a second. Phases that run at once (the
 * judge in its worker beside the autoencoder) share the line; a phase gets its own line when done.
 */
export function progressBar(): (p: TrainProgress) => void {
  let last = 0;
  const started = new Map<string, number>();
  const active = new Map<string, string>();
  return (p) => {
    const now = performance.now();
    // A phase can run several times (the dynamics candidates): each run restarts its clock.
    if (!started.has(p.phase) || (p.epoch === 0 && p.batch === 0)) started.set(p.phase, now);
    const done = p.epoch * p.batches + p.batch + 1;
    const total = p.epochs * p.batches;
    const frac = done / total;
    const elapsed = (now - started.get(p.phase)!) / 1000;
    const eta = elapsed / frac - elapsed;
    const bar = '#'.repeat(Math.round(frac * 20)).padEnd(20, '.');
    active.set(p.phase, `${p.phase} [${bar}] ${(frac * 100).toFixed(0)}% ep ${p.epoch + 1}/${p.epochs} loss ${p.loss.toFixed(4)} eta ${eta.toFixed(0)}s`);
    if (done === total) {
      process.stderr.write(`\r\x1b[K${p.phase}: ${p.epochs} epochs in ${elapsed.toFixed(1)} s, loss ${p.loss.toFixed(5)}\n`);
      active.delete(p.phase);
      return;
    }
    if (now - last < 100) return;
    last = now;
    process.stderr.write(`\r\x1b[K${[...active.values()].join(' | ')}`);
  };
}
