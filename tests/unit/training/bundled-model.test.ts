import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSgt } from '../../../src-main/export/sgt';
import { readAny } from '../../../src-main/formats/registry';
import { ensureBackend } from '../../../src-main/ml/backend';
import { loadModel, type LoadedModel } from '../../../src-main/picking/model-dir';
import { fieldAgreement, syntheticScores } from '../../../src-main/training/evaluation';
import { sharedData } from '../../helpers/shared-data';
import { synthFolder } from './synth-folder';

/**
 * The bundled near-surface model on refrapy field example 01 (5 SEG-2 shots, 24 channels at
 * 4 m, 8 kHz; MIT, see its LICENSE-MIT), a line it was never trained on, through the path of
 * `pickline pick FILE --model resources/models/near-surface`: the raw files as read, pickFile
 * with default options, its P picks matched to the 120 manual picks of the .sgt by source
 * and receiver x.
 *
 * Floors are what the shipped model measured (MODEL_CARD.md), rounded down: a regression in
 * the model, the picking path or the preprocessing fails them.
 */
const MODEL_DIR = path.resolve(__dirname, '../../../resources/models/near-surface');
const WITHIN_2_MS_FLOOR = 0.8;
const WITHIN_5_MS_FLOOR = 0.9;

/** A model's P picks on refrapy-ex01 against the 120 manual ones, shares within 2 and 5 ms. */
async function onRefrapy(model: LoadedModel) {
  const root = sharedData('refraction', 'refrapy-ex01');
  const files = fs
    .readdirSync(path.join(root, 'data'))
    .sort()
    .map((f) => readAny(path.join(root, 'data', f)));
  const sgt = path.join(root, 'picks', 'field_example_01.sgt');
  const manual = readSgt(fs.readFileSync(sgt, 'utf8'), sgt).picks;
  const result = await fieldAgreement(
    files,
    manual,
    { method: 'phasenet', model },
    { tolerance: 0.002, withinMs: [2, 5] },
  );
  const [within2, within5] = result.score.withinMs.map((w) => w.share!);
  return { result, within2: within2!, within5: within5! };
}

describe('bundled near-surface model on refrapy-ex01', () => {
  let model: LoadedModel;

  beforeAll(async () => {
    await ensureBackend();
    model = loadModel(MODEL_DIR);
  });
  afterAll(() => model?.model.dispose());

  it('is a 1-component model at 4 kHz with a card that names its origin', () => {
    expect(model.card.channelOrder).toEqual(['Z']);
    expect(model.card.sampleRate).toBe(4000);
    expect(model.card.licence).toMatch(/MIT/);
    expect(fs.existsSync(path.join(MODEL_DIR, 'MODEL_CARD.md'))).toBe(true);
  });

  it('puts most manual P picks within 2 ms', async () => {
    const { result, within2, within5 } = await onRefrapy(model);
    expect(result.manual).toBe(120);
    expect(result.matched).toBe(120);
    expect(within2).toBeGreaterThanOrEqual(WITHIN_2_MS_FLOOR);
    expect(within5).toBeGreaterThanOrEqual(WITHIN_5_MS_FLOOR);
  });
});

/**
 * The bundled 3-component model: on refrapy's vertical traces (its Z channel alone), and on
 * one simulated 3-component survey of the test set's kind (seed 977, faster ground than any
 * training survey), where its S, taken from the horizontals, must beat the vertical model's.
 * Floors are its card's measurements, rounded down.
 */
const THREE_COMPONENT_DIR = path.resolve(__dirname, '../../../resources/models/near-surface-3c');

describe('bundled 3-component model', () => {
  let three: LoadedModel;
  let vertical: LoadedModel;

  beforeAll(async () => {
    await ensureBackend();
    three = loadModel(THREE_COMPONENT_DIR);
    vertical = loadModel(MODEL_DIR);
  });
  afterAll(() => {
    three?.model.dispose();
    vertical?.model.dispose();
  });

  it('takes E, N, Z at 4 kHz and picks a vertical-only field line from its Z channel', async () => {
    expect(three.card.channelOrder).toEqual(['E', 'N', 'Z']);
    expect(three.card.sampleRate).toBe(4000);
    expect(fs.existsSync(path.join(THREE_COMPONENT_DIR, 'MODEL_CARD.md'))).toBe(true);
    const { within2, within5 } = await onRefrapy(three);
    expect(within2).toBeGreaterThanOrEqual(0.7);
    expect(within5).toBeGreaterThanOrEqual(0.85);
  });

  it('picks S on 3-component records better than the vertical model does', async () => {
    // Survey 1 of train:default's test set (its other options at their defaults).
    const dir = await synthFolder(1, 977, 3, [
      ...['--shots', '5', '--channels', '24,48,72,96', '--dt', '0.000125,0.00025,0.0005'],
      ...['--top-vp', '900:1400', '--bedrock-vp', '4500:7000'],
    ]);
    const sOf = async (model: LoadedModel) =>
      (await syntheticScores(dir, model, 10 / 4000, { minSnr: 0, pick: { phases: ['P', 'S'] } }))
        .all[1]!;
    const [withHorizontals, withZ] = [await sOf(three), await sOf(vertical)];
    expect(withHorizontals.phase).toBe('S');
    expect(withHorizontals.f1!).toBeGreaterThan(withZ.f1! + 0.1);
  });
});
