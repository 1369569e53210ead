/**
 * Bloom on the GLSL paths: UnrealBloomPass in an EffectComposer. With strength 0 the scene is
 * drawn straight to the canvas, skipping the blur passes entirely.
 */
import * as THREE from 'three';
import { EffectComposer } from 'three/addons/postprocessing/EffectComposer.js';
import { OutputPass } from 'three/addons/postprocessing/OutputPass.js';
import { RenderPass } from 'three/addons/postprocessing/RenderPass.js';
import { UnrealBloomPass } from 'three/addons/postprocessing/UnrealBloomPass.js';
import type { PostChain } from '../post-chain';
import { BLOOM_RADIUS, BLOOM_THRESHOLD } from '../bloom-constants';

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
  composer.addPass(bloomPass);
  composer.addPass(new OutputPass());
  return {
    render(value: number) {
      guard(() => {
        if (value <= 0) {
          renderer.render(scene, camera);
          return;
        }
        bloomPass.strength = value;
        composer.render();
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
