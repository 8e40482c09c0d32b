import { tf } from '../../ml/backend';

/**
 * The PhaseNet U-Net (Zhu & Beroza 2019) as a tfjs-layers functional model, layer for layer
 * as in the published TensorFlow 1 graph (checkpoint 190703-214543), so that its weights load
 * unchanged. Every size is configuration: smaller or single-component models use this code too.
 *
 * Data flow for depth D (level i has `filters[i]` channels, lengths shrink by `pool` per level):
 *   input [window, 1, channels]
 *   input_conv (bias) -> input_bn -> relu
 *   level i = 0..D-1:   down_i_conv -> bn -> relu          (kept as the skip of level i)
 *                       down_i_pool (stride `pool`) -> bn -> relu   (all but the deepest)
 *   level i = D-2..0:   up_i_deconv (transposed, stride `pool`) -> bn -> relu
 *                       crop to the skip's length, concatenate [skip, up]
 *                       up_i_conv -> bn -> relu
 *   output_conv 1x1 (bias) -> softmax over the classes [noise, P, S]
 *
 * Convolutions feeding a batch norm have no bias (the norm's beta replaces it), as in the
 * checkpoint. All convolutions use TF 'same' padding; tfjs pads the same way (odd padding
 * goes after), which the parity tests against the TensorFlow output confirm.
 */

export interface PhaseNetConfig {
  /** Number of resolution levels (5 in published PhaseNet). */
  depth: number;
  /** Channels of each level, shallowest first; `depth` entries. */
  filters: number[];
  /** Kernel length along time. */
  kernel: number;
  /** Downsampling/upsampling factor between levels. */
  pool: number;
  /** Input components, e.g. 3 for E, N, Z. */
  channels: number;
  /** Window length in samples. */
  window: number;
  /** Output classes, e.g. 3 for noise, P, S. */
  classes: number;
}

/** Published PhaseNet: 3000-sample windows of 3 components at 100 Hz. */
export const PHASENET_CONFIG: PhaseNetConfig = {
  depth: 5,
  filters: [8, 16, 32, 64, 128],
  kernel: 7,
  pool: 4,
  channels: 3,
  window: 3000,
  classes: 3,
};

/** Batch-norm epsilon of the TensorFlow original (tf.layers default 1e-3). */
const BN_EPSILON = 1e-3;

export function validateConfig(config: PhaseNetConfig): void {
  const positive = (name: string, v: unknown) => {
    if (!Number.isInteger(v) || (v as number) < 1) {
      throw new Error(`PhaseNet config: ${name} must be a positive integer, got ${String(v)}`);
    }
  };
  for (const key of ['depth', 'kernel', 'pool', 'channels', 'window', 'classes'] as const) {
    positive(key, config[key]);
  }
  if (!Array.isArray(config.filters) || config.filters.length !== config.depth) {
    throw new Error(`PhaseNet config: filters must list ${config.depth} widths (one per level)`);
  }
  config.filters.forEach((f, i) => positive(`filters[${i}]`, f));
}

/** Time length at each level: TF 'same' padding with stride `pool` gives ceil(len / pool). */
export function levelLengths(config: PhaseNetConfig): number[] {
  const lengths = [config.window];
  for (let i = 1; i < config.depth; i++) lengths.push(Math.ceil(lengths[i - 1]! / config.pool));
  return lengths;
}

/** Names of the layers that hold weights, grouped for freezing in transfer learning. */
export interface LayerGroup {
  /** `input`, `encoder_0`..`encoder_{D-1}`, `decoder_{D-2}`..`decoder_0`, `output`. */
  name: string;
  layers: string[];
}

export function layerGroups(config: PhaseNetConfig): LayerGroup[] {
  const groups: LayerGroup[] = [{ name: 'input', layers: ['input_conv', 'input_bn'] }];
  for (let i = 0; i < config.depth; i++) {
    const layers = [`down_${i}_conv`, `down_${i}_bn`];
    if (i < config.depth - 1) layers.push(`down_${i}_pool`, `down_${i}_pool_bn`);
    groups.push({ name: `encoder_${i}`, layers });
  }
  for (let i = config.depth - 2; i >= 0; i--) {
    groups.push({
      name: `decoder_${i}`,
      layers: [`up_${i}_deconv`, `up_${i}_deconv_bn`, `up_${i}_conv`, `up_${i}_bn`],
    });
  }
  groups.push({ name: 'output', layers: ['output_conv'] });
  return groups;
}

type Sym = tf.SymbolicTensor;

/** Convolution (or transposed), batch norm, ReLU; no conv bias unless asked (beta is one). */
function convBnRelu(
  x: Sym,
  name: string,
  bnName: string,
  opts: { filters: number; kernel: number; stride: number; transpose?: boolean; bias?: boolean },
): Sym {
  const args = {
    name,
    filters: opts.filters,
    kernelSize: [opts.kernel, 1],
    strides: [opts.stride, 1],
    padding: 'same' as const,
    useBias: opts.bias ?? false,
  };
  const conv = opts.transpose ? tf.layers.conv2dTranspose(args) : tf.layers.conv2d(args);
  const bn = tf.layers.batchNormalization({ name: bnName, axis: -1, epsilon: BN_EPSILON });
  const relu = tf.layers.reLU({ name: bnName.replace(/bn$/, 'relu') });
  return relu.apply(bn.apply(conv.apply(x))) as Sym;
}

export function buildPhaseNet(config: PhaseNetConfig): tf.LayersModel {
  validateConfig(config);
  const { depth, filters, kernel, pool } = config;
  const lengths = levelLengths(config);
  const input = tf.input({ shape: [config.window, 1, config.channels], name: 'waveform' });

  let x = convBnRelu(input, 'input_conv', 'input_bn', {
    filters: filters[0]!,
    kernel,
    stride: 1,
    bias: true,
  });
  const skips: Sym[] = [];
  for (let i = 0; i < depth; i++) {
    x = convBnRelu(x, `down_${i}_conv`, `down_${i}_bn`, {
      filters: filters[i]!,
      kernel,
      stride: 1,
    });
    skips.push(x);
    if (i < depth - 1) {
      x = convBnRelu(x, `down_${i}_pool`, `down_${i}_pool_bn`, {
        filters: filters[i]!,
        kernel,
        stride: pool,
      });
    }
  }
  for (let i = depth - 2; i >= 0; i--) {
    x = convBnRelu(x, `up_${i}_deconv`, `up_${i}_deconv_bn`, {
      filters: filters[i]!,
      kernel,
      stride: pool,
      transpose: true,
    });
    // The transposed convolution gives len * pool samples, at least the skip's length;
    // PhaseNet cuts the surplus starting floor(surplus / 2) samples in.
    const surplus = lengths[i + 1]! * pool - lengths[i]!;
    if (surplus > 0) {
      const before = Math.floor(surplus / 2);
      x = tf.layers
        .cropping2D({
          name: `up_${i}_crop`,
          cropping: [
            [before, surplus - before],
            [0, 0],
          ],
        })
        .apply(x) as Sym;
    }
    x = tf.layers.concatenate({ name: `up_${i}_concat`, axis: -1 }).apply([skips[i]!, x]) as Sym;
    x = convBnRelu(x, `up_${i}_conv`, `up_${i}_bn`, { filters: filters[i]!, kernel, stride: 1 });
  }
  const logits = tf.layers
    .conv2d({ name: 'output_conv', filters: config.classes, kernelSize: [1, 1], padding: 'same' })
    .apply(x) as Sym;
  // Softmax as its own layer, so that training can take the logits.
  const probs = tf.layers.softmax({ name: 'output_softmax', axis: -1 }).apply(logits) as Sym;
  return tf.model({ inputs: input, outputs: probs, name: 'phasenet' });
}
