/**
 * Keeps the rollouts in step with the params: when u, the count, the steps or the ungrounded
 * toggle change, a new set is started after a short debounce (so dragging the u slider does not
 * start dozens), worked off one step per frame, and published to the layers and the HUD.
 */
import { digitImage, PIXELS } from '../../model/dataset';
import type { RolloutMode, RolloutRequest, RolloutRunner, RolloutSet } from './rollout-runner';
import type { FlowParams } from '../../spec/flow-params';
import { roundU } from '../../spec/u';
import type { TfGuard } from './steered-run';

export interface HeldOutDigits {
  images: Float32Array;
  labels: Int32Array;
}

/**
 * Each class's held-out digits, most typical first: by squared pixel distance to the class's mean
 * image. The order uses no model, so the view starts from ordinary-looking digits of each class
 * rather than from whichever happen to be stored first (README: "The page").
 */
export function typicalOrder(heldOut: HeldOutDigits): number[][] {
  const byClass: number[][] = Array.from({ length: 10 }, () => []);
  heldOut.labels.forEach((label, i) => byClass[label]?.push(i));
  return byClass.map((members) => {
    if (members.length === 0) return members;
    const mean = new Float32Array(PIXELS);
    for (const i of members) for (let p = 0; p < PIXELS; p++) mean[p]! += heldOut.images[i * PIXELS + p]!;
    for (let p = 0; p < PIXELS; p++) mean[p]! /= members.length;
    const distance = new Map<number, number>();
    for (const i of members) {
      let sum = 0;
      for (let p = 0; p < PIXELS; p++) {
        const e = heldOut.images[i * PIXELS + p]! - mean[p]!;
        sum += e * e;
      }
      distance.set(i, sum);
    }
    return [...members].sort((a, b) => distance.get(a)! - distance.get(b)! || a - b);
  });
}

/**
 * Start images for `count` rollouts: rollout r starts from digit `digits[r % digits.length]`
 * (every class 0..9 when `digits` is empty), its (r / digits.length)-th most typical held-out instance.
 */
export function rolloutStarts(heldOut: HeldOutDigits, count: number, digits: readonly number[] = [], order = typicalOrder(heldOut)): Float32Array {
  const classes = digits.length > 0 ? digits : [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  const out = new Float32Array(count * PIXELS);
  for (let r = 0; r < count; r++) {
    const members = order[classes[r % classes.length]!] ?? [];
    if (members.length === 0) continue;
    const i = members[Math.floor(r / classes.length) % members.length]!;
    out.set(digitImage(heldOut.images, i), r * PIXELS);
  }
  return out;
}

export class RolloutControl {
  private key = '';
  private dueAt = Infinity;
  private latest: RolloutSet | null = null;
  /** A sketch's own rollouts are on show (until the params' rollout fields change, or settle). */
  private customShown = false;
  /** The digit the custom set on show steers to (null: it holds a u, or none is on show). */
  private customTarget: number | null = null;
  private readonly order: number[][];

  constructor(
    private readonly runner: RolloutRunner,
    private readonly heldOut: HeldOutDigits,
    private readonly guard: (work: () => void) => void,
    private readonly debounceSeconds: number,
    onResult: (set: RolloutSet) => void,
  ) {
    this.order = typicalOrder(heldOut);
    runner.onResult((set) => {
      this.latest = set;
      onResult(set);
    });
  }

  private keyOf(state: FlowParams): string {
    return JSON.stringify([roundU(state.u), state.rollouts, state.rolloutSteps, state.ungrounded, state.rolloutDigits]);
  }

  /** Called every frame with the state and the clock (seconds); issues at most `steps` steps. */
  tick(state: FlowParams, now: number, steps = 1): void {
    const key = this.keyOf(state);
    if (key !== this.key) {
      this.key = key;
      this.dueAt = now + this.debounceSeconds;
    }
    if (now >= this.dueAt) {
      this.dueAt = Infinity;
      this.start(state);
    }
    if (this.runner.stepping) this.guard(() => this.runner.pump(steps));
  }

  private start(state: FlowParams): void {
    if (state.rollouts <= 0) {
      // The params' own set goes (also while it is still running: it must not land after the
      // count went to 0); a sketch's or the hand's own set stays on show.
      if (!this.customShown) {
        this.runner.showNone();
        this.latest = null;
      }
      return;
    }
    this.customShown = false;
    const modes: RolloutMode[] = state.ungrounded ? ['grounded', 'ungrounded'] : ['grounded'];
    const images = rolloutStarts(this.heldOut, state.rollouts, state.rolloutDigits, this.order);
    this.guard(() => this.runner.start({ images, u: roundU(state.u), steps: state.rolloutSteps, modes }));
  }

  /**
   * Starts `request` now (rollouts from any images or latents); it stays on show until the params'
   * rollout fields (u, count, steps, digits, ungrounded) next change.
   */
  custom(request: RolloutRequest, guard: TfGuard): void {
    this.customShown = true;
    this.customTarget = request.target ?? null;
    guard(() => this.runner.start(request, guard));
  }

  /** Works the running set to the end and resolves with what is shown. */
  async settleCustom(guard: (work: () => void) => void): Promise<RolloutSet | null> {
    await this.runner.settle(guard);
    return this.latest;
  }

  /** Starts any pending change (or the params' set in place of a sketch's) now and works it to the end. */
  async settle(state: FlowParams): Promise<RolloutSet | null> {
    // A set steered to the view's own target is the view's set (the page starts it from the
    // probe or a clicked digit): settling finishes it rather than putting the count's set in its place.
    const steered = this.customShown && state.target >= 0 && this.customTarget === state.target;
    if (steered) {
      this.key = this.keyOf(state);
      this.dueAt = Infinity;
    } else if (this.keyOf(state) !== this.key || this.dueAt !== Infinity || this.customShown) {
      this.key = this.keyOf(state);
      this.dueAt = Infinity;
      // settle() puts the params' set in place of a sketch's, even when the params' set is none.
      if (state.rollouts <= 0) this.customShown = false;
      this.start(state);
    }
    await this.runner.settle(this.guard);
    return state.rollouts > 0 || steered ? this.latest : null;
  }

  /** Start images for `count` rollouts from the held-out digits of class `digit`, most typical first. */
  startsFor(digit: number, count: number): Float32Array {
    return rolloutStarts(this.heldOut, count, [digit], this.order);
  }

  result(): RolloutSet | null {
    return this.latest;
  }

  /** Resolves once results already being read back are published (fixed-step determinism). */
  readsDone(): Promise<void> {
    return this.runner.readsDone();
  }
}
