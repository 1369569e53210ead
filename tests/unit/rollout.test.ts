import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildDecoder, buildDynamics, buildEncoder } from '../../src/model/networks';
import { dynamicsStep, rollout, type LatentModels } from '../../src/model/rollout';

const dim = 8;
let models: LatentModels;

beforeAll(async () => {
  await tf.setBackend('cpu');
  const arch = { channels: [4, 8] as const, kernel: 3, latentDim: dim };
  models = { encoder: buildEncoder(arch, 1), decoder: buildDecoder(arch, 1), dynamics: buildDynamics(1, dim) };
});

const starts = () => tf.tensor2d(Array.from({ length: 3 * dim }, (_, i) => Math.sin(i)), [3, dim]);

describe('dynamics and rollouts', () => {
  it('the dynamics MLP is Linear(65,256), ReLU, Linear(256,256), ReLU, Linear(256,64)', () => {
    const f = buildDynamics(1);
    expect(f.inputs[0]!.shape).toEqual([null, 65]);
    expect(f.outputs[0]!.shape).toEqual([null, 64]);
    const dense = f.layers.map((l) => l.getConfig() as { units: number; activation: string });
    expect(dense.map((d) => d.units)).toEqual([256, 256, 64]);
    expect(dense.map((d) => d.activation)).toEqual(['relu', 'relu', 'linear']);
    expect(f.countParams()).toBe(65 * 256 + 256 + 256 * 256 + 256 + 256 * 64 + 64);
  });

  it('a step adds the residual velocity: z + f([z, u])', () => {
    const z = starts();
    const next = dynamicsStep(models.dynamics, z, 0.7);
    const f = models.dynamics.predict(tf.concat([z, tf.fill([3, 1], 0.7)], 1)) as tf.Tensor;
    expect(next.arraySync()).toEqual(z.add(f).arraySync());
  });

  it('takes one u per start when given an array', () => {
    const z = starts();
    const mixed = dynamicsStep(models.dynamics, z, Float32Array.from([1, -1, 0])).arraySync();
    const plus = dynamicsStep(models.dynamics, z, 1).arraySync();
    const minus = dynamicsStep(models.dynamics, z, -1).arraySync();
    expect(mixed[0]).toEqual(plus[0]);
    expect(mixed[1]).toEqual(minus[1]);
  });

  it('ungrounded rollout iterates z <- z + f(z, u) and decodes each state', async () => {
    const z0 = starts();
    const r = await rollout(models, z0, () => 1, { steps: 3, grounded: false });
    let z = z0;
    for (let k = 0; k < 3; k++) {
      z = dynamicsStep(models.dynamics, z, 1);
      const want = z.dataSync();
      r.latents[k]!.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
      const img = (models.decoder.predict(z) as tf.Tensor).dataSync();
      r.images[k]!.forEach((v, i) => expect(v).toBeCloseTo(img[i]!, 5));
    }
  });

  it('grounded rollout iterates z <- E(D(z + f(z, u)))', async () => {
    const z0 = starts();
    const r = await rollout(models, z0, () => -1, { steps: 3, grounded: true });
    let z = z0 as tf.Tensor2D;
    for (let k = 0; k < 3; k++) {
      const moved = dynamicsStep(models.dynamics, z, -1);
      z = models.encoder.predict(models.decoder.predict(moved)) as tf.Tensor2D;
      const want = z.dataSync();
      r.latents[k]!.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 4));
    }
  });

  it('lets u change from step to step', async () => {
    const z0 = starts();
    const schedule = (k: number) => (k === 0 ? 1 : -1);
    const r = await rollout(models, z0, schedule, { steps: 2, grounded: false });
    const want = dynamicsStep(models.dynamics, dynamicsStep(models.dynamics, z0, 1), -1).dataSync();
    r.latents[1]!.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 5));
  });

  it('leaves no tensor behind', async () => {
    const z0 = starts();
    const before = tf.memory().numTensors;
    await rollout(models, z0, () => 1, { steps: 4, grounded: true });
    expect(tf.memory().numTensors).toBe(before);
  });
});
