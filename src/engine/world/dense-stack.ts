/**
 * A stack of Dense layers run as fused matMul + bias + activation kernels, one per layer.
 *
 * Why not `model.predict`: the particle loop runs these every frame on up to a million rows, and
 * (1) the dynamics input is [z, u] with one u for every row, so folding u into the first bias
 * removes a [N, 65] concat per frame; (2) holding the weights as plain tensors lets the loop chunk
 * rows freely without going through tfjs-layers' input checks each call.
 */
import * as tf from '@tensorflow/tfjs';

export type DenseActivation = 'relu' | 'linear';

export interface DenseWeights {
  kernel: tf.Tensor2D;
  bias: tf.Tensor1D;
  activation: DenseActivation;
}

/** The Dense layers of `model`, in order; throws on any other layer type or activation. */
export function denseLayers(model: tf.LayersModel): DenseWeights[] {
  return model.layers.map((layer, i) => {
    const config = layer.getConfig() as { activation?: string; useBias?: boolean };
    const activation = config.activation ?? 'linear';
    if (activation !== 'relu' && activation !== 'linear') {
      throw new Error(`${model.name} layer ${i}: activation '${activation}' is not supported by the particle loop`);
    }
    const weights = layer.getWeights();
    if (weights.length !== 2 || weights[0]!.rank !== 2) {
      throw new Error(`${model.name} layer ${i} (${layer.getClassName()}) is not a Dense layer with a bias`);
    }
    return { kernel: weights[0] as tf.Tensor2D, bias: weights[1] as tf.Tensor1D, activation };
  });
}

/** x -> the stack's output, one fused kernel per layer. */
export function runDense(layers: readonly DenseWeights[], x: tf.Tensor2D, firstBias?: tf.Tensor1D): tf.Tensor2D {
  return tf.tidy(() => {
    let h = x;
    layers.forEach((layer, i) => {
      h = tf.fused.matMul({
        a: h,
        b: layer.kernel,
        bias: i === 0 && firstBias !== undefined ? firstBias : layer.bias,
        activation: layer.activation,
      }) as tf.Tensor2D;
    });
    return h;
  });
}

/**
 * The dynamics MLP f([z, u]) with u folded into the first layer's bias:
 * [z, u] W1 + b1 == z W1[:dim] + (b1 + u W1[dim]).
 */
export class DynamicsField {
  readonly dim: number;
  private readonly layers: DenseWeights[];
  private readonly zKernel: tf.Tensor2D;
  private readonly uRow: tf.Tensor1D;

  constructor(model: tf.LayersModel) {
    const layers = denseLayers(model);
    const first = layers[0]!;
    const inputs = first.kernel.shape[0];
    this.dim = inputs - 1;
    const out = layers[layers.length - 1]!.kernel.shape[1];
    if (out !== this.dim) throw new Error(`dynamics maps ${inputs} inputs to ${out}; expected [z, u] (${this.dim} + 1) -> ${this.dim}`);
    this.zKernel = tf.keep(first.kernel.slice([0, 0], [this.dim, -1]));
    // In a tidy: the [1, hidden] slice before the reshape is freed (it leaked one tensor per engine).
    this.uRow = tf.keep(tf.tidy(() => first.kernel.slice([this.dim, 0], [1, -1]).reshape([-1]) as tf.Tensor1D));
    this.layers = [{ ...first, kernel: this.zKernel }, ...layers.slice(1)];
  }

  /** b1 + u W1[dim]: compute once per frame and pass to `velocity` for every chunk. */
  firstBias(u: number): tf.Tensor1D {
    return tf.tidy(() => this.layers[0]!.bias.add(this.uRow.mul(u)));
  }

  /** f(z, u) for rows z, given `firstBias(u)`. */
  velocity(z: tf.Tensor2D, firstBias: tf.Tensor1D): tf.Tensor2D {
    return runDense(this.layers, z, firstBias);
  }

  dispose(): void {
    this.zKernel.dispose();
    this.uRow.dispose();
  }
}
