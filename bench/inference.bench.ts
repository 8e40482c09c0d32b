import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Trace } from '../src-main/formats/record';
import { ensureBackend, tf } from '../src-main/ml/backend';
import type { InferenceEngine } from '../src-main/picking/engine/inference-engine';
import { onnxEngine, type OnnxEngineOptions } from '../src-main/picking/engine/onnx-engine';
import { tfjsEngine } from '../src-main/picking/engine/tfjs-engine';
import { loadModel, saveModel, type LoadedModel } from '../src-main/picking/model-dir';
import { convertCheckpoint } from '../src-main/picking/phasenet/convert';
import { levelLengths, type PhaseNetConfig } from '../src-main/picking/phasenet/model';
import { normalizeWindow } from '../src-main/picking/phasenet/normalize';
import { predictProbabilities } from '../src-main/picking/predict';
import type { BenchCase } from './harness';

/** The benchmarks read the real files the tests carry (tests/data), so they run in any clone. */
const DATA = path.resolve(__dirname, '../tests/data');
const CHECKPOINT = path.join(DATA, 'phasenet/checkpoint/model_95.ckpt');
const TARGET = '≥ 1000 windows/s';

/**
 * Floating-point operations of one forward pass (2 per multiply-add), counting convolutions
 * only: batch norms fold into them and the rest is a rounding error. For published PhaseNet
 * this is the 38.9 MFLOP per 3000-sample window.
 */
function phaseNetFlops(config: PhaseNetConfig): number {
  const { depth, filters, kernel, channels, classes } = config;
  const lengths = levelLengths(config);
  const conv = (length: number, inC: number, outC: number, k = kernel) =>
    2 * length * inC * outC * k;
  let flops = conv(lengths[0]!, channels, filters[0]!);
  let width = filters[0]!;
  for (let i = 0; i < depth; i++) {
    flops += conv(lengths[i]!, width, filters[i]!);
    width = filters[i]!;
    if (i < depth - 1) flops += conv(lengths[i + 1]!, width, width);
  }
  for (let i = depth - 2; i >= 0; i--) {
    // A transposed convolution does k multiply-adds per input sample and channel pair.
    flops += conv(lengths[i + 1]!, width, filters[i]!);
    flops += conv(lengths[i]!, 2 * filters[i]!, filters[i]!);
    width = filters[i]!;
  }
  flops += conv(lengths[0]!, width, classes, 1);
  return flops;
}

/** Seeded noise, as raw [window][channel] samples normalized the way predict.ts feeds them. */
function normalizedWindows(config: PhaseNetConfig, count: number): Float32Array {
  const size = config.window * config.channels;
  const out = new Float32Array(count * size);
  let state = 12345;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648 - 0.5;
  };
  for (let b = 0; b < count; b++) {
    const raw = Float32Array.from({ length: size }, random);
    out.set(normalizeWindow(raw, config.channels), b * size);
  }
  return out;
}

/** One shot: `count` vertical traces of `samples` samples at `rate` Hz, noise and a wavelet. */
function shot(count: number, samples: number, rate: number): Trace[] {
  return Array.from({ length: count }, (_, i) => {
    const onset = 400 + 30 * i;
    const x = Float32Array.from({ length: samples }, (_, t) => {
      const noise = 0.05 * Math.sin(0.37 * t * (i + 1)) * Math.cos(0.011 * t);
      const dt = t - onset;
      return noise + (dt > 0 ? Math.exp(-dt / 80) * Math.sin(dt / 6) : 0);
    });
    return {
      samples: x,
      sampleInterval: 1 / rate,
      startTime: 0,
      component: 'Z',
      channel: i + 1,
      receiver: null,
      source: null,
      receiverFrom: 'none',
      sourceFrom: 'none',
      headers: {},
    };
  });
}

/** model.predict of the tfjs-layers model, the inference path before the engines. */
function layersModelEngine(model: tf.LayersModel, config: PhaseNetConfig): InferenceEngine {
  return {
    name: 'tfjs',
    async run(windows, count) {
      const y = tf.tidy(
        () =>
          model.predict(
            tf.tensor4d(windows, [count, config.window, 1, config.channels]),
          ) as tf.Tensor,
      );
      const out = (await y.data()) as Float32Array;
      y.dispose();
      return out;
    },
    async dispose() {},
  };
}

/** The published PhaseNet as a Pickline model directory, in a scratch folder. */
function publishedPhaseNet(): LoadedModel {
  const { config, model } = convertCheckpoint(CHECKPOINT);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pickline-bench-model-'));
  process.on('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  saveModel(
    dir,
    {
      name: 'phasenet',
      architecture: config,
      sampleRate: 100,
      channelOrder: ['E', 'N', 'Z'],
      normalization: 'phasenet',
      source: CHECKPOINT,
      licence: 'MIT (PhaseNet)',
      createdAt: new Date(0).toISOString(),
      notes: 'benchmark copy',
    },
    model,
  );
  model.dispose();
  return loadModel(dir);
}

export async function inferenceCases(): Promise<BenchCase[]> {
  const selected = (await ensureBackend()).name;
  const loaded = publishedPhaseNet();
  const config = loaded.card.architecture;
  const flops = phaseNetFlops(config);
  const cores = os.availableParallelism();
  const also = { amount: flops / 1e9, unit: 'GFLOP/s' };
  const label = `PhaseNet ${(flops / 1e6).toFixed(1)} MFLOP/window`;

  const windowCase = (
    name: string,
    engine: () => Promise<InferenceEngine>,
    batch: number,
    options: { backend?: string; warmup?: number; rounds?: number; target?: string } = {},
  ): BenchCase => {
    const input = normalizedWindows(config, batch);
    let made: Promise<InferenceEngine> | undefined;
    return {
      suite: 'inference',
      name: `${label}, ${name}, batch ${batch}`,
      items: batch,
      unit: 'windows/s',
      alsoPerItem: also,
      target: options.target ?? '',
      warmup: options.warmup ?? 2,
      rounds: options.rounds ?? 9,
      round: async () => {
        if (options.backend) await tf.setBackend(options.backend);
        made ??= engine();
        const e = await made;
        return () => e.run(input, batch);
      },
    };
  };
  const onnx = (opts: OnnxEngineOptions) => () => onnxEngine(loaded.model, config, opts);
  const tfjs = () => Promise.resolve(tfjsEngine(loaded.model, config));
  const layers = () => Promise.resolve(layersModelEngine(loaded.model, config));
  const tfjsBackend = selected === 'tensorflow-gpu' ? 'tensorflow' : selected;

  const cases: BenchCase[] = [
    windowCase(`onnx (${cores} threads)`, onnx({}), 16, { target: TARGET }),
    windowCase(`onnx (${cores} threads)`, onnx({}), 64, { target: TARGET }),
    // What the decoder form and the threads buy, each measured the other way.
    windowCase(`onnx polyphase decoder (${cores} threads)`, onnx({ upsampling: 'polyphase' }), 64),
    windowCase('onnx (1 thread)', onnx({ threads: 1 }), 64),
    windowCase(`tfjs-${selected} folded polyphase`, tfjs, 16, { backend: tfjsBackend }),
    windowCase(`tfjs-${selected} folded polyphase`, tfjs, 64, { backend: tfjsBackend, rounds: 5 }),
    // The tfjs path before the engines: the tfjs-layers model itself.
    windowCase(`tfjs-${selected} layers model`, layers, 16, { backend: tfjsBackend, rounds: 5 }),
  ];
  if (tfjsBackend !== 'cpu') {
    // The pure-JavaScript backend manages about a dozen windows a second: two rounds will do.
    const slow = { backend: 'cpu', warmup: 1, rounds: 2 };
    cases.push(
      windowCase('tfjs-cpu folded polyphase', tfjs, 16, slow),
      windowCase('tfjs-cpu layers model', layers, 16, slow),
    );
  }

  // One shot of a near-surface line: 96 traces of 1 s at 4 kHz, resampled to the model's
  // 100 Hz (one window each), through the whole of predict.ts: preprocessing, resampling,
  // normalization, the forward passes and stitching.
  const traces = shot(96, 4000, 4000);
  const inputs = traces.map((t) => [t]);
  for (const engine of ['onnx', 'tfjs'] as const) {
    const runsOn = engine === 'onnx' ? 'onnx' : `tfjs-${selected}`;
    cases.push({
      suite: 'inference',
      name: `predict 96 traces x 4000 samples at 4 kHz, resampled to 100 Hz, ${runsOn}`,
      items: traces.length,
      unit: 'traces/s',
      warmup: 1,
      rounds: 5,
      round: async () => {
        await tf.setBackend(tfjsBackend);
        return () => predictProbabilities(loaded, inputs, { engine });
      },
    });
  }
  return cases;
}
