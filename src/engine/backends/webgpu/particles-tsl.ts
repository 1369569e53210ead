/**
 * Particle heads on the WebGPU path: one camera-facing soft disc per particle, an instanced
 * sprite whose centre is read from three's storage buffer (filled by the tfjs bridge on the GPU).
 */
import { AdditiveBlending, Sprite, SpriteNodeMaterial } from 'three/webgpu';
import { float, select, uniform, uv, varying } from 'three/tsl';
import type { WebGPUTensorBridge } from './bridge-webgpu';
import type { FrameInfo, Layer } from '../../layers/layer';
import { densityScale } from '../../layers/palette';
import type { TslColour } from './tsl-particles-common';

export function createParticlesTsl(head: WebGPUTensorBridge, colour: TslColour): Layer {
  const p = head.positionNode();
  const size = uniform(0.01);
  const opacity = uniform(0.6 * densityScale(head.count));
  const material = new SpriteNodeMaterial({ transparent: true, depthWrite: false, blending: AdditiveBlending });
  material.positionNode = p.xyz;
  material.scaleNode = size;
  material.colorNode = varying(colour.colourOf(p.w));
  const hidden = varying(select(p.w.lessThan(0), float(1), float(0)));
  const r2 = uv().sub(0.5).mul(2).lengthSq();
  material.opacityNode = opacity.mul(float(1).sub(r2).max(0)).mul(float(1).sub(hidden));
  const sprite = new Sprite(material);
  sprite.count = head.count;
  sprite.frustumCulled = false;
  sprite.name = 'particles';
  return {
    object: sprite,
    update(frame: FrameInfo) {
      size.value = frame.params.particleSize * 2;
    },
    dispose() {
      material.dispose();
      sprite.geometry.dispose();
    },
  };
}
