/**
 * The post chain on the WebGPU path: three's BloomNode over the scene pass (TSL post-processing),
 * whose RenderPipeline tone-maps and encodes sRGB once at its output (`outputColorTransform`).
 * With strength 0 the scene is drawn straight to the canvas, skipping the extra passes: the
 * renderer then draws into its own half-float target and applies the same output transform, so
 * both ways give the same colours.
 */
import type * as THREE from 'three';
import { RenderPipeline, type WebGPURenderer } from 'three/webgpu';
import { pass, uniform } from 'three/tsl';
import { bloom } from 'three/addons/tsl/display/BloomNode.js';
import type { PostChain } from '../post-chain';
import { BLOOM_KNEE, BLOOM_RADIUS, BLOOM_THRESHOLD } from '../bloom-constants';
import { withOutputTransform } from '../output-transform';

export function createBloomWebGPU(renderer: WebGPURenderer, scene: THREE.Scene, camera: THREE.Camera): PostChain {
  const scenePass = pass(scene, camera);
  const colour = scenePass.getTextureNode('output');
  const strength = uniform(1);
  const glow = bloom(colour, 1, BLOOM_RADIUS, BLOOM_THRESHOLD);
  glow.strength = strength;
  glow.smoothWidth.value = BLOOM_KNEE;
  const pipeline = new RenderPipeline(renderer, colour.add(glow));
  return {
    render(value: number) {
      withOutputTransform(renderer, () => {
        if (value <= 0) {
          renderer.render(scene, camera);
          return;
        }
        strength.value = value;
        pipeline.render();
      });
    },
    setSize() {
      // The pass nodes follow the renderer's drawing-buffer size on their own.
    },
    dispose() {
      glow.dispose();
      scenePass.dispose();
      pipeline.dispose();
    },
  };
}
