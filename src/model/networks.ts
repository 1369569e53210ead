import * as tf from '@tensorflow/tfjs';
import { IMAGE_SIZE } from './dataset';

export const LATENT_DIM = 64;
export const HIDDEN_DIM = 256;

/** Conv widths of the grounding autoencoder; the decoder mirrors the encoder. */
export interface AutoencoderArch {
  channels: readonly [number, number];
  kernel: number;
  latentDim: number;
}

export const DEFAULT_AUTOENCODER: AutoencoderArch = { channels: [32, 64], kernel: 3, latentDim: LATENT_DIM };

type Initializer = ReturnType<typeof tf.initializers.glorotUniform>;

/** Seeded initialisers: two trainings with one seed start from the same weights. */
function init(seed: number, layer: number): Initializer {
  return tf.initializers.glorotUniform({ seed: seed * 101 + layer });
}

/**
 * How the dynamics MLP's dense layers start. `glorot` is Keras's default (zero biases);
 * `torch` is PyTorch's nn.Linear default, kaiming-uniform with a = sqrt(5), i.e. weights and
 * biases uniform in +-1/sqrt(fan_in): the initialiser of the seed's own PyTorch model.
 */
export type DenseInit = 'glorot' | 'torch';

function denseInit(kind: DenseInit, seed: number, layer: number, fanIn: number): { kernelInitializer: Initializer; biasInitializer?: Initializer } {
  if (kind === 'glorot') return { kernelInitializer: init(seed, layer) };
  const limit = 1 / Math.sqrt(fanIn);
  return {
    kernelInitializer: tf.initializers.randomUniform({ minval: -limit, maxval: limit, seed: seed * 101 + layer }),
    biasInitializer: tf.initializers.randomUniform({ minval: -limit, maxval: limit, seed: seed * 101 + layer + 50 }),
  };
}

/** 28x28x1 -> latent: two stride-2 convs then a linear map to the latent. */
export function buildEncoder(arch: AutoencoderArch, seed: number): tf.LayersModel {
  const [c1, c2] = arch.channels;
  return tf.sequential({
    name: 'encoder',
    layers: [
      tf.layers.conv2d({ inputShape: [IMAGE_SIZE, IMAGE_SIZE, 1], filters: c1, kernelSize: arch.kernel, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(seed, 1) }),
      tf.layers.conv2d({ filters: c2, kernelSize: arch.kernel, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(seed, 2) }),
      tf.layers.flatten(),
      tf.layers.dense({ units: arch.latentDim, kernelInitializer: init(seed, 3) }),
    ],
  });
}

/** latent -> 28x28x1 in [0, 1]: the encoder mirrored with transposed convs. */
export function buildDecoder(arch: AutoencoderArch, seed: number): tf.LayersModel {
  const [c1, c2] = arch.channels;
  const side = IMAGE_SIZE / 4;
  return tf.sequential({
    name: 'decoder',
    layers: [
      tf.layers.dense({ inputShape: [arch.latentDim], units: side * side * c2, activation: 'relu', kernelInitializer: init(seed, 4) }),
      tf.layers.reshape({ targetShape: [side, side, c2] }),
      tf.layers.conv2dTranspose({ filters: c1, kernelSize: arch.kernel, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(seed, 5) }),
      tf.layers.conv2dTranspose({ filters: 1, kernelSize: arch.kernel, strides: 2, padding: 'same', activation: 'sigmoid', kernelInitializer: init(seed, 6) }),
    ],
  });
}

/**
 * The seed's dynamics MLP exactly: Linear(65, 256), ReLU, Linear(256, 256), ReLU, Linear(256, 64).
 * Its output is a residual velocity: the next state is z + f([z, u]).
 */
export function buildDynamics(seed: number, latentDim = LATENT_DIM, initKind: DenseInit = 'glorot'): tf.LayersModel {
  return tf.sequential({
    name: 'dynamics',
    layers: [
      tf.layers.dense({ inputShape: [latentDim + 1], units: HIDDEN_DIM, activation: 'relu', ...denseInit(initKind, seed, 7, latentDim + 1) }),
      tf.layers.dense({ units: HIDDEN_DIM, activation: 'relu', ...denseInit(initKind, seed, 8, HIDDEN_DIM) }),
      tf.layers.dense({ units: latentDim, ...denseInit(initKind, seed, 9, HIDDEN_DIM) }),
    ],
  });
}

/**
 * SimCLR's projection head: latent -> hidden (ReLU) -> out. A contrastive term acts on its output
 * so the latent itself keeps what the decoder and the dynamics need (the head is not shipped).
 */
export function buildProjectionHead(latentDim: number, hidden: number, out: number, seed: number): tf.LayersModel {
  return tf.sequential({
    name: 'projection_head',
    layers: [
      tf.layers.dense({ inputShape: [latentDim], units: hidden, activation: 'relu', kernelInitializer: init(seed, 16) }),
      tf.layers.dense({ units: out, kernelInitializer: init(seed, 17) }),
    ],
  });
}

/**
 * The judge: a small CNN that reads a 28x28 image as a digit. It is trained only on real
 * reference digits, never on decoder outputs, so it cannot learn to flatter the models it judges.
 */
export function buildJudge(seed: number): tf.LayersModel {
  return tf.sequential({
    name: 'judge',
    layers: [
      tf.layers.conv2d({ inputShape: [IMAGE_SIZE, IMAGE_SIZE, 1], filters: 32, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(seed, 11) }),
      tf.layers.conv2d({ filters: 64, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init(seed, 12) }),
      tf.layers.flatten(),
      tf.layers.dropout({ rate: 0.3, seed: seed + 13 }),
      tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: init(seed, 14) }),
      // Logits: training applies softmax cross-entropy, judging takes the argmax.
      tf.layers.dense({ units: 10, kernelInitializer: init(seed, 15) }),
    ],
  });
}
