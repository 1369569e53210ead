/** The WebGPU path: one GPUDevice shared by tfjs and three's WebGPURenderer (see src/engine/gpu-stack.ts). */
import type * as THREE from 'three';
import type { WebGPURenderer } from 'three/webgpu';
import { createWebGPUStack } from './device-webgpu';
import { WebGPUTensorBridge } from './bridge-webgpu';
import { PositionHistory } from '../position-history';
import { createTslDots } from './dots-tsl';
import { createBloomWebGPU } from './bloom-webgpu';
import { createParticlesTsl } from './particles-tsl';
import { createTrailsTsl } from './trails-tsl';
import { createTslColour } from './tsl-particles-common';
import { FusedParticleSim } from './fused-particle-sim';
import { ParticleSim } from '../../particles/particle-sim';
import { assembleParticleView, type ParticleView, type RenderPath } from '../render-path';

/** `renderer`: a sketch's own (tfjs then shares its device); otherwise one is made on `canvas`. */
export async function createWebGPUPath(canvas: HTMLCanvasElement, renderer?: WebGPURenderer): Promise<RenderPath> {
  const stack = await createWebGPUStack(canvas, { renderer });
  const info = stack.adapterInfo;
  return {
    name: 'webgpu',
    canvas,
    renderer: stack.renderer,
    device: [info.vendor, info.architecture, info.description].filter((s) => s).join(' ') || 'WebGPU adapter',
    software: stack.isFallbackAdapter,
    maxBindingBytes: stack.device.limits.maxStorageBufferBindingSize,
    defaultParticles: stack.isFallbackAdapter ? 256 : 100_000,
    lost: stack.lost.then((loss) => `WebGPU device lost (${loss.reason}): ${loss.message}`),
    onError: (listener) => stack.onError(listener),
    provokeLoss: () => stack.provokeLoss(),
    runTf: (work) => work(),
    // The fused kernel by default: on this machine's software adapter it ran the field step 3x
    // faster than tfjs ops at 2,048 particles (tests/browser/fused-field.test.ts logs the figures).
    // A model the kernel cannot take (a layer wider than 256 units, a latent too wide for the
    // workgroup memory) runs on tfjs ops unless the fused kernel was asked for: stats().field says which.
    createSim: (world, options, field) => {
      const ops = () => new ParticleSim(world.field, world.projector, world.manifold, options, world.referenceSpeed);
      if (field === 'tfjs') return ops();
      try {
        return FusedParticleSim.create(stack.device, world, options);
      } catch (e) {
        if (field === 'fused') throw e;
        return ops();
      }
    },
    createParticleView(count: number, trail: number): ParticleView {
      const history = new PositionHistory(() => new WebGPUTensorBridge(stack, count), trail);
      const colour = createTslColour();
      const particles = createParticlesTsl(history.head, colour);
      const layers = [createTrailsTsl(history, colour), particles];
      return assembleParticleView(count, trail, layers, history, (on) => (colour.speedMode.value = on ? 1 : 0));
    },
    createPost: (scene: THREE.Scene, camera: THREE.Camera) => createBloomWebGPU(stack.renderer, scene, camera),
    dots: createTslDots,
    gpuDone: () => stack.device.queue.onSubmittedWorkDone(),
    dispose: () => stack.dispose(),
  };
}
