/**
 * What a LatentFlow tells its caller as it happens (`flow.on(event, listener)`): the engine's
 * outputs besides stats(). Listeners run synchronously, in the order they were added.
 */
import type { PathName } from '../spec/spec';
import type { RolloutSet } from './rollouts/rollout-runner';

export interface FlowEvents {
  /** The live particle count changed: a new `particles` was asked for, or the adaptive budget moved it. */
  particles: number;
  /** A rollout set is on show (the params' own, or one from rollouts.start). */
  rollouts: RolloutSet;
  /** A GPU error, as it happened (the engine goes on). */
  error: string;
  /** The GPU went away. `next`: the path the engine restarts on; null when it will not restart. */
  lost: { message: string; next: PathName | null };
  /**
   * The engine started again after a loss, on `backend`, drawing on `canvas` (a fresh one in the
   * lost one's place in the page). The layers you added are in its list already, in their places
   * among the engine's own (made anew), and those of its own you took out stay out.
   */
  restarted: { backend: PathName; canvas: HTMLCanvasElement };
  /** The first frame after a restart was drawn: ms from the loss, and from the new device being had. */
  recovered: { from: PathName; to: PathName; ms: number; afterDevice: number };
  /** No path would start again after a loss: the engine draws nothing more. */
  stopped: { reason: string };
}

export type FlowEvent = keyof FlowEvents;
export type Listener<K extends FlowEvent> = (value: FlowEvents[K]) => void;

export class Emitter {
  private readonly listeners: { [K in FlowEvent]?: Set<Listener<K>> } = {};

  on<K extends FlowEvent>(event: K, listener: Listener<K>): () => void {
    const set: Set<Listener<K>> = this.listeners[event] ?? new Set<Listener<K>>();
    (this.listeners as Record<K, Set<Listener<K>>>)[event] = set;
    set.add(listener);
    return () => {
      set.delete(listener);
    };
  }

  emit<K extends FlowEvent>(event: K, value: FlowEvents[K]): void {
    const set: Set<Listener<K>> | undefined = this.listeners[event];
    // A copy: a listener may remove itself (or another) while the event is told.
    if (set !== undefined) for (const listener of [...set]) listener(value);
  }

  clear(): void {
    for (const key of Object.keys(this.listeners) as FlowEvent[]) delete this.listeners[key];
  }
}
