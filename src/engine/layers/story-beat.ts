/**
 * One story at a time: which rollout is in focus at clock time `t` and how far its comet has
 * travelled. Rollouts take turns (a start digit and every track from it: grounded and ungrounded
 * side by side), each travelling one step per `secondsPerStep` and then holding at its end, so a
 * room can follow a single path from cluster to cluster. A pure function of time: fixed-step
 * frames and recordings show the same beat on the same frame.
 */

/** Seconds the comet takes from one state to the next: slow enough to read each card. */
export const SECONDS_PER_STEP = 1.1;
/** Seconds a finished path holds before the next one starts. */
export const HOLD_SECONDS = 2.5;

export interface StoryBeat {
  /** The start (the request row) whose tracks are in focus. */
  start: number;
  /** Where the head is, in steps from the start state: 0..steps, fractional between states. */
  position: number;
  /** The last state the head has reached (its card is the current one). */
  reached: number;
}

/**
 * The order starts take their turn: the one from digit 1 first (the seed counts 1 -> 2 -> ...),
 * then on round the digits; starts with no judged digit keep their own order at the end.
 */
export function turnOrder(startDigits: readonly (number | null)[]): number[] {
  const rank = (d: number | null) => (d === null ? 10 : (d + 9) % 10);
  return startDigits.map((d, i) => ({ i, r: rank(d) })).sort((a, b) => a.r - b.r || a.i - b.i).map((x) => x.i);
}

/** The beat at time `t` (seconds) for starts taking turns in `order`, each `steps` steps long. */
export function storyBeat(t: number, order: readonly number[], steps: number, secondsPerStep = SECONDS_PER_STEP, hold = HOLD_SECONDS): StoryBeat | null {
  if (order.length === 0 || !Number.isFinite(t)) return null;
  const turn = Math.max(0, steps) * secondsPerStep + hold;
  const clock = Math.max(0, t);
  const k = Math.floor(clock / turn) % order.length;
  const position = Math.min(steps, (clock - Math.floor(clock / turn) * turn) / secondsPerStep);
  return { start: order[k]!, position, reached: Math.floor(position + 1e-6) };
}
