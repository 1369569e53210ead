/**
 * Trails on the WebGPU path: for each pair of consecutive history slots (storage buffers), one
 * instanced line segment per particle from the older to the newer position, fading with age.
 * Slot pairs are fixed per mesh; only their opacities change as the ring turns.
 */
import { AdditiveBlending, BufferGeometry, Float32BufferAttribute, Group, InstancedBufferGeometry, LineBasicNodeMaterial, LineSegments } from 'three/webgpu';
import { float, mix, positionGeometry, select, uniform, varying } from 'three/tsl';
import type { WebGPUTensorBridge } from './bridge-webgpu';
import type { PositionHistory } from '../position-history';
import type { FrameInfo, Layer } from '../../layers/layer';
import { trailAlpha } from '../../layers/palette';
import type { TslColour } from './tsl-particles-common';

export function createTrailsTsl(history: PositionHistory<WebGPUTensorBridge>, colour: TslColour): Layer {
  const group = new Group();
  group.name = 'trails';
  const segment = new BufferGeometry();
  segment.setAttribute('position', new Float32BufferAttribute([0, 0, 0, 1, 0, 0], 3));
  const meshes = history.slots.map((older, i) => {
    const newerSlot = (i + 1) % history.length;
    const a = older.positionNode();
    const b = history.slots[newerSlot]!.positionNode();
    const alphaOlder = uniform(0);
    const alphaNewer = uniform(0);
    const t = positionGeometry.x;
    const material = new LineBasicNodeMaterial({ transparent: true, depthWrite: false, blending: AdditiveBlending });
    material.positionNode = mix(a.xyz, b.xyz, t);
    material.colorNode = varying(colour.colourOf(b.w));
    // A respawn (w < 0 at the newer end) would draw a jump across the map: drop the segment.
    const keep = varying(select(b.w.lessThan(0), float(0), float(1)));
    material.opacityNode = varying(mix(alphaOlder, alphaNewer, t)).mul(keep);
    const geometry = new InstancedBufferGeometry();
    geometry.setAttribute('position', segment.getAttribute('position'));
    geometry.instanceCount = older.count;
    const line = new LineSegments(geometry, material);
    line.frustumCulled = false;
    group.add(line);
    return { line, material, geometry, alphaOlder, alphaNewer, olderSlot: i, newerSlot };
  });
  return {
    object: group,
    update(_frame: FrameInfo) {
      for (const m of meshes) {
        const olderAge = history.age(m.olderSlot);
        const newerAge = history.age(m.newerSlot);
        const valid = Number.isFinite(olderAge) && newerAge === olderAge - 1;
        m.line.visible = valid;
        m.alphaOlder.value = valid ? trailAlpha(olderAge, history.length, history.head.count) : 0;
        m.alphaNewer.value = valid ? trailAlpha(newerAge, history.length, history.head.count) : 0;
      }
    },
    dispose() {
      segment.dispose();
      for (const m of meshes) {
        m.geometry.dispose();
        m.material.dispose();
      }
    },
  };
}
