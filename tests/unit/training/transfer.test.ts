import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { tf } from '../../../src-main/ml/backend';
import { loadModel, saveModel, type LoadedModel } from '../../../src-main/picking/model-dir';
import {
  buildPhaseNet,
  PHASENET_CONFIG,
  type PhaseNetConfig,
} from '../../../src-main/picking/phasenet/model';
import { normalizeWindow } from '../../../src-main/picking/phasenet/normalize';
import { ensureTrainingBackend } from '../../../src-main/training/training-backend';
import { frozenLayers, loadInitialWeights, parseFreeze } from '../../../src-main/training/transfer';
import { tmpDir } from '../../helpers/tmp';

const SMALL: PhaseNetConfig = {
  depth: 3,
  filters: [4, 6, 8],
  kernel: 7,
  pool: 4,
  channels: 3,
  window: 300,
  classes: 3,
};

/** A 3-component model with seeded random weights (batch-norm variances kept positive). */
function initialModel(): LoadedModel {
  const model = buildPhaseNet(SMALL);
  let seed = 11;
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const values = layer.weights.map((w) => {
      const shape = w.shape as number[];
      return /gamma|moving_variance/.test(w.originalName)
        ? tf.randomUniform(shape, 0.5, 1.5, 'float32', seed++)
        : tf.randomNormal(shape, 0, 0.3, 'float32', seed++);
    });
    layer.setWeights(values);
    tf.dispose(values);
  }
  const dir = path.join(tmpDir(), 'init');
  saveModel(
    dir,
    {
      name: 'init',
      architecture: SMALL,
      sampleRate: 100,
      channelOrder: ['E', 'N', 'Z'],
      normalization: 'phasenet',
      source: 'test',
      licence: 'MIT',
      createdAt: '2026-01-01T00:00:00Z',
      notes: '',
    },
    model,
  );
  model.dispose();
  return loadModel(dir);
}

const weightsOf = (model: tf.LayersModel, layer: string) =>
  model
    .getLayer(layer)
    .getWeights()
    .map((w) => Array.from(w.dataSync()));

describe('transfer learning', () => {
  beforeAll(async () => {
    vi.stubEnv('PICKLINE_BACKEND', 'cpu');
    await ensureTrainingBackend();
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it('names the frozen layers of each freeze spec', () => {
    const c = PHASENET_CONFIG;
    expect(frozenLayers(c, parseFreeze('none'))).toEqual([]);
    expect(frozenLayers(c, parseFreeze('deepest:2'))).toEqual([
      'down_3_conv',
      'down_3_bn',
      'down_3_pool',
      'down_3_pool_bn',
      'down_4_conv',
      'down_4_bn',
      'up_3_deconv',
      'up_3_deconv_bn',
      'up_3_conv',
      'up_3_bn',
    ]);
    const encoder = frozenLayers(c, parseFreeze('encoder'));
    expect(encoder.every((l) => l.startsWith('down_'))).toBe(true);
    expect(encoder).toHaveLength(4 * 4 + 2);
    expect(frozenLayers(c, parseFreeze('input-encoder'))).toEqual([
      'input_conv',
      'input_bn',
      ...encoder,
    ]);
    expect(frozenLayers(c, parseFreeze('layers:up_1_deconv-up_0_bn'))).toEqual([
      'up_1_deconv',
      'up_1_deconv_bn',
      'up_1_conv',
      'up_1_bn',
      'up_0_deconv',
      'up_0_deconv_bn',
      'up_0_conv',
      'up_0_bn',
    ]);
    expect(() => parseFreeze('deepest')).toThrow(/deepest:N/);
    expect(() => frozenLayers(c, parseFreeze('deepest:9'))).toThrow(/1 to 5/);
    expect(() => frozenLayers(c, parseFreeze('layers:down_0_conv-nothing'))).toThrow(
      /no layer nothing/,
    );
  });

  it('adapts a 3-component first layer to Z only, picking Z-only records exactly as before', () => {
    const init = initialModel();
    // Another window length: the weights do not depend on it.
    const config = { ...SMALL, channels: 1, window: 256 };
    const model = buildPhaseNet(config);
    const report = loadInitialWeights(model, config, ['Z'], init, 'all');
    expect(report.adapted).toMatch(/E,N,Z → Z/);
    expect(report.loaded).toContain('output_conv');

    const z = Float32Array.from({ length: 256 }, (_, t) => Math.sin(t / 5) * Math.exp(-t / 90));
    const threeC = new Float32Array(256 * 3);
    z.forEach((v, t) => (threeC[t * 3 + 2] = v));
    const before = tf.tidy(() =>
      buildAndPredict(init, normalizeWindow(threeC, 3), [1, 256, 1, 3], 256),
    );
    const after = tf.tidy(() =>
      (model.predict(tf.tensor4d(normalizeWindow(z, 1), [1, 256, 1, 1])) as tf.Tensor).dataSync(),
    );
    const diff = Math.max(...Array.from(after, (v, i) => Math.abs(v - before[i]!)));
    expect(diff).toBeLessThan(1e-5);
    model.dispose();
    init.model.dispose();
  });

  it('loads only the groups a load mode names', () => {
    const init = initialModel();
    const config = { ...SMALL, channels: 1 };
    const fresh = buildPhaseNet(config);
    const untouched = weightsOf(fresh, 'output_conv');
    loadInitialWeights(fresh, config, ['Z'], init, 'encoder-decoder');
    expect(weightsOf(fresh, 'down_1_conv')).toEqual(weightsOf(init.model, 'down_1_conv'));
    expect(weightsOf(fresh, 'up_0_conv')).toEqual(weightsOf(init.model, 'up_0_conv'));
    expect(weightsOf(fresh, 'output_conv')).toEqual(untouched);
    expect(weightsOf(fresh, 'input_conv')).not.toEqual(weightsOf(init.model, 'input_conv'));

    const other = buildPhaseNet(config);
    const report = loadInitialWeights(other, config, ['Z'], init, 'input-encoder');
    expect(report.loaded).toContain('input_conv');
    expect(report.loaded.some((l) => l.startsWith('up_'))).toBe(false);
    expect(weightsOf(other, 'up_0_conv')).not.toEqual(weightsOf(init.model, 'up_0_conv'));
    fresh.dispose();
    other.dispose();
    init.model.dispose();
  });

  it('refuses an initial model whose layers do not correspond', () => {
    const init = initialModel();
    const wider = { ...SMALL, channels: 1, filters: [4, 6, 10] };
    const model = buildPhaseNet(wider);
    expect(() => loadInitialWeights(model, wider, ['Z'], init, 'all')).toThrow(/layer down_2_conv/);
    const deeper = { ...SMALL, channels: 1, depth: 4, filters: [4, 6, 8, 8] };
    expect(() => loadInitialWeights(buildPhaseNet(deeper), deeper, ['Z'], init, 'all')).toThrow(
      /3 levels/,
    );
    model.dispose();
    init.model.dispose();
  });
});

/** The initial model's probabilities for one window, at another window length. */
function buildAndPredict(
  init: LoadedModel,
  x: Float32Array,
  shape: [number, number, number, number],
  window: number,
): Float32Array {
  const model = buildPhaseNet({ ...init.card.architecture, window });
  model.setWeights(init.model.getWeights());
  const out = (model.predict(tf.tensor4d(x, shape)) as tf.Tensor).dataSync() as Float32Array;
  model.dispose();
  return out;
}
