/**
 * Keeps the URL hash in step with the view: a short while after the state stops changing, the
 * hash is rewritten (history.replaceState: no history entry per slider move) with the fields
 * that differ from the starting view, so copying the URL shares this view.
 */
import { encodeHash } from '../app/state-codec';
import type { AppState } from '../app/state';

const DEBOUNCE_MS = 500;

export class HashSync {
  private written: string;
  private pending: string | null = null;
  private changedAt = 0;

  constructor(
    private readonly state: Readonly<AppState>,
    private readonly base: Readonly<AppState>,
  ) {
    this.written = location.hash;
  }

  /** Call a few times a second; writes once the hash has been stable for the debounce time. */
  tick(now = performance.now()): void {
    const hash = encodeHash(this.state, this.base);
    if (hash !== this.pending) {
      this.pending = hash;
      this.changedAt = now;
      return;
    }
    if (hash === this.written || now - this.changedAt < DEBOUNCE_MS) return;
    this.written = hash;
    history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
  }
}
