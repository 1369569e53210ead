/**
 * The last K frames of particle positions, kept on the GPU as K position sinks written in turn
 * (a ring), plus one sink that always holds the newest frame for the particle heads. Each sink
 * is a tensor-to-three bridge (WebGPU storage buffer, WebGL texture) or a CPU upload texture,
 * so trails cost one extra [N, 4] GPU copy per frame whatever K is, and no readback.
 */
import type * as tf from '@tensorflow/tfjs';
import { emptyStats, type BridgeStats } from './bridge-shared';

export interface PositionSink {
  push(tensor: tf.Tensor): void;
  getStats(): BridgeStats;
  dispose(): void;
}

export class PositionHistory<S extends PositionSink> {
  readonly head: S;
  readonly slots: readonly S[];
  private newestSlot = -1;
  private filledSlots = 0;

  constructor(make: () => S, length: number) {
    if (!Number.isInteger(length) || length < 2) throw new RangeError(`trail length must be an integer >= 2, got ${length}`);
    this.head = make();
    this.slots = Array.from({ length }, make);
  }

  get length(): number {
    return this.slots.length;
  }

  /** Slot index holding the newest frame (-1 before the first push). */
  get newest(): number {
    return this.newestSlot;
  }

  /** How many slots hold a frame (up to `length`). */
  get filled(): number {
    return this.filledSlots;
  }

  push(tensor: tf.Tensor): void {
    this.head.push(tensor);
    this.newestSlot = (this.newestSlot + 1) % this.slots.length;
    this.slots[this.newestSlot]!.push(tensor);
    this.filledSlots = Math.min(this.filledSlots + 1, this.slots.length);
  }

  /** Age in frames of slot `i` (0 = newest), or Infinity if it holds nothing yet. */
  age(i: number): number {
    const age = (this.newestSlot - i + this.slots.length) % this.slots.length;
    return age < this.filledSlots ? age : Infinity;
  }

  getStats(): BridgeStats {
    const total = emptyStats();
    for (const sink of [this.head, ...this.slots]) {
      const s = sink.getStats();
      total.pushes += s.pushes;
      total.bytesCopied += s.bytesCopied;
      total.readbackBytes += s.readbackBytes;
      total.uploadBytes += s.uploadBytes;
    }
    return total;
  }

  dispose(): void {
    for (const sink of [this.head, ...this.slots]) sink.dispose();
  }
}
