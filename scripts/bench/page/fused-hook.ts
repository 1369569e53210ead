/**
 * The fused WGSL field kernel (src/gpu/fused-field.ts: f, Euler and projection in one dispatch),
 * measured beside the tfjs field step when the module is in the tree. import.meta.glob makes the
 * import optional: without the file the bench still builds and says why the figure is missing.
 *
 * THE HOOK: `adapt` below is the one place that knows the module's API; it turns whatever the
 * module exports into a FusedStepper (n particles, one `step(u, dt)` = one issued field step).
 */
import type { RenderPath } from '../../../src/app/paths/render-path';
import type { World } from '../../../src/sim/world';

export interface FusedStepper {
  readonly count: number;
  /** Issues one fused field step for every particle (the caller synchronises and times it). */
  step(u: number, dt: number): void;
  dispose(): void;
}

export type FusedLoad = { create(n: number): FusedStepper } | { unavailable: string };

const MODULE = '../../../src/gpu/fused-field.ts';
const modules = import.meta.glob('../../../src/gpu/fused-field.ts');

export async function loadFused(path: RenderPath, world: World): Promise<FusedLoad> {
  const load = modules[MODULE];
  if (load === undefined) return { unavailable: 'src/gpu/fused-field.ts is not in this tree yet' };
  let module: Record<string, unknown>;
  try {
    module = (await load()) as Record<string, unknown>;
  } catch (e) {
    return { unavailable: `src/gpu/fused-field.ts failed to load: ${(e as Error).message}` };
  }
  return adapt(module, path, world);
}

function adapt(module: Record<string, unknown>, _path: RenderPath, _world: World): FusedLoad {
  return {
    unavailable: `src/gpu/fused-field.ts exports [${Object.keys(module).join(', ')}], which scripts/bench/page/fused-hook.ts adapt() does not drive yet`,
  };
}
