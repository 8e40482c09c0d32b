import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBackend, tf } from '../../../src-main/ml/backend';
import {
  CARD_FILE,
  loadModel,
  saveModel,
  WEIGHTS_FILE,
  type ModelDescription,
} from '../../../src-main/picking/model-dir';
import { buildPhaseNet, type PhaseNetConfig } from '../../../src-main/picking/phasenet/model';
import { tmpDir } from '../../helpers/tmp';

const CONFIG: PhaseNetConfig = {
  depth: 3,
  filters: [4, 6, 8],
  kernel: 7,
  pool: 4,
  channels: 1,
  window: 256,
  classes: 3,
};

const DESCRIPTION: ModelDescription = {
  name: 'test-z',
  architecture: CONFIG,
  sampleRate: 100,
  channelOrder: ['Z'],
  normalization: 'phasenet',
  source: 'random initialisation',
  licence: 'MIT',
  createdAt: '2025-01-01T00:00:00.000Z',
  notes: 'unit test',
};

/** A model with every weight random, batch-norm statistics included (variances positive). */
function randomModel(): tf.LayersModel {
  const model = buildPhaseNet(CONFIG);
  for (const layer of model.layers) {
    if (layer.weights.length === 0) continue;
    const values = layer.weights.map((w) => tf.randomUniform(w.read().shape, 0.5, 1.5));
    layer.setWeights(values);
    tf.dispose(values);
  }
  return model;
}

function predict(model: tf.LayersModel, x: tf.Tensor): Float32Array {
  return tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync() as Float32Array);
}

describe('Pickline model directory', () => {
  beforeAll(async () => {
    await ensureBackend();
  });

  it('saves and loads a model that gives identical outputs', () => {
    const dir = path.join(tmpDir(), 'model');
    const model = randomModel();
    const card = saveModel(dir, DESCRIPTION, model);
    const loaded = loadModel(dir);
    const x = tf.randomNormal([2, 256, 1, 1]);
    try {
      expect(loaded.card).toEqual(card);
      expect(card).toMatchObject({ format: 'pickline-model', version: 1, ...DESCRIPTION });
      expect(card.weights.entries.map((e) => e.name)).toContain('down_1_pool_bn/moving_variance');
      expect(fs.statSync(path.join(dir, WEIGHTS_FILE)).size).toBe(model.countParams() * 4);
      expect(predict(loaded.model, x)).toEqual(predict(model, x));
    } finally {
      x.dispose();
      model.dispose();
      loaded.model.dispose();
    }
  });

  it('names the file and field when a card or its weights are wrong', () => {
    const dir = tmpDir();
    const model = randomModel();
    saveModel(dir, DESCRIPTION, model);
    model.dispose();
    const cardFile = path.join(dir, CARD_FILE);
    const card = JSON.parse(fs.readFileSync(cardFile, 'utf8'));
    const weights = fs.readFileSync(path.join(dir, WEIGHTS_FILE));
    const rewrite = (patch: object) =>
      fs.writeFileSync(cardFile, JSON.stringify({ ...card, ...patch }));

    rewrite({ architecture: { ...CONFIG, filters: 'wide' } });
    expect(() => loadModel(dir)).toThrow(/model\.json: architecture\.filters: /);
    rewrite({ channelOrder: ['E', 'N', 'Z'] });
    expect(() => loadModel(dir)).toThrow(/channelOrder names 3 channels, architecture has 1/);
    rewrite({ architecture: { ...CONFIG, filters: [4, 6, 9] } });
    expect(() => loadModel(dir)).toThrow(
      /weights\.bin: at byte \d+: down_2_conv\/kernel is \[7,1,6,8\], the architecture needs \[7,1,6,9\]/,
    );
    rewrite({});
    fs.writeFileSync(path.join(dir, WEIGHTS_FILE), weights.subarray(0, weights.length - 4));
    expect(() => loadModel(dir)).toThrow(/weights\.bin: \d+ bytes, the card's manifest needs \d+/);
    fs.rmSync(cardFile);
    expect(() => loadModel(dir)).toThrow(/model\.json: not a readable model card/);
  });
});
