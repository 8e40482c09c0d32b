import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSgt } from '../../../src-main/export/sgt';
import { readAny } from '../../../src-main/formats/registry';
import { ensureBackend } from '../../../src-main/ml/backend';
import { loadModel, type LoadedModel } from '../../../src-main/picking/model-dir';
import { fieldAgreement } from '../../../src-main/training/evaluation';
import { sharedData } from '../../helpers/shared-data';

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

describe('bundled near-surface model on refrapy-ex01', () => {
  const root = sharedData('refraction', 'refrapy-ex01');
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
    expect(result.manual).toBe(120);
    expect(result.matched).toBe(120);
    const [within2, within5] = result.score.withinMs;
    expect(within2!.share!).toBeGreaterThanOrEqual(WITHIN_2_MS_FLOOR);
    expect(within5!.share!).toBeGreaterThanOrEqual(WITHIN_5_MS_FLOOR);
  });
});
