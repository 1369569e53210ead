/**
 * The running simulation's debug side, apart from the engine's frame work: read-backs (positions,
 * latents), the respawn counters and a fault to exercise the NaN guard. For tests, drills and the
 * console, never per frame; each is safe while frames run (src/engine/particles/read-back.ts).
 */
import type { RenderPath } from './backends/render-path';
import type { ParticleSimulation } from './particles/particle-sim';
import { readPositions, readSnapshot } from './particles/read-back';
import { countingDrift, type ParticleSnapshot } from './world/flow-probe';
import type { World } from './world/world';

export type { ParticleSnapshot };

export class SimProbe {
  /** Respawns and non-finite states since start, as last read back by refreshCounters. */
  counters = { respawned: 0, nonFinite: 0 };

  constructor(
    private readonly sim: ParticleSimulation,
    private readonly path: RenderPath,
    private readonly world: World,
    private readonly disposed: () => boolean,
  ) {}

  /** The particles' packed [N, 4] (x, y, z, w) positions (empty once the engine is disposed). */
  positions(): Promise<Float32Array> {
    return this.disposed() ? Promise.resolve(new Float32Array(0)) : readPositions(this.sim, this.path);
  }

  /** The particles' latents, ages and w channel. */
  snapshot(): Promise<ParticleSnapshot> {
    return readSnapshot(this.sim, this.path);
  }

  /** The mean latent move towards the next digit minus towards the previous one, between two snapshots. */
  drift(before: ParticleSnapshot, after: ParticleSnapshot): { drift: number; used: number } {
    return countingDrift(before, after, this.world.centroids, this.world.dim);
  }

  /** Makes `rows` particle states NaN, to exercise the NaN guard. */
  poison(rows: number): void {
    this.path.runTf(() => this.sim.poison(rows));
  }

  /** Refreshes the respawn counters (two floats read back; call at a low rate, never per frame). */
  async refreshCounters(): Promise<void> {
    if (this.disposed()) return;
    this.counters = await this.sim.readCounters();
  }
}
