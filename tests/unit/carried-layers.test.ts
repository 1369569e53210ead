/**
 * A caller's layers across a restart (src/engine/carried-layers.ts): they leave the lost engine's
 * list undisposed and join the new engine's in the same places among its own; the engine's own
 * layers are the new engine's, and one the caller took out stays out.
 */
import * as THREE from 'three';
import { describe, expect, it } from 'vitest';
import { disposeCarried, restoreLayers, takeCallerLayers } from '../../src/engine/carried-layers';
import { LayerList } from '../../src/engine/layer-list';
import type { Layer } from '../../src/engine/layers/layer';

const disposed: string[] = [];

function layer(name: string, tag = name): Layer {
  return { name, object: new THREE.Group(), update: () => undefined, dispose: () => disposed.push(tag) };
}

/** An engine's list as the engine makes it: clusters, labels, particles. */
function engineList(tag: string): { list: LayerList; own: Set<Layer> } {
  const list = new LayerList(new THREE.Group());
  for (const name of ['clusters', 'labels', 'particles']) list.add(layer(name, `${tag}:${name}`));
  return { list, own: new Set(list.list()) };
}

describe('carried layers', () => {
  it('moves the caller\'s layers to the new engine in their places, and keeps out what the caller took out', () => {
    disposed.length = 0;
    const lost = engineList('lost');
    const rings = layer('rings');
    const mine = layer('labels', 'my labels');
    lost.list.add(rings, { before: 'particles' });
    lost.list.remove('labels')?.dispose();
    lost.list.add(mine, { before: 'clusters' });
    lost.list.add(layer('overlay'));

    const plan = takeCallerLayers(lost.list, lost.own);
    expect(lost.list.list().map((l) => l.name)).toEqual(['clusters', 'particles']);
    expect(disposed).toEqual(['lost:labels']);

    const next = engineList('next');
    restoreLayers(next.list, plan);
    expect(next.list.list().map((l) => l.name)).toEqual(['labels', 'clusters', 'rings', 'particles', 'overlay']);
    expect(next.list.get('rings')).toBe(rings);
    expect(next.list.get('labels')).toBe(mine);
    expect(next.list.get('clusters')).toBe([...next.own][0]);
    // The new engine's own labels: the caller had taken the engine's out, so they are disposed.
    expect(disposed).toEqual(['lost:labels', 'next:labels']);
  });

  it('disposes the caller\'s layers when no engine takes them', () => {
    disposed.length = 0;
    const lost = engineList('lost');
    lost.list.add(layer('rings'));
    disposeCarried(takeCallerLayers(lost.list, lost.own));
    expect(disposed).toEqual(['rings']);
  });
});
