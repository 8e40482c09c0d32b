import path from 'node:path';
import type { Trace } from '../../../src-main/formats/record';
import { tf } from '../../../src-main/ml/backend';
import { loadModel, saveModel, type LoadedModel } from '../../../src-main/picking/model-dir';
import { buildPhaseNet, type PhaseNetConfig } from '../../../src-main/picking/phasenet/model';
import { normalizeWindow } from '../../../src-main/picking/phasenet/normalize';
import { tmpDir } from '../../helpers/tmp';

/**
 * A small PhaseNet-shaped model with seeded random weights, saved as a model directory and
 * loaded back, for tests of the prediction machinery (not of picking quality). Depth 3 with
 * filters [4, 6, 8] unless `architecture` says otherwise. Needs a backend selected.
 */
export function smallModel(
  channelOrder: string[] = ['E', 'N', 'Z'],
  {
    window = 256,
    sampleRate = 100,
    architecture = {},
  }: {
    window?: number;
    sampleRate?: number;
    architecture?: Partial<Omit<PhaseNetConfig, 'channels' | 'window' | 'classes'>>;
  } = {},
): { dir: string; loaded: LoadedModel } {
  const config: PhaseNetConfig = {
    depth: 3,
    filters: [4, 6, 8],
    kernel: 7,
    pool: 4,
    ...architecture,
    channels: channelOrder.length,
    window,
    classes: 3,
  };
  const model = buildPhaseNet(config);
  let seed = 1;
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const values = layer.weights.map((w) => {
      const shape = w.read().shape;
      // Batch-norm scales and variances near 1 keep activations in range; the rest small.
      return /gamma|moving_variance/.test(w.originalName)
        ? tf.randomUniform(shape, 0.5, 1.5, 'float32', seed++)
        : tf.randomNormal(shape, 0, 0.3, 'float32', seed++);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
  const dir = path.join(tmpDir(), 'model');
  saveModel(
    dir,
    {
      name: 'small',
      architecture: config,
      sampleRate,
      channelOrder,
      normalization: 'phasenet',
      source: 'seeded random weights',
      licence: 'MIT',
      createdAt: '2025-01-01T00:00:00.000Z',
      notes: 'test model',
    },
    model,
  );
  model.dispose();
  return { dir, loaded: loadModel(dir) };
}

/** A trace of these samples at 100 Hz (unless told), starting at the source time. */
export function makeTrace(samples: ArrayLike<number>, component: string, dt = 0.01): Trace {
  return {
    samples: Float32Array.from(samples),
    sampleInterval: dt,
    startTime: 0,
    component,
    channel: 1,
    receiver: null,
    source: null,
    receiverFrom: 'none',
    sourceFrom: 'none',
    headers: {},
  };
}

/** Seeded pseudo-random samples (a noisy sine burst), reproducible across runs. */
export function signal(length: number, seed: number): Float32Array {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648 - 0.5;
  };
  return Float32Array.from({ length }, (_, i) => random() + 3 * Math.sin(i / 5 + seed));
}

/**
 * The model's [time][class] output for one raw [time][channel] window, straight from
 * model.predict: the reference the stitched probabilities are checked against.
 */
export function predictWindow(loaded: LoadedModel, raw: Float32Array): Float32Array {
  const { window, channels } = loaded.card.architecture;
  return tf.tidy(
    () =>
      (
        loaded.model.predict(
          tf.tensor4d(normalizeWindow(raw, channels), [1, window, 1, channels]),
        ) as tf.Tensor
      ).dataSync() as Float32Array,
  );
}
