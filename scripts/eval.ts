/** npm run eval [-- --json] [--quick]: measures the shipped models on the held-out digits. */
import { parseArgs } from 'node:util';
import { selectSplit } from '../src/model/dataset';
import { loadMnistPackage } from '../src/model/node/mnist-source';
import { loadShippedModels } from '../src/model/node/shipped';
import { useWasmBackend } from '../src/model/node/wasm-backend';
import { evaluateHeldOut, FULL_EVAL } from '../src/model/report';

const { values: flags } = parseArgs({
  options: { json: { type: 'boolean', default: false }, quick: { type: 'boolean', default: false } },
});

await useWasmBackend();
const { models } = await loadShippedModels();
const source = loadMnistPackage();
const options = flags.quick ? { ...FULL_EVAL, sweepStep: 0.25, sweepStartsPerClass: 20 } : FULL_EVAL;
const report = await evaluateHeldOut(models, selectSplit(source, 'training'), selectSplit(source, 'heldOut'), options, (s) =>
  console.error(`eval: ${s}`),
);

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
  ];
  console.log(lines.join('\n'));
}
