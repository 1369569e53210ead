/**
 * A caller's layers across a lost GPU: the layers a sketch added to the flow come with it to the
 * engine that restarts it, in the same drawing order among the engine's own, so a sketch keeps
 * its drawing with no recovery code of its own. The engine's own layers are made again by the new
 * engine; those the caller had taken out stay out. A layer's three.js object is uploaded again by
 * the new renderer, as three does for any object it has not drawn before.
 */
import type { LayerList } from './layer-list';
import type { Layer } from './layers/layer';

/** A lost engine's list, first drawn first: the engine's own layers by name, the caller's as they are. */
export type LayerPlan = readonly (string | Layer)[];

/**
 * Notes `list`'s order and takes the caller's layers off it without disposing them (the lost
 * engine disposes what is left). `own`: the layers the engine made itself.
 */
export function takeCallerLayers(list: LayerList, own: ReadonlySet<Layer>): LayerPlan {
  const plan = list.list().map((layer) => (own.has(layer) && layer.name !== undefined ? layer.name : layer));
  for (const entry of plan) if (typeof entry !== 'string') list.remove(entry);
  return plan;
}

/** Lays `plan` over a new engine's `list`: its own layers the plan names, the caller's between them; its own layers the plan lacks are disposed. */
export function restoreLayers(list: LayerList, plan: LayerPlan): void {
  const fresh = [...list.list()];
  for (const layer of fresh) list.remove(layer);
  for (const entry of plan) {
    const at = typeof entry === 'string' ? fresh.findIndex((layer) => layer.name === entry) : -1;
    if (at >= 0) list.add(fresh.splice(at, 1)[0]!);
    else if (typeof entry !== 'string') list.add(entry);
  }
  for (const left of fresh) left.dispose();
}

/** Disposes the caller's layers of a plan that no engine will take (the flow stopped or was disposed). */
export function disposeCarried(plan: LayerPlan): void {
  for (const entry of plan) if (typeof entry !== 'string') entry.dispose();
}
