/** npm run eval [-- --json] [--quick]: measures the shipped models on the held-out digits. */
import { parseArgs } from 'node:util';
import { selectSplit } from '../src/model/dataset';
import { loadMnistPackage } from '../src/model/node/mnist-source';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { evaluateMap } from '../src/model/map-report';
import { ASSETS_DIR, loadShippedModels } from '../src/model/node/shipped';
import { useWasmBackend } from '../src/model/node/wasm-backend';
import { evaluateHeldOut, FULL_EVAL } from '../src/model/report';

const { values: flags } = parseArgs({
  options: { json: { type: 'boolean', default: false }, quick: { type: 'boolean', default: false } },
});

await useWasmBackend();
const { manifest, models } = await loadShippedModels();
const source = loadMnistPackage();
const sets = { training: selectSplit(source, 'training'), reference: selectSplit(source, 'reference'), heldOut: selectSplit(source, 'heldOut') };
const options = flags.quick ? { ...FULL_EVAL, sweepStep: 0.25, sweepStartsPerClass: 20 } : FULL_EVAL;
const dynamicsReport = await evaluateHeldOut(models, sets.training, sets.heldOut, options, (s) => console.error(`eval: ${s}`));
console.error('eval: map');
const shippedMap = new Float32Array(new Uint8Array(readFileSync(join(ASSETS_DIR, manifest.map.positions))).buffer);
const projection = await evaluateMap(models.encoder, models.projector, manifest.map.umap, sets, shippedMap);
const report = { ...dynamicsReport, projection };

if (flags.json) {
  console.log(JSON.stringify(report));
} else {
  const g = report.rollouts.grounded;
  const ug = report.rollouts.ungrounded;
  const lines = [
    `judge accuracy on held-out real digits  ${report.judge.heldout_accuracy}`,
    `latent 5-NN accuracy                    ${report.knn_accuracy} (raw pixels ${report.pixel_knn_accuracy})`,
    `reconstruction MSE                      ${report.recon_mse}`,
    `grounded   u=+1 step / loop             ${g.forward.step_accuracy} / ${g.forward.loop_rate}`,
    `grounded   u=-1 step / loop             ${g.backward.step_accuracy} / ${g.backward.loop_rate}`,
    `ungrounded u=+1 step / loop             ${ug.forward.step_accuracy} / ${ug.forward.loop_rate}`,
    `ungrounded u=-1 step / loop             ${ug.backward.step_accuracy} / ${ug.backward.loop_rate}`,
    `threshold u (0.5 / 0.9) forward         ${report.u_sweep.forward_crosses['0.5']} / ${report.u_sweep.forward_crosses['0.9']}`,
    `threshold u (0.5 / 0.9) backward        ${report.u_sweep.backward_crosses['0.5']} / ${report.u_sweep.backward_crosses['0.9']}`,
    `u = 0 attractors (ranked)               ${report.attractors_u0.ranked.join(', ')}`,
    `projector 10-NN kept / median error     ${projection.held_out.neighbours_preserved_10} / ${projection.held_out.median_error_share_of_extent} of the map's extent`,
  ];
  console.log(lines.join('\n'));
}
