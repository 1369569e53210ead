import * as tf from '@tensorflow/tfjs';
import { chooseBackend } from './gpu/tfjs-backend';
import { loadBundle, type ModelBundle } from './model/bundle';
import { PIXELS } from './model/dataset';
import { judgeDigits } from './model/evaluate';
import { encode, rollout } from './model/rollout';
import { RolloutStrip } from './ui/rollout-strip';

const STEPS = 12;

interface PageState {
  u: number;
  startDigit: number;
  instance: number;
}

const status = document.getElementById('status')!;
const app = document.getElementById('app')!;

function showError(message: string): void {
  status.textContent = message;
  status.classList.add('error');
  document.documentElement.dataset.error = '1';
}

function slider(label: string, min: number, max: number, step: number, value: number, onInput: (v: number) => void): HTMLLabelElement {
  const wrap = document.createElement('label');
  const input = Object.assign(document.createElement('input'), { type: 'range', min, max, step, value });
  const out = document.createElement('output');
  out.value = String(value);
  input.addEventListener('input', () => {
    out.value = input.value;
    onInput(Number(input.value));
  });
  input.setAttribute('aria-label', label);
  wrap.append(label, input, out);
  return wrap;
}

async function computeStrip(bundle: ModelBundle, state: PageState): Promise<{ images: Float32Array[]; labels: (number | null)[] }> {
  const positions = [...bundle.heldOut.labels.keys()].filter((i) => bundle.heldOut.labels[i] === state.startDigit);
  const pick = positions[state.instance % positions.length]!;
  const start = bundle.heldOut.images.slice(pick * PIXELS, (pick + 1) * PIXELS);
  const z0 = tf.tidy(() => encode(bundle.models.encoder, tf.tensor2d(start, [1, PIXELS])));
  const result = await rollout(bundle.models, z0, () => state.u, { steps: STEPS, grounded: true });
  z0.dispose();
  const images = [start, ...result.images];
  const judge = bundle.models.judge;
  const labels: (number | null)[] = judge
    ? [...(await judgeDigits(judge, concat(images)))]
    : images.map(() => null);
  return { images, labels };
}

function concat(images: Float32Array[]): Float32Array {
  const out = new Float32Array(images.length * PIXELS);
  images.forEach((img, i) => out.set(img, i * PIXELS));
  return out;
}

async function main(): Promise<void> {
  const backend = await chooseBackend(['webgl', 'wasm', 'cpu']);
  const bundle = await loadBundle(import.meta.env.BASE_URL.replace(/\/$/, ''));
  const state: PageState = { u: 1, startDigit: 1, instance: 0 };
  const strip = new RolloutStrip();
  const sequence = document.createElement('p');
  sequence.className = 'sequence';
  const controls = document.createElement('div');
  controls.className = 'controls';

  let latest: (number | null)[] = [];
  let pending = Promise.resolve();
  const refresh = () => {
    pending = pending.then(async () => {
      const { images, labels } = await computeStrip(bundle, state);
      latest = labels;
      strip.draw(images.map((image, i) => ({ image, label: labels[i] ?? null, caption: i === 0 ? `start ${labels[0] ?? ''}` : undefined })));
      sequence.textContent = labels.every((l) => l !== null) ? labels.join(' \u2192 ') : '';
      document.documentElement.dataset.ready = '1';
    }).catch((e: unknown) => showError(`rollout failed: ${(e as Error).message}`));
    return pending;
  };

  controls.append(
    slider('u', -1, 1, 0.01, state.u, (v) => { state.u = v; void refresh(); }),
    slider('start digit', 0, 9, 1, state.startDigit, (v) => { state.startDigit = v; void refresh(); }),
    slider('instance', 0, 99, 1, state.instance, (v) => { state.instance = v; void refresh(); }),
  );
  app.append(controls, strip.canvas, sequence);
  const skipped = backend.skipped.length ? ` (skipped ${backend.skipped.join('; ')})` : '';
  status.textContent = `grounded rollout z \u2190 E(D(z + f(z, u))) on tfjs ${backend.name}${skipped}; models trained ${bundle.manifest.created.slice(0, 10)}`;

  // Test surface: the end-to-end test drives the page through this, never through internals.
  Object.assign(window, {
    latentflow: {
      backend: () => backend.name,
      setU: (u: number) => { state.u = u; return refresh(); },
      setStart: (digit: number, instance = 0) => { state.startDigit = digit; state.instance = instance; return refresh(); },
      rollout: () => latest,
    },
  });
  await refresh();
}

main().catch((e: unknown) => showError(`latentflow could not start: ${(e as Error).message}`));
