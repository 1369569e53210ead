/**
 * npx tsx scripts/experiments/typical-loops.ts
 * Counting from the page's own starts: each class's three most typical held-out digits (the
 * rollout control's order), 10 grounded steps at u = +1 and -1 on each manifold's shipped seed,
 * judged by the project's judge. Prints loops (every step right) out of 30 and the step accuracy.
 */
import { selectSplit, digitImages } from '../../src/model/dataset';
import { loadMnistPackage } from '../../src/model/node/mnist-source';
import { loadJudge, loadManifold } from '../../src/model/node/shipped';
import { useWasmBackend } from '../../src/model/node/wasm-backend';
import { typicalOrder } from '../../src/engine/rollouts/rollout-control';
import { encodeStarts } from '../../src/model/rollout-start';
import { scoreRollout } from '../../src/model/evaluate';
await useWasmBackend();
const held = selectSplit(loadMnistPackage(), 'heldOut');
const order = typicalOrder({ images: held.images, labels: held.labels });
const rows = order.flatMap((m) => m.slice(0, 3));
const images = digitImages(held.images, rows);
const labels = Int32Array.from(rows.map((r) => held.labels[r]!));
const judge = await loadJudge();
for (const id of ['ssl-contrastive', 'ssl-labels', 'ssl'] as const) {
  const { manifest, models } = await loadManifold(id);
  const out: string[] = [];
  for (const u of [1, -1]) {
    const starts = encodeStarts(models.encoder, images);
    const s = await scoreRollout(models, judge, starts, labels, u, 10, true);
    starts.dispose();
    out.push(`u=${u}: loops ${Math.round(s.loop_rate * rows.length)}/${rows.length} step ${s.step_accuracy.toFixed(3)}`);
  }
  console.log(id, 'seed', manifest.seed, out.join('; '));
}
