/**
 * The kiosk's watchdog: when the frame count has not moved for `limit` seconds while frames should
 * come on their own (a live clock on a visible page: fixed-step frames come only when asked, a
 * hidden tab gets none), it restarts the engine, as a lost GPU would (the flow's restart: the page
 * stays, and so do u, the preset and the manifold). While no engine draws (a restart under way)
 * it waits; then the new engine has `limit` seconds to draw before it is judged in turn.
 */
export interface WatchdogReading {
  /** Frames drawn so far by the page's clock; null while no engine draws. */
  frame: number | null;
  /** Frames are due without anyone asking (live clock, visible page). */
  expecting: boolean;
}

export class Watchdog {
  private lastFrame: number | null = null;
  private since: number;
  private fired = 0;

  constructor(
    /** Seconds of stall before a restart. */
    readonly limit: number,
    private readonly restart: (reason: string) => void,
    now: number,
  ) {
    if (!(limit > 0)) throw new Error(`the watchdog needs a positive number of seconds, got ${limit}`);
    this.since = now;
  }

  /** Restarts it has made. */
  get restarts(): number {
    return this.fired;
  }

  /** Looks at the frames at time `now` (ms); returns true when it restarted the engine. */
  check(now: number, reading: WatchdogReading): boolean {
    const { frame, expecting } = reading;
    if (frame === null || !expecting || frame !== this.lastFrame) {
      this.lastFrame = frame;
      this.since = now;
      return false;
    }
    const stalled = (now - this.since) / 1000;
    if (stalled < this.limit) return false;
    this.fired++;
    this.since = now;
    this.restart(`no frame for ${Math.round(stalled)} s: the watchdog restarts the engine`);
    return true;
  }
}
