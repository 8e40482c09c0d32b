import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CancelledError } from '../../../src-main/jobs/task';
import { loadModel } from '../../../src-main/picking/model-dir';
import { checkpointDir } from '../../../src-main/training/checkpoint';
import { DEFAULT_AUGMENT, splitByShot } from '../../../src-main/training/dataset';
import type { LabelledTrace } from '../../../src-main/training/labelled-traces';
import { rngFor } from '../../../src-main/training/random';
import { loadSource } from '../../../src-main/training/sources';
import { ensureTrainingBackend } from '../../../src-main/training/training-backend';
import {
  earlyStopping,
  trainModel,
  type EpochReport,
  type TrainConfig,
} from '../../../src-main/training/trainer';
import { tmpDir } from '../../helpers/tmp';
import { synthFolder } from './synth-folder';

/**
 * The trainer on a small network and a small simulated data set, on wasm (the backend the
 * app trains on): a model directory of the best epoch, no tensor leaked from epoch to epoch,
 * an interrupted run that resumes to exactly the history of an uninterrupted one, frozen
 * layers that stay as loaded, and early stopping.
 */

const CONFIG: TrainConfig = {
  name: 'tiny',
  architecture: {
    depth: 3,
    filters: [4, 8, 8],
    kernel: 7,
    pool: 4,
    channels: 1,
    window: 256,
    classes: 3,
  },
  sampleRate: 2000,
  channelOrder: ['Z'],
  epochs: 3,
  batchSize: 4,
  stepsPerEpoch: 3,
  validationWindows: 8,
  learningRate: 1e-3,
  schedule: { kind: 'cosine' },
  patience: 0,
  seed: 4,
  labels: { shape: 'gaussian', width: 4 },
  augment: DEFAULT_AUGMENT,
  init: null,
  freeze: { kind: 'none' },
  dataDescription: 'test',
};

let data: { train: LabelledTrace[]; validation: LabelledTrace[] };

describe('trainer', () => {
  beforeAll(async () => {
    vi.stubEnv('PICKLINE_BACKEND', 'wasm');
    expect((await ensureTrainingBackend()).name).toBe('wasm');
    const { traces } = loadSource(await synthFolder(2), { sampleRate: 2000, channelOrder: ['Z'] });
    data = splitByShot(traces, 0.25, rngFor(1, 'split'));
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it('trains, saves the best epoch as a model directory and leaks no tensors', async () => {
    const out = path.join(tmpDir(), 'model');
    const epochs: EpochReport[] = [];
    const result = await trainModel(out, data, CONFIG, { onEpoch: (e) => epochs.push(e) });
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2, 3]);
    for (const e of epochs) {
      expect(Number.isFinite(e.loss) && Number.isFinite(e.valLoss)).toBe(true);
      expect(e.windows).toBe(12);
    }
    // Every epoch ends with the same live tensors: nothing accumulates.
    expect(new Set(epochs.map((e) => e.tensors)).size).toBe(1);
    const best = Math.min(...epochs.map((e) => e.valLoss));
    expect(result.bestValLoss).toBe(best);
    expect(result.bestEpoch).toBe(epochs.find((e) => e.valLoss === best)!.epoch);
    const saved = loadModel(out);
    expect(saved.card.notes).toContain(`Best epoch ${result.bestEpoch}`);
    expect(saved.card.sampleRate).toBe(2000);
    saved.model.dispose();
    // A finished run leaves no checkpoint behind.
    expect(fs.existsSync(checkpointDir(out))).toBe(false);
  });

  it('resumes an interrupted run to exactly the uninterrupted history', async () => {
    const straight = await trainModel(path.join(tmpDir(), 'a'), data, CONFIG);

    const out = path.join(tmpDir(), 'b');
    const controller = new AbortController();
    let steps = 0;
    await expect(
      trainModel(out, data, CONFIG, {
        signal: controller.signal,
        // Stop in the middle of the second epoch.
        onProgress: () => {
          if (++steps === 5) controller.abort();
        },
      }),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(fs.existsSync(checkpointDir(out))).toBe(true);

    const resumed = await trainModel(out, data, CONFIG, { resume: true });
    expect(resumed.resumedFromEpoch).toBe(1);
    expect(resumed.epochs).toHaveLength(3);
    resumed.epochs.forEach((e, i) => {
      expect(e.loss).toBeCloseTo(straight.epochs[i]!.loss, 6);
      expect(e.valLoss).toBeCloseTo(straight.epochs[i]!.valLoss, 6);
    });
  });

  it('refuses to resume a checkpoint written with other settings', async () => {
    const out = path.join(tmpDir(), 'model');
    const controller = new AbortController();
    let steps = 0;
    await expect(
      trainModel(out, data, CONFIG, {
        signal: controller.signal,
        onProgress: () => {
          if (++steps === 4) controller.abort();
        },
      }),
    ).rejects.toBeInstanceOf(CancelledError);
    await expect(
      trainModel(out, data, { ...CONFIG, learningRate: 0.01 }, { resume: true }),
    ).rejects.toThrow(/other settings/);
  });

  it('keeps frozen layers as loaded and trains the others', async () => {
    const initDir = path.join(tmpDir(), 'init');
    await trainModel(initDir, data, { ...CONFIG, epochs: 1 });
    const out = path.join(tmpDir(), 'tuned');
    const result = await trainModel(out, data, {
      ...CONFIG,
      epochs: 1,
      init: { dir: initDir, load: 'all' },
      freeze: { kind: 'encoder' },
    });
    expect(result.frozen).toContain('down_0_conv');
    expect(result.transfer!.loaded).toContain('down_0_conv');
    const before = loadModel(initDir);
    const after = loadModel(out);
    const values = (m: typeof before, layer: string) =>
      Array.from(m.model.getLayer(layer).getWeights()[0]!.dataSync());
    expect(values(after, 'down_1_conv')).toEqual(values(before, 'down_1_conv'));
    expect(values(after, 'up_0_conv')).not.toEqual(values(before, 'up_0_conv'));
    before.model.dispose();
    after.model.dispose();
  });

  it('stops early after `patience` epochs without a better validation loss', () => {
    let state = { bestValLoss: null as number | null, stale: 0 };
    const stops = [1.0, 0.8, 0.9, 0.85, 0.7, 0.75, 0.8].map((valLoss) => {
      const next = earlyStopping(state, valLoss, 2);
      state = next;
      return [next.best, next.stop];
    });
    expect(stops).toEqual([
      [true, false],
      [true, false],
      [false, false],
      [false, true],
      [true, false],
      [false, false],
      [false, true],
    ]);
    expect(earlyStopping({ bestValLoss: 0.5, stale: 9 }, 0.6, 0).stop).toBe(false);
  });
});
