import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBackend, tf } from '../../../src-main/ml/backend';
import {
  polyphaseConv,
  samePadding,
  type BatchNorm,
} from '../../../src-main/picking/phasenet/conv-weights';
import { maxAbsDiff } from './phasenet-fixtures';

/**
 * The polyphase rewrite of a transposed convolution, run with ordinary tfjs ops: a stride-1
 * convolution with the rewritten weights, phases interleaved along time, must equal
 * tf.conv2dTranspose with 'same' padding (then the batch norm, when one is folded in).
 */

function seeded(n: number, seed: number, scale = 1): Float32Array {
  return tf.tidy(() => tf.randomNormal([n], 0, scale, 'float32', seed).dataSync() as Float32Array);
}

/** y = polyphase(x) in NHWC, from the [out, in, taps] weights the ONNX exporter writes. */
function polyphaseInTfjs(
  x: tf.Tensor4D,
  kernel: { shape: number[]; values: Float32Array },
  stride: number,
  bn: BatchNorm | null,
): tf.Tensor {
  const { conv, padBefore, padAfter } = polyphaseConv(kernel, stride, bn);
  const [n, length] = x.shape;
  const out = conv.outChannels / stride;
  return tf.tidy(() => {
    // [out, in, taps] -> tfjs [taps, 1, in, out].
    const w = tf.tensor3d(conv.weights, [conv.outChannels, conv.inChannels, conv.kernel]);
    const filter = w.transpose([2, 1, 0]).expandDims(1) as tf.Tensor4D;
    const padded = tf.pad(x, [
      [0, 0],
      [padBefore, padAfter],
      [0, 0],
      [0, 0],
    ]);
    const phases = tf.conv2d(padded, filter, 1, 'valid').add(tf.tensor1d(conv.bias));
    // Channel o * stride + r is phase r of channel o: [n, q, o, r] -> [n, q, r, o] -> time q s + r.
    return phases
      .reshape([n, length, out, stride])
      .transpose([0, 1, 3, 2])
      .reshape([n, length * stride, 1, out]);
  });
}

function reference(
  x: tf.Tensor4D,
  kernel: { shape: number[]; values: Float32Array },
  stride: number,
  bn: BatchNorm | null,
): tf.Tensor {
  const out = kernel.shape[2]!;
  const [n, length] = x.shape;
  return tf.tidy(() => {
    const y = tf.conv2dTranspose(
      x,
      tf.tensor4d(kernel.values, kernel.shape as [number, number, number, number]),
      [n, length * stride, 1, out],
      [stride, 1],
      'same',
    );
    if (!bn) return y;
    return tf.batchNorm(
      y,
      tf.tensor1d(bn.mean),
      tf.tensor1d(bn.variance),
      tf.tensor1d(bn.beta),
      tf.tensor1d(bn.gamma),
      bn.epsilon,
    );
  });
}

describe('polyphase transposed convolution', () => {
  beforeAll(async () => {
    await ensureBackend();
  });

  const cases = [
    { k: 7, s: 4, inC: 16, outC: 8, length: 47, note: 'PhaseNet: kernel 7, stride 4' },
    { k: 7, s: 4, inC: 128, outC: 64, length: 12, note: 'PhaseNet deepest level' },
    { k: 3, s: 4, inC: 4, outC: 5, length: 9, note: 'kernel shorter than the stride' },
    { k: 8, s: 2, inC: 3, outC: 6, length: 20, note: 'even kernel' },
    { k: 7, s: 3, inC: 5, outC: 4, length: 11, note: 'stride 3' },
    { k: 5, s: 1, inC: 2, outC: 3, length: 10, note: 'stride 1 (plain convolution)' },
    { k: 7, s: 4, inC: 2, outC: 2, length: 1, note: 'one input sample' },
  ];
  for (const [index, { k, s, inC, outC, length, note }] of cases.entries()) {
    it(`equals tf.conv2dTranspose 'same' (${note})`, () => {
      const seed = 10 * index;
      const kernel = { shape: [k, 1, outC, inC], values: seeded(k * outC * inC, seed + 1, 0.3) };
      const x = tf.tensor4d(seeded(2 * length * inC, seed + 2), [2, length, 1, inC]);
      const bn: BatchNorm = {
        gamma: seeded(outC, seed + 3).map((v) => 1 + 0.2 * v),
        beta: seeded(outC, seed + 4),
        mean: seeded(outC, seed + 5),
        variance: seeded(outC, seed + 6).map((v) => 0.5 + v * v),
        epsilon: 1e-3,
      };
      for (const norm of [null, bn]) {
        const got = polyphaseInTfjs(x, kernel, s, norm);
        const want = reference(x, kernel, s, norm);
        expect(got.shape).toEqual(want.shape);
        const scale = Math.max(...Array.from(want.dataSync(), Math.abs));
        expect(maxAbsDiff(got.dataSync(), want.dataSync())).toBeLessThanOrEqual(1e-6 * scale);
        tf.dispose([got, want]);
      }
      x.dispose();
    });
  }

  it('pads as TF "same": output ceil(n / stride), the odd sample after', () => {
    expect(samePadding(3000, 7, 1)).toEqual({ before: 3, after: 3, output: 3000 });
    expect(samePadding(3000, 7, 4)).toEqual({ before: 1, after: 2, output: 750 });
    expect(samePadding(750, 7, 4)).toEqual({ before: 2, after: 3, output: 188 });
    expect(samePadding(47, 7, 4)).toEqual({ before: 2, after: 2, output: 12 });
    expect(samePadding(10, 2, 4)).toEqual({ before: 0, after: 0, output: 3 });
  });
});
