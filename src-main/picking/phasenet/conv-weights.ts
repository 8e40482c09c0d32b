/**
 * Weight arithmetic for running PhaseNet's convolutions along time (kernels [k, 1, ...] in
 * tfjs) outside tfjs-layers: TF 'same' padding, folding an inference-mode batch norm into the
 * convolution before it, tfjs to ONNX kernel layouts ([out, in, k]), and the polyphase form of
 * a transposed convolution. Sums run in float64 and round once to float32.
 */

/** A float32 weight and its shape, row-major. */
export interface Weight {
  shape: number[];
  values: Float32Array;
}

/** TF 'same' padding along one axis: output ceil(length / stride), odd padding goes after. */
export function samePadding(
  length: number,
  kernel: number,
  stride: number,
): { before: number; after: number; output: number } {
  const output = Math.ceil(length / stride);
  const total = Math.max((output - 1) * stride + kernel - length, 0);
  const before = Math.floor(total / 2);
  return { before, after: total - before, output };
}

/** Batch-norm weights of one layer (tfjs names gamma, beta, moving_mean, moving_variance). */
export interface BatchNorm {
  gamma: Float32Array;
  beta: Float32Array;
  mean: Float32Array;
  variance: Float32Array;
  epsilon: number;
}

/**
 * A convolution along time in ONNX layout: weights [out, in, k] (a ConvTranspose's are
 * [in, out, k], as ONNX orders them) and a bias per output channel.
 */
export interface TimeConv {
  weights: Float32Array;
  bias: Float32Array;
  outChannels: number;
  inChannels: number;
  kernel: number;
}

/**
 * Per-channel scale and shift that a batch norm in inference mode applies:
 * bn(v) = gamma (v - mean) / sqrt(variance + eps) + beta = scale v + shift.
 * Without a norm the identity.
 */
function affine(channels: number, bn: BatchNorm | null): { scale: number[]; shift: number[] } {
  const scale: number[] = [];
  const shift: number[] = [];
  for (let o = 0; o < channels; o++) {
    if (!bn) {
      scale.push(1);
      shift.push(0);
      continue;
    }
    const s = bn.gamma[o]! / Math.sqrt(bn.variance[o]! + bn.epsilon);
    scale.push(s);
    shift.push(bn.beta[o]! - bn.mean[o]! * s);
  }
  return { scale, shift };
}

/**
 * A tfjs conv2d kernel [k, 1, in, out] (with an optional bias and the batch norm after it)
 * as one ONNX Conv: weights [out, in, k, 1] scaled by the norm, bias = scale * b + shift.
 */
export function foldConv(
  kernel: Weight,
  bias: Float32Array | null,
  bn: BatchNorm | null,
): TimeConv {
  const [k, width, inChannels, outChannels] = kernel.shape as [number, number, number, number];
  if (kernel.shape.length !== 4 || width !== 1) {
    throw new Error(`expected a [k, 1, in, out] kernel, got [${kernel.shape}]`);
  }
  const { scale, shift } = affine(outChannels, bn);
  const weights = new Float32Array(outChannels * inChannels * k);
  for (let o = 0; o < outChannels; o++) {
    for (let i = 0; i < inChannels; i++) {
      for (let t = 0; t < k; t++) {
        weights[(o * inChannels + i) * k + t] =
          kernel.values[(t * inChannels + i) * outChannels + o]! * scale[o]!;
      }
    }
  }
  const folded = Float32Array.from(scale, (s, o) => s * (bias?.[o] ?? 0) + shift[o]!);
  return { weights, bias: folded, outChannels, inChannels, kernel: k };
}

/**
 * A tfjs conv2dTranspose kernel [k, 1, out, in] with the batch norm after it, as the weights
 * [in, out, k] and bias of an ONNX ConvTranspose. Its pads (TF 'same' for the stride, output
 * length = input length * stride) are the exporter's.
 */
export function foldConvTranspose(kernel: Weight, bn: BatchNorm | null): TimeConv {
  const [k, width, outChannels, inChannels] = kernel.shape as [number, number, number, number];
  if (kernel.shape.length !== 4 || width !== 1) {
    throw new Error(`expected a [k, 1, out, in] kernel, got [${kernel.shape}]`);
  }
  const { scale, shift } = affine(outChannels, bn);
  const weights = new Float32Array(inChannels * outChannels * k);
  for (let i = 0; i < inChannels; i++) {
    for (let o = 0; o < outChannels; o++) {
      for (let t = 0; t < k; t++) {
        weights[(i * outChannels + o) * k + t] =
          kernel.values[(t * outChannels + o) * inChannels + i]! * scale[o]!;
      }
    }
  }
  return { weights, bias: Float32Array.from(shift), outChannels, inChannels, kernel: k };
}

/** Where a transposed convolution of stride s puts the first tap: TF 'same' of the forward. */
export function transposePadBefore(kernel: number, stride: number): number {
  return Math.floor(Math.max(kernel - stride, 0) / 2);
}

/**
 * The polyphase (sub-pixel) form of a stride-s transposed convolution with TF 'same' padding.
 * The transposed convolution adds x[i] w[j] into y[i s + j - p] (p = transposePadBefore), so
 * output phase r of sample q is
 *   y[q s + r] = sum_m x[q - m] w[r + p + m s]   (taps with 0 <= r + p + m s < k),
 * an ordinary stride-1 convolution of x for each phase. All phases share one Conv with
 * out * s output channels, channel o * s + r holding phase r of channel o, over the union of
 * the phases' taps (zero where a phase has none); interleaving the phases along time gives y.
 * Returns that Conv (the norm folded in) and its padding before and after.
 */
export function polyphaseConv(
  kernel: Weight,
  stride: number,
  bn: BatchNorm | null,
): { conv: TimeConv; padBefore: number; padAfter: number } {
  const [k, width, outChannels, inChannels] = kernel.shape as [number, number, number, number];
  if (kernel.shape.length !== 4 || width !== 1) {
    throw new Error(`expected a [k, 1, out, in] kernel, got [${kernel.shape}]`);
  }
  const p = transposePadBefore(k, stride);
  // m ranges over the taps of every phase: largest for r = 0, smallest for r = s - 1.
  const mMax = Math.floor((k - 1 - p) / stride);
  const mMin = -Math.floor((stride - 1 + p) / stride);
  const taps = mMax - mMin + 1;
  const { scale, shift } = affine(outChannels, bn);
  const phases = outChannels * stride;
  const weights = new Float32Array(phases * inChannels * taps);
  const bias = new Float32Array(phases);
  for (let o = 0; o < outChannels; o++) {
    for (let r = 0; r < stride; r++) {
      const row = o * stride + r;
      bias[row] = shift[o]!;
      for (let t = 0; t < taps; t++) {
        // Conv tap t reads x[q + t - mMax], i.e. m = mMax - t.
        const j = r + p + (mMax - t) * stride;
        if (j < 0 || j >= k) continue;
        for (let i = 0; i < inChannels; i++) {
          weights[(row * inChannels + i) * taps + t] =
            kernel.values[(j * outChannels + o) * inChannels + i]! * scale[o]!;
        }
      }
    }
  }
  return {
    conv: { weights, bias, outChannels: phases, inChannels, kernel: taps },
    padBefore: mMax,
    padAfter: -mMin,
  };
}
