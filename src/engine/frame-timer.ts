/**
 * The time between two frames, as the engine measures it for itself from one update to the next
 * (whoever runs the loop: the page, a sketch's own requestAnimationFrame or three's
 * setAnimationLoop), for the frame-rate figure and the adaptive particle budget. A gap is a pause
 * (a hidden tab gets no frames; a sketch may draw only on input), not a frame time, when it is
 * over a second AND over PAUSE_RATIO times the gap before it: the budget must not read a pause as
 * a slow device. A device that is steadily slower than a frame a second still reads as slow (its
 * gaps are alike), so the budget sheds particles there too.
 */

/** Longest gap read as a frame time with nothing to compare it with (ms). */
export const MAX_FRAME_MS = 1000;
/** How much longer than the gap before it a long gap must be to count as a pause. */
export const PAUSE_RATIO = 3;

export class FrameTimer {
  private last: number | null = null;
  private lastGap: number | null = null;

  /** Marks a frame at `nowMs`; returns the time since the last one (ms), or null for the first frame or after a pause. */
  tick(nowMs: number): number | null {
    const last = this.last;
    this.last = nowMs;
    if (last === null) return null;
    const ms = nowMs - last;
    const before = this.lastGap;
    this.lastGap = ms;
    if (ms <= 0) return null;
    const pause = ms > MAX_FRAME_MS && (before === null || ms > PAUSE_RATIO * before);
    return pause ? null : ms;
  }
}
