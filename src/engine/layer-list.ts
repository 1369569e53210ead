/**
 * The engine's layers in drawing order, a list the caller may change: add its own (a custom
 * visualizer), remove or reorder the engine's. Each layer's object lives in the engine's group.
 */
import type * as THREE from 'three';
import type { FrameInfo, Layer, PickHit } from './layers/layer';

export class LayerList {
  private readonly items: Layer[] = [];

  constructor(private readonly group: THREE.Group) {}

  /** The layers, first drawn first. */
  list(): readonly Layer[] {
    return [...this.items];
  }

  get(name: string): Layer | undefined {
    return this.items.find((layer) => layer.name === name);
  }

  /** Adds `layer` at the end, or before the layer named `before`. A layer named like one already here replaces nothing: it is an error. */
  add(layer: Layer, options: { before?: string } = {}): void {
    if (layer.name !== undefined && this.get(layer.name) !== undefined) throw new Error(`a layer named "${layer.name}" is already in the list`);
    const at = options.before === undefined ? -1 : this.items.findIndex((l) => l.name === options.before);
    if (at < 0) this.items.push(layer);
    else this.items.splice(at, 0, layer);
    this.group.add(layer.object);
  }

  /** Takes a layer out of the scene (by name or object) without disposing it; returns it. */
  remove(which: string | Layer): Layer | undefined {
    const i = this.items.findIndex((l) => l === which || (typeof which === 'string' && l.name === which));
    if (i < 0) return undefined;
    const [layer] = this.items.splice(i, 1);
    this.group.remove(layer!.object);
    return layer;
  }

  update(frame: FrameInfo): void {
    for (const layer of this.items) layer.update(frame);
  }

  resize(width: number, height: number): void {
    for (const layer of this.items) layer.resize?.(width, height);
  }

  /** The nearest hit of any layer that picks. */
  pick(x: number, y: number, camera: THREE.Camera, width: number, height: number): PickHit | null {
    let best: PickHit | null = null;
    for (const layer of this.items) {
      if (!layer.object.visible) continue;
      const hit = layer.pick?.(x, y, camera, width, height) ?? null;
      if (hit !== null && (best === null || hit.distance < best.distance)) best = hit;
    }
    return best;
  }

  /** Disposes every layer still in the list. */
  dispose(): void {
    for (const layer of this.items.splice(0)) {
      this.group.remove(layer.object);
      layer.dispose();
    }
  }
}
