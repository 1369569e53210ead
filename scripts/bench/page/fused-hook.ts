/**
 * The fused field step where a path has one (WebGPU: src/engine/backends/webgpu/fused-particle-sim.ts on the WGSL
 * kernel of src/engine/backends/webgpu/fused-field.ts), built through the path's own `createSim`, exactly as the app
 * builds it. Same work as the tfjs ParticleSim (f, Euler, projection, the respawn check every 4th
 * frame), so the two are timed side by side on the same device, weights and particle count.
 */
import type { RenderPath } from '../../../src/engine/backends/render-path';
import type { ParticleSimulation, SimOptions } from '../../../src/engine/particles/particle-sim';
import type { World } from '../../../src/engine/world/world';

export type FusedLoad = { create(n: number): ParticleSimulation } | { unavailable: string };

export function loadFused(path: RenderPath, world: World, options: Omit<SimOptions, 'count'>): FusedLoad {
  const createSim = path.createSim;
  if (createSim === undefined) return { unavailable: `the ${path.name} path has only the tfjs field step` };
  const create = (n: number) => path.runTf(() => createSim(world, { ...options, count: n }, 'fused'));
  // A path may ignore the request (WebGL, wasm): then there is nothing fused to measure.
  const probe = create(64);
  const kind = probe.fieldPath;
  path.runTf(() => probe.dispose());
  if (kind !== 'fused') return { unavailable: `the ${path.name} path has only the tfjs field step` };
  return { create };
}
