/**
 * The particle layers as two stable entries of the layer list, 'trails' and 'particles', while
 * what fills them changes: a new particle count or trail length rebuilds the path's particle view
 * (its buffers are sized for both), and the slots take the new view's layers in place.
 */
import * as THREE from 'three';
import type { ParticleView } from './backends/render-path';
import type { FrameInfo, Layer } from './layers/layer';

const SLOT_NAMES = ['trails', 'particles'] as const;

interface Slot extends Layer {
  inner: Layer | undefined;
}

export class ParticleSlots {
  private readonly slots: Slot[];

  constructor(view: ParticleView) {
    this.slots = SLOT_NAMES.map((name) => {
      const group = new THREE.Group();
      group.name = name;
      const slot: Slot = {
        name,
        object: group,
        inner: undefined,
        update: (frame: FrameInfo) => slot.inner?.update(frame),
        // The view owns the inner layers: the engine disposes it.
        dispose: () => undefined,
      };
      return slot;
    });
    this.fill(view);
  }

  /** The two layers to put in the list (trails first, so heads draw over them). */
  get layers(): readonly Layer[] {
    return this.slots;
  }

  /** Shows `view`'s layers (trails, heads) in the slots; the previous view is the caller's to dispose. */
  fill(view: ParticleView): void {
    if (view.layers.length !== this.slots.length) throw new Error(`a particle view has ${view.layers.length} layers, expected trails and heads`);
    this.slots.forEach((slot, i) => {
      if (slot.inner !== undefined) slot.object.remove(slot.inner.object);
      slot.inner = view.layers[i]!;
      slot.object.add(slot.inner.object);
    });
  }
}
