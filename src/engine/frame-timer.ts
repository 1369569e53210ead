/**
 * The time between two frames, as the engine measures it for itself from one update to the next
 * (whoever runs the loop: the page, a sketch's own requestAnimationFrame or three's
 * setAnimationLoop), for the frame-rate figure and the adaptive particle budget. A gap of over
 * a second is a pause (a hidden tab gets no frames; a sketch may draw only on input), not a
 * frame rate: it is not reported, or the budget would read it as a slow device and shed particles.
 */

/** Longest gap between two updates still read as a frame time (ms). */
export const MAX_FRAME_MS = 1000;

export class FrameTimer {
  private last: number | null = null;

  /** Marks a frame at `nowMs`; returns the time since the last one (ms), or null for the first frame or after a pause. */
  tick(nowMs: number): number | null {
    const last = this.last;
    this.last = nowMs;
    if (last === null) return null;
    const ms = nowMs - last;
    return ms > 0 && ms <= MAX_FRAME_MS ? ms : null;
  }
}
