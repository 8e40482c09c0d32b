import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tf } from '../../../src-main/ml/backend';
import { buildPhaseNet, type PhaseNetConfig } from '../../../src-main/picking/phasenet/model';
import { ensureTrainingBackend } from '../../../src-main/training/training-backend';

/**
 * The training kernels registered for wasm (filter and input gradients of a convolution) and
 * the batch-norm gradient, against the cpu backend's own kernels: per kernel on shapes that
 * exercise strides, 'same' (asymmetric) and 'valid' padding and PhaseNet's layers, and for a
 * whole PhaseNet training loss. Relative error = max |wasm - cpu| / max |cpu| ≤ 1e-4.
 */

const TOLERANCE = 1e-4;

interface Case {
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: [number, number];
  pad: 'same' | 'valid';
}

const CASES: Case[] = [
  // PhaseNet: kernel [7, 1], stride 1 and the [4, 1] down-sampling, lengths not multiples of 4.
  { x: [3, 1024, 1, 8], filter: [7, 1, 8, 8], strides: [1, 1], pad: 'same' },
  { x: [3, 1024, 1, 8], filter: [7, 1, 8, 8], strides: [4, 1], pad: 'same' },
  { x: [2, 1023, 1, 8], filter: [7, 1, 8, 16], strides: [4, 1], pad: 'same' },
  { x: [2, 750, 1, 3], filter: [7, 1, 3, 8], strides: [1, 1], pad: 'same' },
  { x: [2, 47, 1, 16], filter: [7, 1, 16, 32], strides: [4, 1], pad: 'same' },
  { x: [1, 12, 1, 64], filter: [7, 1, 64, 128], strides: [1, 1], pad: 'same' },
  { x: [2, 300, 1, 16], filter: [1, 1, 16, 3], strides: [1, 1], pad: 'same' },
  // Two-dimensional, even kernels (padding split unevenly), unequal strides, 'valid'.
  { x: [2, 30, 5, 3], filter: [3, 2, 3, 4], strides: [2, 3], pad: 'valid' },
  { x: [2, 31, 6, 3], filter: [4, 3, 3, 4], strides: [3, 2], pad: 'same' },
  { x: [1, 9, 9, 2], filter: [2, 2, 2, 5], strides: [2, 2], pad: 'same' },
];

/** Deterministic test values, with exact zeros as after a ReLU. */
function values(size: number, seed: number, zeros = false): Float32Array {
  return Float32Array.from({ length: size }, (_, i) =>
    zeros && i % 3 === 0 ? 0 : Math.sin(i * 0.37 + seed) + 0.3 * Math.cos(i * 1.91 * seed),
  );
}

const size = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);

function relativeError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i]! - expected[i]!));
    scale = Math.max(scale, Math.abs(expected[i]!));
  }
  return diff / scale;
}

/** Runs `fn` on a backend and returns its result's values. */
async function on(backend: string, fn: () => tf.Tensor): Promise<Float32Array> {
  await tf.setBackend(backend);
  return tf.tidy(() => fn().dataSync() as Float32Array);
}

function outputShape(c: Case): number[] {
  const info = tf.backend_util.computeConv2DInfo(c.x, c.filter, c.strides, 1, c.pad);
  return info.outShape;
}

describe('wasm training kernels against the cpu backend', () => {
  beforeAll(async () => {
    vi.stubEnv('PICKLINE_BACKEND', 'wasm');
    expect((await ensureTrainingBackend()).name).toBe('wasm');
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  for (const c of CASES) {
    const label = `x [${c.x}], filter [${c.filter}], strides [${c.strides}], ${c.pad}`;
    const dyShape = outputShape(c);

    it(`Conv2DBackpropFilter: ${label}`, async () => {
      const run = () =>
        tf.engine().runKernel(
          tf.Conv2DBackpropFilter,
          {
            x: tf.tensor(values(size(c.x), 1, true), c.x),
            dy: tf.tensor(values(size(dyShape), 2), dyShape),
          },
          { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', filterShape: c.filter },
        ) as tf.Tensor;
      const cpu = await on('cpu', run);
      const wasm = await on('wasm', run);
      expect(wasm.length).toBe(size(c.filter));
      expect(relativeError(wasm, cpu)).toBeLessThanOrEqual(TOLERANCE);
    });

    it(`Conv2DBackpropInput: ${label}`, async () => {
      const run = () =>
        tf.engine().runKernel(
          tf.Conv2DBackpropInput,
          {
            dy: tf.tensor(values(size(dyShape), 3), dyShape),
            filter: tf.tensor(values(size(c.filter), 4), c.filter),
          },
          { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', inputShape: c.x },
        ) as tf.Tensor;
      const cpu = await on('cpu', run);
      const wasm = await on('wasm', run);
      expect(wasm.length).toBe(size(c.x));
      expect(relativeError(wasm, cpu)).toBeLessThanOrEqual(TOLERANCE);
    });
  }

  it('gives the same PhaseNet training gradients as cpu (every weight)', async () => {
    // Depth 3 on 250 samples: stride-4 levels of 250, 63 and 16 samples, so the decoder crops.
    const config: PhaseNetConfig = {
      depth: 3,
      filters: [4, 8, 16],
      kernel: 7,
      pool: 4,
      channels: 1,
      window: 250,
      classes: 3,
    };
    const batch = 3;
    const x = values(batch * config.window, 5);
    const labels = values(batch * config.window * 3, 6).map((v) => Math.abs(v));
    let weights: Float32Array[] = [];
    let names: string[] = [];
    const gradients: Record<string, Float32Array[]> = {};
    for (const backend of ['cpu', 'wasm']) {
      await tf.setBackend(backend);
      const model = buildPhaseNet(config);
      // The same seeded weights on both (batch-norm scales and variances kept positive).
      if (weights.length === 0) {
        weights = model.weights.map((w, i) => {
          const v = values(size(w.shape as number[]), 10 + i);
          return /gamma|moving_variance/.test(w.originalName)
            ? v.map((a) => 1 + 0.4 * Math.sin(a))
            : v.map((a) => 0.3 * a);
        });
      }
      model.setWeights(weights.map((w, i) => tf.tensor(w, model.weights[i]!.shape as number[])));
      const { grads } = tf.variableGrads(() =>
        tf.tidy(() => {
          const xs = tf.tensor4d(x, [batch, config.window, 1, 1]);
          const ys = tf.tensor4d(labels, [batch, config.window, 1, 3]);
          const out = model.apply(xs, { training: true }) as tf.Tensor;
          return tf.losses.softmaxCrossEntropy(ys, out) as tf.Scalar;
        }),
      );
      names = model.trainableWeights.map((w) => w.originalName);
      gradients[backend] = model.trainableWeights.map((w) =>
        Float32Array.from(grads[(w.read() as tf.Variable).name]!.dataSync()),
      );
      tf.dispose(grads);
      model.dispose();
    }
    const cpu = gradients.cpu!;
    const wasm = gradients.wasm!;
    expect(wasm).toHaveLength(cpu.length);
    expect(cpu.length).toBeGreaterThan(10);
    const peak = (g: Float32Array) => g.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
    const largest = Math.max(...cpu.map(peak));
    cpu.forEach((g, i) => {
      const name = names[i]!;
      if (name === 'input_conv/bias') {
        // A bias right before a batch norm: its gradient is zero up to rounding on both.
        expect(peak(g)).toBeLessThan(1e-5 * largest);
        expect(peak(wasm[i]!)).toBeLessThan(1e-5 * largest);
      } else {
        expect(relativeError(wasm[i]!, g), name).toBeLessThanOrEqual(TOLERANCE);
      }
    });
  });
});
