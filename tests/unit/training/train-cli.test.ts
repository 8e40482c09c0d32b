import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { TrainingEpoch } from '../../../src-main/api/contract';
import { UsageError, type CommandResult } from '../../../src-main/cli/command';
import { train, trainParams } from '../../../src-main/cli/commands/train';
import { listModels } from '../../../src-main/catalogue/models';
import { PickStore } from '../../../src-main/catalogue/pick-store';
import { Project } from '../../../src-main/catalogue/project';
import { readPicksCsv } from '../../../src-main/export/picks-csv';
import { CancelledError } from '../../../src-main/jobs/task';
import { readCard } from '../../../src-main/picking/model-dir';
import { importFiles } from '../../../src-main/services/import-service';
import { runTraining, type TrainRunResult } from '../../../src-main/training/train-run';
import { trainingTask } from '../../../src-main/training/train-task';
import { appPaths } from '../../../src-main/paths';
import { tmpDir } from '../../helpers/tmp';
import { synthFolder } from './synth-folder';

/** `pickline train ARGS` the way the dispatcher runs it: parseArgs, then run(ctx). */
async function run(...argv: string[]) {
  const out: string[] = [];
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...train.options, json: { type: 'boolean' } },
    strict: true,
  });
  const result = (await train.run({
    values,
    positionals,
    json: values.json === true,
    io: { out: (t) => out.push(t), err: () => {}, untilStopped: () => new Promise(() => {}) },
    paths: appPaths('/nonexistent'),
  })) as CommandResult;
  return { result, out };
}

const parse = (...argv: string[]) =>
  trainParams(parseArgs({ args: argv, options: train.options, strict: true }).values);

describe('pickline train', () => {
  beforeAll(() => {
    vi.stubEnv('PICKLINE_BACKEND', 'wasm');
  });
  afterAll(() => {
    vi.unstubAllEnvs();
  });

  it('trains from the command line, printing one line per epoch', async () => {
    const data = await synthFolder(2);
    const out = path.join(tmpDir(), 'model');
    const { result, out: lines } = await run(
      '--data',
      data,
      '--out',
      out,
      '--epochs',
      '2',
      '--steps',
      '2',
      '--batch',
      '4',
      '--window',
      '256',
      '--sample-rate',
      '2000',
      '--seed',
      '3',
    );
    expect(
      lines.filter((l) => /^epoch \d\/2 {2}loss [\d.]+ {2}val_loss [\d.]+/.test(l)),
    ).toHaveLength(2);
    expect(result.text).toMatch(/trained 2 epochs .* on wasm/);
    const card = readCard(out);
    expect(card.sampleRate).toBe(2000);
    expect(card.channelOrder).toEqual(['Z']);
    expect(card.architecture).toMatchObject({ depth: 5, window: 256, channels: 1 });
    expect(fs.existsSync(path.join(out, 'weights.bin'))).toBe(true);
  });

  it("runs as the 'training.run' task: progress with the epoch losses, cancel between batches", async () => {
    const data = await synthFolder(2);
    const params = {
      data: [data],
      out: path.join(tmpDir(), 'job-model'),
      epochs: 2,
      steps: 2,
      batch: 4,
      window: 256,
      sampleRate: 2000,
    };
    const messages: string[] = [];
    const epochs: TrainingEpoch[] = [];
    const result = (await trainingTask(params, {
      signal: new AbortController().signal,
      progress: (_, message) => messages.push(message),
      epoch: (e) => epochs.push(e),
    })) as TrainRunResult;
    expect(result.epochs).toHaveLength(2);
    expect(messages).toContain(
      `epoch 2/2 done; epoch 2: loss ${result.epochs[1]!.loss.toFixed(4)}, val_loss ${result.epochs[1]!.valLoss.toFixed(4)}`,
    );
    // The same epochs as data, for the job record's loss curve.
    expect(
      epochs.map(({ epoch, epochs: of, loss, valLoss }) => ({ epoch, of, loss, valLoss })),
    ).toEqual(result.epochs.map(({ epoch, loss, valLoss }) => ({ epoch, of: 2, loss, valLoss })));
    expect(epochs[0]!.best).toBe(true);

    const controller = new AbortController();
    await expect(
      trainingTask(
        { ...params, out: path.join(tmpDir(), 'cancelled') },
        {
          signal: controller.signal,
          progress: (f) => f > 0 && controller.abort(),
          epoch: () => {},
        },
      ),
    ).rejects.toBeInstanceOf(CancelledError);
  });

  it("trains on a project's manual picks and records the run in it", async () => {
    const synth = await synthFolder(2);
    const dir = path.join(tmpDir(), 'project');
    const project = Project.create(dir);
    const files = fs.readdirSync(synth).filter((f) => f.endsWith('.sg2'));
    importFiles(
      project,
      files.map((f) => path.join(synth, f)),
    );
    const truth = readPicksCsv(fs.readFileSync(path.join(synth, 'truth.csv'), 'utf8'), 'truth');
    const traces = project.db
      .prepare(
        `SELECT t.id, t.trace_index, f.original_name AS file FROM traces t
         JOIN shots s ON t.shot_id = s.id JOIN raw_files f ON s.raw_file_id = f.id`,
      )
      .all() as { id: number; trace_index: number; file: string }[];
    const store = new PickStore(project.db);
    let picked = 0;
    for (const t of traces) {
      const p = truth.find(
        (r) => r.file === t.file && r.trace === t.trace_index && r.phase === 'P',
      );
      if (p?.time == null) continue;
      store.setManual({ traceId: t.id, phase: 'P', time: p.time });
      picked++;
    }
    project.close();

    const out = path.join(tmpDir(), 'crew-model');
    const result = await runTraining({
      data: [dir],
      out,
      epochs: 1,
      steps: 2,
      batch: 4,
      window: 256,
      sampleRate: 2000,
      validationShare: 0.25,
    });
    expect(result.sources).toEqual([{ dir, kind: 'project', traces: picked }]);
    expect(result.recorded).not.toBeNull();
    const reopened = Project.open(dir);
    try {
      const run = reopened.db.prepare('SELECT * FROM training_runs').get() as {
        model_id: number;
        epochs: string;
        state: string;
      };
      expect(run.model_id).toBe(result.recorded!.modelId);
      expect(JSON.parse(run.epochs)).toHaveLength(1);
      expect(run.state).toBe('done');
      expect(listModels(reopened).map((m) => m.name)).toEqual(['crew-model']);
    } finally {
      reopened.close();
    }
  });

  it('parses the transfer-learning options', () => {
    const p = parse(
      '--data',
      'a',
      '--data',
      'b',
      '--out',
      'm',
      '--init',
      'pn',
      '--load',
      'encoder-decoder',
      '--freeze',
      'deepest:2',
      '--channels',
      '3',
      '--lr',
      '0.0005',
      '--data-shares',
      '3, 1',
      '--resume',
    );
    expect(p).toMatchObject({
      data: ['a', 'b'],
      dataShares: [3, 1],
      init: 'pn',
      load: 'encoder-decoder',
      freeze: 'deepest:2',
      channels: 3,
      lr: 0.0005,
      resume: true,
    });
  });

  it('names the option that is wrong', () => {
    expect(() => parse('--out', 'm')).toThrow(UsageError);
    expect(() => parse('--data', 'a')).toThrow(/--out is required/);
    expect(() => parse('--data', 'a', '--out', 'm', '--load', 'all')).toThrow(/--init/);
    expect(() => parse('--data', 'a', '--out', 'm', '--freeze', 'deep:2')).toThrow(/deepest:N/);
    expect(() => parse('--data', 'a', '--out', 'm', '--channels', '4')).toThrow(/--channels/);
    expect(() => parse('--data', 'a', '--out', 'm', '--lr', '-1')).toThrow(/--lr/);
    expect(() => parse('--data', 'a', '--out', 'm', '--data-shares', '1,x')).toThrow(
      /--data-shares/,
    );
  });

  it('wants one data share per data folder', async () => {
    await expect(runTraining({ data: ['a', 'b'], out: 'm', dataShares: [1] })).rejects.toThrow(
      /one data share per data folder: 1 shares for 2 folders/,
    );
  });
});
