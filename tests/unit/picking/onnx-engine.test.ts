import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureBackend, tf } from '../../../src-main/ml/backend';
import { onnxEngine } from '../../../src-main/picking/engine/onnx-engine';
import {
  defaultEngineChoice,
  engineFor,
  engineReport,
} from '../../../src-main/picking/engine/select-engine';
import { tfjsEngine } from '../../../src-main/picking/engine/tfjs-engine';
import type { LoadedModel } from '../../../src-main/picking/model-dir';
import type { PhaseNetConfig } from '../../../src-main/picking/phasenet/model';
import { normalizeWindow } from '../../../src-main/picking/phasenet/normalize';
import { predictProbabilities } from '../../../src-main/picking/predict';
import { maxAbsDiff } from './phasenet-fixtures';
import { makeTrace, signal, smallModel } from './small-model';

/**
 * Both engines (ONNX Runtime on the exported graph, the folded tfjs forward pass) against the
 * tfjs-layers model they were made from, and how predict.ts picks one.
 */
const TOLERANCE = 1e-5;

/** `count` normalized windows of seeded noisy sine bursts, [window][channel] each. */
function windows(config: PhaseNetConfig, count: number, seed: number): Float32Array {
  const { window, channels } = config;
  const out = new Float32Array(count * window * channels);
  for (let b = 0; b < count; b++) {
    const raw = signal(window * channels, seed + b);
    out.set(normalizeWindow(raw, channels), b * window * channels);
  }
  return out;
}

/**
 * Rescales the random kernels of a small model (std 0.3, see smallModel) to std
 * sqrt(2 / fan-in), the scale of a ReLU network that trains: with 0.3 a depth-5 model's
 * logits reach ~100, where float32 rounding alone moves the probabilities by 1e-5 whatever
 * the engine.
 */
function tame(model: tf.LayersModel): void {
  for (const layer of model.layers) {
    const kernel = layer.weights.find((w) => w.originalName.endsWith('/kernel'));
    if (!kernel) continue;
    const [k, width, inner] = kernel.shape as number[];
    const scaled = tf.tidy(() => kernel.read().mul(Math.sqrt(2 / (k! * width! * inner!)) / 0.3));
    kernel.write(scaled);
    scaled.dispose();
  }
}

/** Largest minus smallest of one class, to be sure the comparison is not of flat outputs. */
function spread(probs: Float32Array, c: number, classes = 3): number {
  let [lo, hi] = [Infinity, -Infinity];
  for (let i = c; i < probs.length; i += classes) {
    lo = Math.min(lo, probs[i]!);
    hi = Math.max(hi, probs[i]!);
  }
  return hi - lo;
}

const configs: {
  note: string;
  channels: string[];
  window: number;
  architecture?: Partial<PhaseNetConfig>;
}[] = [
  { note: 'depth 3, 3 channels, window 256', channels: ['E', 'N', 'Z'], window: 256 },
  { note: 'depth 3, 1 channel, window 256', channels: ['Z'], window: 256 },
  {
    note: 'depth 5, 3 channels, window 3000',
    channels: ['E', 'N', 'Z'],
    window: 3000,
    architecture: { depth: 5, filters: [4, 6, 8, 10, 12] },
  },
  {
    note: 'depth 5, 1 channel, window 3000',
    channels: ['Z'],
    window: 3000,
    architecture: { depth: 5, filters: [3, 5, 7, 9, 11] },
  },
  {
    // Not 1000: where TF 'same' would pad by less than nothing (kernel < stride, length a
    // multiple of the stride), the tfjs wasm backend pads differently from TensorFlow, the
    // tfjs cpu backend and ONNX Runtime, so tfjs on wasm is no reference there.
    note: 'kernel 3 shorter than pool 4, window 1001',
    channels: ['E', 'N', 'Z'],
    window: 1001,
    architecture: { depth: 4, filters: [4, 4, 6, 6], kernel: 3 },
  },
  {
    note: 'even kernel 8, pool 3, window 301',
    channels: ['Z', 'N'],
    window: 301,
    architecture: { kernel: 8, pool: 3 },
  },
];

/** The tfjs-layers model's own output: the reference both engines must give. */
function layersModel(loaded: LoadedModel, input: Float32Array, count: number): Float32Array {
  const { window, channels } = loaded.card.architecture;
  return tf.tidy(
    () =>
      (
        loaded.model.predict(tf.tensor4d(input, [count, window, 1, channels])) as tf.Tensor
      ).dataSync() as Float32Array,
  );
}

describe('engines against the tfjs-layers model', () => {
  beforeAll(async () => {
    await ensureBackend();
  });

  for (const [index, { note, channels, window, architecture }] of configs.entries()) {
    it(`onnx (both decoders) and tfjs give its probabilities (${note})`, async () => {
      const { loaded } = smallModel(channels, { window, architecture });
      tame(loaded.model);
      const config = loaded.card.architecture;
      const input = windows(config, 3, 100 * index);
      const expected = layersModel(loaded, input, 3);
      expect(spread(expected, 1)).toBeGreaterThan(0.02);
      const engines = [
        await onnxEngine(loaded.model, config),
        await onnxEngine(loaded.model, config, { upsampling: 'polyphase' }),
        tfjsEngine(loaded.model, config),
      ];
      for (const [k, engine] of engines.entries()) {
        const label = `${engine.name} #${k}`;
        const got = await engine.run(input, 3);
        expect(maxAbsDiff(got, expected), label).toBeLessThanOrEqual(TOLERANCE);
        // One window alone gives what it gave in the batch.
        const size = window * channels.length;
        const alone = await engine.run(input.subarray(size, 2 * size), 1);
        const second = got.subarray(window * 3, 2 * window * 3);
        expect(maxAbsDiff(alone, second), label).toBeLessThanOrEqual(1e-6);
        await engine.dispose();
      }
      loaded.model.dispose();
    });
  }

  it('gives each of several passes started at once its own result', async () => {
    const { loaded } = smallModel();
    const config = loaded.card.architecture;
    const engines = [
      await onnxEngine(loaded.model, config),
      await onnxEngine(loaded.model, config),
    ];
    const inputs = [1, 2, 3, 4].map((seed) => windows(config, 2, seed));
    const alone: Float32Array[] = [];
    for (const input of inputs) alone.push(await engines[0]!.run(input, 2));
    const together = await Promise.all(inputs.map((input, i) => engines[i % 2]!.run(input, 2)));
    together.forEach((out, i) => expect(maxAbsDiff(out, alone[i]!)).toBeLessThanOrEqual(1e-6));
    expect(maxAbsDiff(alone[0]!, alone[1]!)).toBeGreaterThan(1e-3);
    await Promise.all(engines.map((e) => e.dispose()));
    loaded.model.dispose();
  });

  it('leaves no tfjs tensors behind', async () => {
    const { loaded } = smallModel();
    const engine = tfjsEngine(loaded.model, loaded.card.architecture);
    const input = windows(loaded.card.architecture, 2, 1);
    await engine.run(input, 2);
    const before = tf.memory().numTensors;
    await engine.run(input, 2);
    expect(tf.memory().numTensors).toBe(before);
    loaded.model.dispose();
  });
});

describe('engine selection', () => {
  let loaded: LoadedModel;
  beforeAll(async () => {
    await ensureBackend();
    loaded = smallModel().loaded;
    tame(loaded.model);
  });
  afterAll(() => {
    loaded.model.dispose();
    vi.unstubAllEnvs();
  });

  it('runs on ONNX Runtime by default, one engine per model, kept between calls', async () => {
    expect(defaultEngineChoice()).toBe('auto');
    expect(engineReport()).toEqual({ name: 'onnx', skipped: [] });
    const first = await engineFor(loaded);
    expect(first.report).toEqual({ name: 'onnx', skipped: [] });
    expect(first.engine.name).toBe('onnx');
    expect((await engineFor(loaded)).engine).toBe(first.engine);
    expect((await engineFor(loaded, 'tfjs')).engine.name).toBe('tfjs');
  });

  it('makes the engines anew when the weights change, as between training epochs', async () => {
    const input = windows(loaded.card.architecture, 1, 5);
    for (const choice of ['onnx', 'tfjs'] as const) {
      const before = await engineFor(loaded, choice);
      expect((await engineFor(loaded, choice)).engine).toBe(before.engine);
    }
    const stale = layersModel(loaded, input, 1);
    // New values for every weight (scaled: variances stay positive), as an optimizer step.
    const scaled = loaded.model.getWeights().map((w) => w.mul(0.8));
    loaded.model.setWeights(scaled);
    tf.dispose(scaled);
    const expected = layersModel(loaded, input, 1);
    expect(maxAbsDiff(stale, expected)).toBeGreaterThan(1e-3);
    for (const choice of ['onnx', 'tfjs'] as const) {
      const { engine } = await engineFor(loaded, choice);
      expect(maxAbsDiff(await engine.run(input, 1), expected), choice).toBeLessThanOrEqual(
        TOLERANCE,
      );
    }
  });

  it('takes the engine PICKLINE_ENGINE names, and refuses one it does not know', async () => {
    vi.stubEnv('PICKLINE_ENGINE', 'tfjs');
    expect(engineReport()).toEqual({ name: 'tfjs', skipped: [] });
    expect((await engineFor(loaded)).engine.name).toBe('tfjs');
    vi.stubEnv('PICKLINE_ENGINE', 'tensorrt');
    expect(() => defaultEngineChoice()).toThrow(
      /PICKLINE_ENGINE=tensorrt is not one of auto, onnx, tfjs/,
    );
    vi.unstubAllEnvs();
  });

  it('fails on both engines, saying why, when the weights do not fit the card', async () => {
    const arch = loaded.card.architecture;
    const odd: LoadedModel = {
      model: loaded.model,
      card: { ...loaded.card, architecture: { ...arch, filters: [4, 6, 9] } },
    };
    const why = /weight down_2_conv\/kernel is \[7,1,6,8\], the architecture needs \[7,1,6,9\]/;
    await expect(engineFor(odd, 'onnx')).rejects.toThrow(why);
    await expect(engineFor(odd, 'tfjs')).rejects.toThrow(why);
  });

  it('predicts the same stitched probabilities on either engine', async () => {
    const enz = ['E', 'N', 'Z'].map((c, i) => makeTrace(signal(1000, 7 + i), c));
    const short = [makeTrace(signal(90, 11), 'Z')];
    const options = { batchSize: 3, preprocess: { detrend: 'none' as const } };
    const onnx = await predictProbabilities(loaded, [enz, short], { ...options, engine: 'onnx' });
    const tfjs = await predictProbabilities(loaded, [enz, short], { ...options, engine: 'tfjs' });
    onnx.forEach((p, k) => {
      for (const key of ['noise', 'p', 's'] as const) {
        expect(maxAbsDiff(p[key], tfjs[k]![key]), `${k} ${key}`).toBeLessThanOrEqual(TOLERANCE);
      }
    });
  });
});
