/**
 * Keeps the URL hash in step with the view: once the state has stopped changing for a moment, the
 * hash is rewritten (history.replaceState: no history entry per slider move) with the fields that
 * differ from the starting view, so copying the URL shares this view.
 */
import { encodeHash } from '../../spec/codec';
import type { AppState } from '../../spec/spec';

const DEBOUNCE_MS = 400;

export class HashSync {
  private written: string;
  private pending: string | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly state: Readonly<AppState>,
    private readonly base: Readonly<AppState>,
  ) {
    this.written = location.hash;
  }

  /** Call a few times a second; each change re-arms the timer that writes the hash. */
  tick(): void {
    const hash = encodeHash(this.state, this.base);
    if (hash === this.pending || (this.pending === null && hash === this.written)) return;
    this.pending = hash;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.write(), DEBOUNCE_MS);
  }

  private write(): void {
    const hash = this.pending;
    this.pending = null;
    if (hash === null || hash === this.written) return;
    this.written = hash;
    history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
  }
}
