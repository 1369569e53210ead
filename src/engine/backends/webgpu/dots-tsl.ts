/** The WebGPU dots: instanced sprites with per-instance position and colour (see dots.ts). */
import { InstancedBufferAttribute, PointsNodeMaterial, Sprite, type Node } from 'three/webgpu';
import { float, instancedBufferAttribute, uniform, uv } from 'three/tsl';
import type { DotsFactory } from '../../layers/layer';
import type { FrameInfo } from '../../layers/layer';

export const createTslDots: DotsFactory = (options) => {
  const count = options.positions.length / 3;
  const position = new InstancedBufferAttribute(options.positions, 3);
  const colour = new InstancedBufferAttribute(options.colours, 3);
  const material = new PointsNodeMaterial({ transparent: true, depthWrite: false, sizeAttenuation: true });
  material.positionNode = instancedBufferAttribute(position);
  // @types/three types an instanced attribute node as any vector type; this one is a vec3 colour.
  material.colorNode = instancedBufferAttribute(colour) as unknown as Node<'vec3'>;
  material.sizeNode = uniform(options.size);
  const r2 = uv().sub(0.5).mul(2).lengthSq();
  material.opacityNode = float(options.opacity).mul(float(1).sub(r2).max(0).pow(0.5));
  const sprite = new Sprite(material);
  sprite.count = count;
  sprite.frustumCulled = false;
  return {
    object: sprite,
    update(_frame: FrameInfo) {},
    dispose() {
      material.dispose();
      sprite.geometry.dispose();
    },
  };
};
