/**
 * Chooses the steering policy (src/model/steer.ts) on VALIDATION digits: reach and hold figures of
 * the controller for several hold and drive values, beside plain u = 0 from the same arrivals.
 * Held-out digits are never used here; `npm run eval` reports the chosen policy on them once.
 *   npx tsx scripts/experiments/steer-hold.ts [--manifold ssl-labels] [--holds -0.5,-0.25,0,0.25,0.5] [--drives 1,0.95]
 */
import { parseArgs } from 'node:util';
import { evaluateControl } from '../../src/model/control-report';
import { selectSplit } from '../../src/model/dataset';
import { loadMnistPackage } from '../../src/model/node/mnist-source';
import { loadJudge, loadManifold } from '../../src/model/node/shipped';
import { useWasmBackend } from '../../src/model/node/wasm-backend';
import type { ManifoldId } from '../../src/model/recipes';

const { values: v } = parseArgs({
  options: {
    manifold: { type: 'string', default: 'ssl-labels' },
    holds: { type: 'string', default: '-0.5,-0.25,0,0.25,0.5' },
    drives: { type: 'string', default: '1' },
    lookahead: { type: 'string', default: '' },
  },
});
await useWasmBackend();
const { models } = await loadManifold(v.manifold as ManifoldId);
const judge = await loadJudge();
const validation = selectSplit(loadMnistPackage(), 'validation');
for (const drive of v.drives!.split(',').map(Number)) {
  for (const hold of v.holds!.split(',').map(Number)) {
    const t = performance.now();
    const r = await evaluateControl(models, judge, validation, { drive, hold, lookahead: v.lookahead ? v.lookahead.split(',').map(Number) : [] });
    const steps = Object.entries(r.by_distance).map(([d, x]) => `${d}:${x.mean_steps}`).join(' ');
    console.log(`${v.manifold} drive ${drive} hold ${hold} lookahead [${v.lookahead}]: reach ${r.reach_rate} steps ${steps} | hold steered ${r.hold.steered} u0 ${r.hold.plain_u0} (${r.hold.starts} arrivals)\n  by target: steered ${r.hold.steered_by_target.join(' ')}\n             u0      ${r.hold.plain_u0_by_target.join(' ')} ${((performance.now() - t) / 1000).toFixed(0)} s`);
  }
}
