/**
 * Steer to a target digit from the page: while the view's `target` is a digit, the rollout on show
 * is the controller's (src/model/steer.ts through the engine's rollouts.start({target})), started
 * from the probe, else the last clicked map digit, else a map digit of the class farthest round
 * the cycle, so the whole drive and the hold show. Keys 0-9 set the target (src/page/keys.ts).
 */
import type { Engine, RolloutSet } from '../../engine';
import { digitImage } from '../../model/dataset';
import type { AppState } from '../../spec/spec';

export interface SteerStatus {
  target: number;
  /** The steered set on show (null while none is). */
  shown: RolloutSet | null;
  running: boolean;
}

export class Steering {
  private running = false;
  private shownKey = '';
  private shown: RolloutSet | null = null;
  private readonly off: () => void;

  constructor(
    private readonly flow: Engine,
    private readonly state: AppState,
    private readonly probe: () => Float32Array | null,
    private readonly notice: (text: string) => void,
  ) {
    this.off = flow.rollouts.onShow((set) => {
      if (set.target === null) this.shown = null;
    });
  }

  /** Where the steered rollout starts, and a key that changes when the start does. */
  private start(): { image: Float32Array; key: string } | null {
    const probe = this.probe();
    if (probe !== null) return { image: probe, key: `probe:${probe.reduce((a, v, i) => a + v * ((i % 97) + 1), 0).toFixed(4)}` };
    const { images, labels } = this.flow.map;
    const count = labels.length;
    let index = this.state.from >= 0 && this.state.from < count ? this.state.from : -1;
    if (index < 0) index = labels.indexOf((this.state.target + 5) % 10);
    if (index < 0) return null;
    return { image: digitImage(images, index).slice(), key: `map:${index}` };
  }

  /** A few times a second: steers again when the target, the start or the steps change, or another set replaced the steered one. */
  tick(): void {
    const target = this.state.target;
    if (target < 0 || this.running) return;
    const start = this.start();
    if (start === null) return;
    const key = JSON.stringify([target, start.key, this.state.rolloutSteps]);
    if (key === this.shownKey && this.shown !== null && this.flow.rollouts.current() === this.shown) return;
    this.running = true;
    this.shownKey = key;
    this.flow.rollouts
      .start({ images: start.image, target, steps: this.state.rolloutSteps })
      .then((set) => {
        this.shown = set !== null && set.target === target ? set : null;
      })
      .catch((e: unknown) => {
        this.state.target = -1;
        this.notice(`Steering stopped: ${e instanceof Error ? e.message : String(e)}`);
      })
      .finally(() => {
        this.running = false;
      });
  }

  status(): SteerStatus {
    return { target: this.state.target, shown: this.shown, running: this.running };
  }

  dispose(): void {
    this.off();
  }
}
