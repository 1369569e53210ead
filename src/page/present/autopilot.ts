/**
 * Gallery autopilot: cycles a talk's presets unattended on the clock, each for its schedule's
 * length (or ?dwell= seconds, or DEFAULT_DWELL), with a slow orbit when a preset has no camera
 * path of its own. It recovers from what it can: a preset that failed to load is skipped and
 * loaded again on a later lap; a step that throws is skipped. A lost GPU is handled by boot's
 * restart, which keeps this state and this clock.
 */
import { loadPreset } from './presets';
import { scheduleDuration, type AppState } from '../../spec/spec';
import type { Story } from './story';

export const DEFAULT_DWELL = 20;
/** Loop one schedule at most this many times before moving on. */
const MIN_DWELL = 4;

export class Autopilot {
  private nextAt = 0;
  private started = false;
  private retrying = false;

  constructor(
    private readonly story: Story,
    private readonly state: AppState,
    /** ?dwell=: seconds per preset, overriding each preset's own length. */
    private readonly dwell: number | null,
    private readonly notice: (text: string) => void,
  ) {}

  /** Before each frame, at clock `time`: moves to the next preset when this one's time is up. */
  beforeFrame(time: number): void {
    // Half a millisecond of slack: a dwell of whole frames must not slip a frame on rounding.
    if (this.started && time < this.nextAt - 5e-4) return;
    const wrapped = this.started && this.story.current === this.story.count - 1;
    let shown = false;
    try {
      shown = this.started ? this.story.next() : this.story.go(0);
    } catch (e) {
      this.notice(`autopilot: a preset failed (${e instanceof Error ? e.message : String(e)}); moving on`);
    }
    this.started = true;
    if (!shown) {
      // Nothing showable: keep the current view turning and try again later.
      this.state.autoRotate = true;
      this.nextAt = time + (this.dwell ?? DEFAULT_DWELL);
      return;
    }
    // Gentle motion for views that do not move the camera themselves.
    if (this.state.cameraPath.length === 0) this.state.autoRotate = true;
    const length = scheduleDuration(this.state);
    this.nextAt = time + (this.dwell ?? (length !== null ? Math.max(MIN_DWELL, length) : DEFAULT_DWELL));
    if (wrapped) void this.retryFailed();
  }

  /** Presets that failed to load get another chance once a lap (a flaky network, a redeploy). */
  private async retryFailed(): Promise<void> {
    if (this.retrying) return;
    this.retrying = true;
    try {
      for (const index of this.story.failed()) {
        const { preset } = await loadPreset(this.story.talk.steps[index]!.preset);
        if (preset !== null) this.story.replace(index, preset);
      }
    } finally {
      this.retrying = false;
    }
  }
}
