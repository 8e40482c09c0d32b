import type { tf } from '../../ml/backend';
import { foldConv, samePadding, type BatchNorm, type TimeConv, type Weight } from './conv-weights';
import { levelLengths, validateConfig, type PhaseNetConfig } from './model';

/**
 * PhaseNet for inference only, layer by layer as buildPhaseNet wires it, with every batch norm
 * folded into the convolution before it and every padding worked out for the model's window:
 * what the fast engines (ONNX export, the tfjs forward pass) run. Transposed convolutions keep
 * their kernel and norm, since each engine writes them its own way (polyphase or not).
 */

/** Batch-norm epsilon of the TensorFlow original, as in buildPhaseNet. */
const BN_EPSILON = 1e-3;

/** A weight by its tfjs name (`down_2_bn/moving_mean`); throws if the model has none. */
export type WeightSource = (name: string) => Weight;

/** Every weight of a tfjs PhaseNet, read from the model as it is now (loaded or trained). */
export function modelWeights(model: tf.LayersModel): WeightSource {
  const byName = new Map(model.weights.map((v) => [v.originalName, v]));
  return (name) => {
    const variable = byName.get(name);
    if (!variable) throw new Error(`the model has no weight ${name}`);
    const tensor = variable.read();
    return { shape: tensor.shape, values: tensor.dataSync() as Float32Array };
  };
}

/** A convolution along time with its norm folded in, its TF 'same' pads and its activation. */
export interface FoldedConv {
  /** The tfjs conv layer's name (`down_2_conv`). */
  name: string;
  conv: TimeConv;
  stride: number;
  pads: { before: number; after: number };
  /** The tfjs ReLU layer's name, or null for the output convolution (softmax follows). */
  relu: string | null;
}

/** A transposed convolution (stride `pool`, TF 'same') and the norm after it, then ReLU. */
export interface FoldedUpsampling {
  name: string;
  /** tfjs conv2dTranspose kernel [k, 1, out, in]. */
  kernel: Weight;
  bn: BatchNorm;
  relu: string;
  stride: number;
  /** Input length; the output is `length * stride` long. */
  length: number;
  outChannels: number;
}

export interface FoldedDecoderLevel {
  level: number;
  upsampling: FoldedUpsampling;
  /** Samples to cut from the upsampled signal (PhaseNet cuts floor(surplus / 2) first). */
  crop: { before: number; length: number } | null;
  conv: FoldedConv;
}

export interface FoldedPhaseNet {
  config: PhaseNetConfig;
  input: FoldedConv;
  /** Per level, shallowest first; `pool` is null at the deepest level. */
  encoder: { conv: FoldedConv; pool: FoldedConv | null }[];
  /** Deepest first, as data flows; each concatenates [skip of its level, upsampled]. */
  decoder: FoldedDecoderLevel[];
  output: FoldedConv;
}

function checkShape(name: string, weight: Weight, shape: number[]): Weight {
  if (weight.shape.join() !== shape.join()) {
    throw new Error(`weight ${name} is [${weight.shape}], the architecture needs [${shape}]`);
  }
  return weight;
}

export function foldPhaseNet(config: PhaseNetConfig, weight: WeightSource): FoldedPhaseNet {
  validateConfig(config);
  const { depth, filters, kernel, pool, channels, classes } = config;
  const lengths = levelLengths(config);
  const get = (name: string, shape: number[]) => checkShape(name, weight(name), shape);
  const batchNorm = (layer: string, width: number): BatchNorm => ({
    gamma: get(`${layer}/gamma`, [width]).values,
    beta: get(`${layer}/beta`, [width]).values,
    mean: get(`${layer}/moving_mean`, [width]).values,
    variance: get(`${layer}/moving_variance`, [width]).values,
    epsilon: BN_EPSILON,
  });
  /** tfjs conv + batch norm + ReLU over a signal of `length` samples. */
  const convBn = (
    name: string,
    bnName: string,
    shape: { length: number; inChannels: number; outChannels: number; stride: number },
    hasBias = false,
  ): FoldedConv => {
    const { length, inChannels, outChannels, stride } = shape;
    const kernelWeight = get(`${name}/kernel`, [kernel, 1, inChannels, outChannels]);
    const bias = hasBias ? get(`${name}/bias`, [outChannels]).values : null;
    const { before, after } = samePadding(length, kernel, stride);
    return {
      name,
      conv: foldConv(kernelWeight, bias, batchNorm(bnName, outChannels)),
      stride,
      pads: { before, after },
      relu: bnName.replace(/bn$/, 'relu'),
    };
  };

  const input = convBn(
    'input_conv',
    'input_bn',
    { length: lengths[0]!, inChannels: channels, outChannels: filters[0]!, stride: 1 },
    true,
  );
  const encoder: FoldedPhaseNet['encoder'] = [];
  let width = filters[0]!;
  for (let i = 0; i < depth; i++) {
    const conv = convBn(`down_${i}_conv`, `down_${i}_bn`, {
      length: lengths[i]!,
      inChannels: width,
      outChannels: filters[i]!,
      stride: 1,
    });
    width = filters[i]!;
    const downsample =
      i < depth - 1
        ? convBn(`down_${i}_pool`, `down_${i}_pool_bn`, {
            length: lengths[i]!,
            inChannels: width,
            outChannels: width,
            stride: pool,
          })
        : null;
    encoder.push({ conv, pool: downsample });
  }
  const decoder: FoldedDecoderLevel[] = [];
  for (let i = depth - 2; i >= 0; i--) {
    const name = `up_${i}_deconv`;
    const outChannels = filters[i]!;
    const upsampling: FoldedUpsampling = {
      name,
      kernel: get(`${name}/kernel`, [kernel, 1, outChannels, width]),
      bn: batchNorm(`up_${i}_deconv_bn`, outChannels),
      relu: `up_${i}_deconv_relu`,
      stride: pool,
      length: lengths[i + 1]!,
      outChannels,
    };
    const surplus = lengths[i + 1]! * pool - lengths[i]!;
    const crop = surplus > 0 ? { before: Math.floor(surplus / 2), length: lengths[i]! } : null;
    const conv = convBn(`up_${i}_conv`, `up_${i}_bn`, {
      length: lengths[i]!,
      inChannels: 2 * outChannels,
      outChannels,
      stride: 1,
    });
    decoder.push({ level: i, upsampling, crop, conv });
    width = outChannels;
  }
  const output: FoldedConv = {
    name: 'output_conv',
    conv: foldConv(
      get('output_conv/kernel', [1, 1, width, classes]),
      get('output_conv/bias', [classes]).values,
      null,
    ),
    stride: 1,
    pads: { before: 0, after: 0 },
    relu: null,
  };
  return { config, input, encoder, decoder, output };
}
