import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBackend } from '../../../src-main/ml/backend';
import { loadModel, type LoadedModel } from '../../../src-main/picking/model-dir';
import { syntheticFirstBreaks, syntheticScores } from '../../../src-main/training/evaluation';
import { synthFolder } from './synth-folder';

/**
 * The bundled models' cards and, for the 3-component one, its S on simulated 3-component
 * records. Their accuracy on the refrapy field line, with the floors from their cards, is
 * the `bundled-models` suite of `npm run eval`.
 */
const MODEL_DIR = path.resolve(__dirname, '../../../resources/models/near-surface');

describe('bundled near-surface model', () => {
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
});

/**
 * The bundled 3-component model on one simulated 3-component survey of the test set's kind
 * (seed 977, faster ground than any training survey), where its S, taken from the
 * horizontals, must beat the vertical model's.
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

  it('takes E, N, Z at 4 kHz and has a card', () => {
    expect(three.card.channelOrder).toEqual(['E', 'N', 'Z']);
    expect(three.card.sampleRate).toBe(4000);
    expect(fs.existsSync(path.join(THREE_COMPONENT_DIR, 'MODEL_CARD.md'))).toBe(true);
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

/**
 * The bundled S-line model on one simulated S-line survey of the test set's kind (seed 979,
 * `npm run train:s-line`'s test set): its S output, gather by gather, must find the SH first
 * breaks far better than the vertical model's first break read as S, which is what an S line
 * got before it.
 */
const S_LINE_DIR = path.resolve(__dirname, '../../../resources/models/near-surface-sh');

describe('bundled S-line model', () => {
  let sLine: LoadedModel;
  let vertical: LoadedModel;

  beforeAll(async () => {
    await ensureBackend();
    sLine = loadModel(S_LINE_DIR);
    vertical = loadModel(MODEL_DIR);
  });
  afterAll(() => {
    sLine?.model.dispose();
    vertical?.model.dispose();
  });

  it('is made for S lines, picks S and has a card', () => {
    expect(sLine.card.lineTypes).toEqual(['S']);
    expect(sLine.card.validatedPhases).toEqual(['S']);
    expect(fs.existsSync(path.join(S_LINE_DIR, 'MODEL_CARD.md'))).toBe(true);
  });

  it("finds an S line's first breaks where the vertical model takes the leaked P", async () => {
    const dir = await synthFolder(1, 979, 1, [
      ...['--source', 'sh', '--shots', '5', '--channels', '24,48,72,96'],
      ...['--dt', '0.000125,0.00025,0.0005'],
    ]);
    const firstBreaks = (model: LoadedModel, phase: 'P' | 'S') =>
      syntheticFirstBreaks(
        dir,
        { method: 'phasenet', model, phases: [phase], firstBreak: phase },
        { truth: 'S', picked: phase },
      );
    const own = await firstBreaks(sLine, 'S');
    const before = await firstBreaks(vertical, 'P');
    expect(own.references).toBeGreaterThan(20);
    expect(own.within2).toBeGreaterThan(before.within2 + 0.1);
    expect(own.beforeShot).toBe(0);
  });
});
