/**
 * The post chain on the GLSL paths: the scene into a half-float target (additive strokes may sum
 * past 1 there without clipping), UnrealBloomPass when its strength is above zero, then
 * OutputPass, which tone-maps and encodes sRGB once for the whole picture. The chain runs with
 * bloom off too: drawn straight to the canvas, the shader-material layers would skip the tone
 * mapping and clip, and toggling bloom would change every colour.
 */
import * as THREE from 'three';
import { EffectComposer } from 'three/addons/postprocessing/EffectComposer.js';
import { OutputPass } from 'three/addons/postprocessing/OutputPass.js';
import { RenderPass } from 'three/addons/postprocessing/RenderPass.js';
import { UnrealBloomPass } from 'three/addons/postprocessing/UnrealBloomPass.js';
import type { PostChain } from '../post-chain';
import { BLOOM_KNEE, BLOOM_RADIUS, BLOOM_THRESHOLD } from '../bloom-constants';
import { withOutputTransform } from '../output-transform';

export function createBloomWebGL(
  renderer: THREE.WebGLRenderer,
  scene: THREE.Scene,
  camera: THREE.Camera,
  guard: (work: () => void) => void,
): PostChain {
  const size = renderer.getSize(new THREE.Vector2());
  const composer = new EffectComposer(renderer, new THREE.WebGLRenderTarget(size.x, size.y, { type: THREE.HalfFloatType }));
  composer.addPass(new RenderPass(scene, camera));
  const bloomPass = new UnrealBloomPass(size, 1, BLOOM_RADIUS, BLOOM_THRESHOLD);
  bloomPass.materialHighPassFilter.uniforms['smoothWidth']!.value = BLOOM_KNEE;
  composer.addPass(bloomPass);
  composer.addPass(new OutputPass());
  return {
    render(value: number) {
      guard(() => {
        bloomPass.enabled = value > 0;
        bloomPass.strength = value;
        withOutputTransform(renderer, () => composer.render());
      });
    },
    setSize(width: number, height: number) {
      composer.setSize(width, height);
    },
    dispose() {
      bloomPass.dispose();
      composer.dispose();
    },
  };
}
