/**
 * Trains the bundled model for S lines, resources/models/near-surface-sh, from nothing but the
 * repository, and measures it: `npm run train:s-line [-- --work DIR] [--out DIR] [--epochs N]
 * [--steps N]`.
 *
 * On an S line (horizontal SH source, horizontal crossline geophones) the first break a crew
 * picks is S; weak P leaks in before it and Love waves follow. The vertical model's first
 * break there is whatever moves first, often the leaked P. So:
 *
 * 1. simulates S-line surveys (`pickline synth --source sh`, seed 21) and a test set with a
 *    new seed;
 * 2. fine-tunes the bundled vertical model (`near-surface`, which knows first breaks) on
 *    them, labels S where the SH arrival stands out and P where the leak does;
 * 3. measures on the test set, the way docs/field-accuracy.md scores real lines, the S first
 *    breaks of the new model (its S output, gather by gather and trace by trace) against the
 *    vertical model's first break read as S, which is what an S line got before;
 * 4. writes the model directory, its card saying it is made for S lines, and
 *    `<work>/report.json`.
 *
 * Every random draw comes from the seeds below, so a run repeats.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCli } from '../src-main/cli/dispatcher';
import type { ResidualStats } from '../src-main/metrics/residual-stats';
import { loadModel, type LoadedModel } from '../src-main/picking/model-dir';
import type { PickFileOptions } from '../src-main/picking/pick-file';
import { appPaths } from '../src-main/paths';
import { bundledModel, S_LINE_MODEL } from '../src-main/services/bundled-models';
import { hasCheckpoint } from '../src-main/training/checkpoint';
import { syntheticFirstBreaks, syntheticScores } from '../src-main/training/evaluation';
import { runTraining, type TrainRunParams } from '../src-main/training/train-run';
import { ensureTrainingBackend } from '../src-main/training/training-backend';
import { millis, percent } from '../eval/table';

const REPO = path.resolve(__dirname, '..');
const RESOURCES = path.join(REPO, 'resources');
const TRAIN_SYNTH = ['--seed', '21', '--surveys', '60', '--source', 'sh'];
const TEST_SYNTH = ['--seed', '979', '--surveys', '8', '--source', 'sh'];
/** As the vertical model's recipe: arrivals that do not stand out are not labels. */
const MIN_ARRIVAL_SNR = 0;
const TEST_TOLERANCE = 10 / 4000;

const { values } = parseArgs({
  options: {
    work: { type: 'string', default: path.join(REPO, '.scratch/train-s-line') },
    out: { type: 'string', default: path.join(RESOURCES, 'models', S_LINE_MODEL) },
    epochs: { type: 'string', default: '12' },
    steps: { type: 'string', default: '150' },
  },
});
const work = path.resolve(values.work!);
const out = path.resolve(values.out!);

function log(text: string): void {
  process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);
}

async function simulate(dir: string, args: string[]): Promise<void> {
  if (fs.existsSync(path.join(dir, 'truth.csv'))) return;
  fs.rmSync(dir, { recursive: true, force: true });
  const code = await runCli(
    ['synth', '--out', dir, ...args],
    {
      out: () => {},
      err: (t) => process.stderr.write(t),
      untilStopped: () => new Promise(() => {}),
    },
    appPaths(path.join(REPO, 'out/main')),
  );
  if (code !== 0) throw new Error(`pickline synth ${args.join(' ')} failed (exit ${code})`);
}

const describe = (s: ResidualStats & { beforeShot: number }) =>
  `within 1/2/5 ms ${percent(s.within1)} / ${percent(s.within2)} / ${percent(s.within5)}, median ` +
  `${millis(s.median)} ms, p10/p90 ${millis(s.p10)} / ${millis(s.p90)} ms, gross ${percent(s.gross)}, ` +
  `${s.picked}/${s.references} picked, ${s.beforeShot} before 0 s`;

async function main(): Promise<void> {
  const started = performance.now();
  fs.mkdirSync(work, { recursive: true });
  const backend = await ensureTrainingBackend();
  log(`backend ${backend.name}; work folder ${work}`);
  const trainData = path.join(work, 'synth-train');
  const testData = path.join(work, 'synth-test');
  await simulate(trainData, TRAIN_SYNTH);
  await simulate(testData, TEST_SYNTH);
  log(`data ready after ${((performance.now() - started) / 1000).toFixed(0)} s`);

  const vertical = bundledModel(RESOURCES);
  const params: TrainRunParams = {
    data: [trainData],
    out: path.join(work, 'model'),
    init: vertical,
    load: 'all',
    freeze: 'none',
    channels: 1,
    sampleRate: 4000,
    window: 1024,
    epochs: Number(values.epochs),
    steps: Number(values.steps),
    batch: 32,
    lr: 3e-4,
    seed: 1,
    patience: 4,
    labelWidth: 6,
    minArrivalSnr: MIN_ARRIVAL_SNR,
    name: S_LINE_MODEL,
    resume: true,
  };
  const resultFile = path.join(work, 'training.json');
  const result =
    fs.existsSync(resultFile) && !hasCheckpoint(params.out)
      ? JSON.parse(fs.readFileSync(resultFile, 'utf8'))
      : await runTraining(params, {
          onEpoch: (e) =>
            log(
              `epoch ${e.epoch}/${e.epochs} loss ${e.loss.toFixed(5)} val_loss ` +
                `${e.valLoss.toFixed(5)} ${e.seconds.toFixed(0)} s${e.best ? ' *' : ''}`,
            ),
        });
  fs.writeFileSync(resultFile, `${JSON.stringify(result, null, 2)}\n`);

  // What an S line's first breaks were before (the vertical model's, read as S) against the
  // new model's S output, gather by gather and trace by trace.
  const firstBreaks = async (
    model: LoadedModel,
    pick: Partial<PickFileOptions>,
    phase: 'P' | 'S',
  ) =>
    syntheticFirstBreaks(
      testData,
      { method: 'phasenet', model, phases: [phase], firstBreak: phase, ...pick },
      { truth: 'S', picked: phase, minSnr: MIN_ARRIVAL_SNR },
    );
  const before = loadModel(vertical);
  const after = loadModel(params.out);
  const measured = {
    verticalModelFirstBreak: await firstBreaks(before, {}, 'P'),
    sLineModelGather: await firstBreaks(after, {}, 'S'),
    sLineModelTrace: await firstBreaks(after, { strategy: 'trace' }, 'S'),
  };
  const scores = await syntheticScores(testData, after, TEST_TOLERANCE, {
    minSnr: MIN_ARRIVAL_SNR,
    pick: { phases: ['P', 'S'] },
  });
  before.model.dispose();
  after.model.dispose();
  for (const [name, s] of Object.entries(measured)) log(`${name}: ${describe(s)}`);
  for (const s of scores.visible) log(`test F1 ${s.phase}: ${(s.f1 ?? 0).toFixed(3)}`);

  const report = { backend: backend.name, training: { params, ...result }, measured, scores };
  fs.writeFileSync(path.join(work, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);

  const card = JSON.parse(fs.readFileSync(path.join(params.out, 'model.json'), 'utf8'));
  card.source =
    'npm run train:s-line: fine-tuned from the bundled near-surface model on pickline synth ' +
    `--source sh seed 21 (${TRAIN_SYNTH[3]} S-line surveys; arrivals standing out less than ${MIN_ARRIVAL_SNR} dB unlabelled)`;
  card.licence =
    'MIT. Initial weights: near-surface (from PhaseNet, MIT, W. Zhu and G. C. Beroza 2019, ' +
    'refrapy field example 01, MIT, Refrapy, GeoStack dataset 1, MIT, Les solutions Géostack, ' +
    'and formikoj soda lakes, MIT, formikoj); training data: simulated surveys';
  card.lineTypes = ['S'];
  // One channel takes whatever single trace a receiver has; on a 3-component receiver of an
  // S line it is the crossline horizontal (N, as the simulator writes it) that records SH.
  card.channelOrder = ['N'];
  card.validatedPhases = ['S'];
  const g = measured.sLineModelGather;
  card.notes =
    `${card.notes} Simulated S-line test set (seed 979): S first breaks ${percent(g.within2)} within ` +
    `2 ms (median ${millis(g.median)} ms); the vertical model's first break read as S ` +
    `${percent(measured.verticalModelFirstBreak.within2)}. Not yet validated on a real S line. See MODEL_CARD.md.`;
  fs.mkdirSync(out, { recursive: true });
  fs.copyFileSync(path.join(params.out, 'weights.bin'), path.join(out, 'weights.bin'));
  fs.writeFileSync(path.join(out, 'model.json'), `${JSON.stringify(card, null, 2)}\n`);
  log(`wrote ${out} in ${((performance.now() - started) / 1000).toFixed(0)} s`);
}

main().catch((err: unknown) => {
  process.stderr.write(`train-s-line: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
