/**
 * Trains a near-surface model from nothing but the repository and ../shared/data, and
 * measures it: `npm run train:default [-- --components 1|3] [--work DIR] [--out DIR]
 * [--epochs N] [--steps N] [--geostack DIR]`. `--components 3` makes
 * resources/models/near-surface-3c, for lines of 3-component geophones, where S shows on the
 * horizontals. `--components 1` (the default) makes this recipe's vertical-component model in
 * the work folder: it was the bundled near-surface until 2026-12-07, when the model trained on
 * every real line (`npm run field:lolo -- --bundle`) replaced it; docs/pseudo-labelling.md
 * trains it with `--geostack`, which replaces GeoStack dataset 1 by a folder of some of its
 * gathers.
 *
 * 1. converts the published PhaseNet checkpoint (MIT, Zhu & Beroza 2019) to a model directory;
 * 2. simulates training surveys (`pickline synth`, seed 11, S waves on; vertical or
 *    3-component receivers) and a test set with a new seed and velocity ranges the training
 *    never saw (for the 3-component model also its vertical-only version, the same Z traces);
 * 3. trains by transfer learning from PhaseNet (all layers loaded, nothing frozen; its E, N, Z
 *    first layer adapted to Z, or kept as it is for 3 components) on the simulated surveys
 *    plus GeoStack dataset 1 (vertical only: a 3-component model gets its Z filled and the
 *    horizontals zero, as from any vertical-only line);
 * 4. measures the model on refrapy field example 01 (never trained on) against its 120 manual
 *    P picks, beside the best classical picker, and on the simulated test set(s);
 * 5. writes the model directory and `<work>/report.json` (timings and metrics).
 *
 * Every random draw comes from the seeds below, so a run repeats; its duration depends on the
 * machine (see MODEL_CARD.md for the one measured).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { runCli } from '../src-main/cli/dispatcher';
import { readSgt } from '../src-main/export/sgt';
import { readAny } from '../src-main/formats/registry';
import { loadModel, saveModel } from '../src-main/picking/model-dir';
import { convertCheckpoint } from '../src-main/picking/phasenet/convert';
import { appPaths } from '../src-main/paths';
import { fieldAgreement, syntheticScores } from '../src-main/training/evaluation';
import { hasCheckpoint } from '../src-main/training/checkpoint';
import {
  runTraining,
  type TrainRunParams,
  type TrainRunResult,
} from '../src-main/training/train-run';
import { ensureTrainingBackend } from '../src-main/training/training-backend';

const REPO = path.resolve(__dirname, '..');
const SHARED = path.resolve(REPO, '../shared/data');
const CHECKPOINT = path.join(SHARED, 'phasenet/checkpoint/model_95.ckpt');
const GEOSTACK = path.join(SHARED, 'refraction/geostack-dataset1');
const REFRAPY = path.join(SHARED, 'refraction/refrapy-ex01');

/** Simulated surveys: training, and a test set with a new seed and faster ground. */
const TRAIN_SYNTH = ['--seed', '11', '--surveys', '120', '--s-waves', '--top-vp', '398:900'];
const TEST_SYNTH = [
  ...['--seed', '977', '--surveys', '10', '--s-waves'],
  ...['--top-vp', '900:1400', '--bedrock-vp', '4500:7000'],
];
/** What changes with the receivers' components. */
const RECIPES = {
  1: { name: 'near-surface-geostack', work: '.scratch/train-default', firstLayer: 'adapted to Z' },
  3: { name: 'near-surface-3c', work: '.scratch/train-3c-default', firstLayer: 'E, N, Z as it is' },
} as const;
/** 10 samples of the model's 4 kHz. */
const TEST_TOLERANCE = 10 / 4000;
/**
 * Simulated arrivals that do not stand out from what they overlap (the simulator's own
 * measure, survey.json `arrivalSnr`, below 0 dB) are not labels in training and are left out
 * of the "visible" test scores: no picker could place them.
 */
const MIN_ARRIVAL_SNR = 0;
/**
 * Share of the training windows from GeoStack's 960 real traces (beside ~36 000 simulated
 * ones, which would otherwise give them 3 %): real first breaks, with their wavelets, noise
 * and coupling, are what the model meets in the field.
 */
const REAL_SHARE = 0.2;

const { values } = parseArgs({
  options: {
    components: { type: 'string', default: '1' },
    work: { type: 'string' },
    out: { type: 'string' },
    epochs: { type: 'string', default: '32' },
    steps: { type: 'string', default: '150' },
    geostack: { type: 'string', default: GEOSTACK },
  },
});
if (values.components !== '1' && values.components !== '3') {
  throw new Error(`--components must be 1 or 3, got ${values.components}`);
}
const components = Number(values.components) as 1 | 3;
const recipe = RECIPES[components];
const work = path.resolve(values.work ?? path.join(REPO, recipe.work));
const out = path.resolve(
  values.out ??
    (components === 3
      ? path.join(REPO, 'resources/models', recipe.name)
      : path.join(work, recipe.name)),
);
/** `pickline synth` arguments of this recipe's receivers. */
const receivers = ['--components', String(components)];

function log(text: string): void {
  process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);
}

async function pickline(...argv: string[]): Promise<void> {
  const code = await runCli(
    argv,
    { out: () => {}, err: () => {}, untilStopped: () => new Promise(() => {}) },
    appPaths(path.join(REPO, 'out/main')),
  );
  if (code !== 0) throw new Error(`pickline ${argv.join(' ')} failed (exit ${code})`);
}

async function simulate(dir: string, args: string[]): Promise<void> {
  if (fs.existsSync(path.join(dir, 'truth.csv'))) return;
  fs.rmSync(dir, { recursive: true, force: true });
  await pickline('synth', '--out', dir, ...args);
}

/**
 * Trains, unless this training finished before (its result file and no checkpoint): then the
 * script only measures again. A stopped run resumes from its last epoch.
 */
async function trainStage(name: string, params: TrainRunParams): Promise<TrainRunResult> {
  const resultFile = path.join(work, `training-${name}.json`);
  if (fs.existsSync(resultFile) && !hasCheckpoint(params.out)) {
    log(`${name}: trained earlier (${resultFile})`);
    return JSON.parse(fs.readFileSync(resultFile, 'utf8')) as TrainRunResult;
  }
  const result = await runTraining(params, {
    onEpoch: (e) =>
      log(
        `${name} epoch ${e.epoch}/${e.epochs} loss ${e.loss.toFixed(5)} ` +
          `val_loss ${e.valLoss.toFixed(5)} lr ${e.learningRate.toExponential(2)} ` +
          `${e.seconds.toFixed(0)} s ${e.windowsPerSecond.toFixed(1)} windows/s${e.best ? ' *' : ''}`,
      ),
  });
  fs.writeFileSync(resultFile, `${JSON.stringify(result, null, 2)}\n`);
  log(`${name}: trained in ${result.seconds.toFixed(0)} s, best epoch ${result.bestEpoch}`);
  return result;
}

async function main(): Promise<void> {
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  fs.mkdirSync(work, { recursive: true });
  const backend = await ensureTrainingBackend();
  log(`backend ${backend.name}; work folder ${work}`);

  const phasenet = path.join(work, 'phasenet');
  if (!fs.existsSync(path.join(phasenet, 'model.json'))) {
    const converted = convertCheckpoint(CHECKPOINT);
    saveModel(
      phasenet,
      {
        name: 'phasenet',
        architecture: converted.config,
        sampleRate: 100,
        channelOrder: ['E', 'N', 'Z'],
        normalization: 'phasenet',
        source: `TensorFlow 1 checkpoint ${path.basename(CHECKPOINT)}`,
        licence: 'MIT (PhaseNet, W. Zhu and G. C. Beroza)',
        createdAt: new Date().toISOString(),
        notes: 'The published PhaseNet, the starting point of the transfer learning.',
      },
      converted.model,
    );
    converted.model.dispose();
  }
  const trainData = path.join(work, 'synth-train');
  const testData = path.join(work, 'synth-test');
  // The 3-component model also meets the test set's vertical traces alone.
  const testVertical = components === 3 ? path.join(work, 'synth-test-z') : null;
  await simulate(trainData, [...TRAIN_SYNTH, ...receivers]);
  await simulate(testData, [...TEST_SYNTH, ...receivers]);
  if (testVertical) await simulate(testVertical, [...TEST_SYNTH, '--components', '1']);
  const prepared = seconds();
  log(`data ready after ${prepared.toFixed(0)} s`);

  // Transfer learning: all of PhaseNet loaded, its first layer adapted to the components,
  // nothing frozen.
  const params: TrainRunParams = {
    data: [trainData, path.resolve(values.geostack!)],
    dataShares: [1 - REAL_SHARE, REAL_SHARE],
    npySampleInterval: 0.00025,
    out: path.join(work, 'model'),
    init: phasenet,
    load: 'all',
    freeze: 'none',
    channels: components,
    sampleRate: 4000,
    window: 1024,
    epochs: Number(values.epochs),
    steps: Number(values.steps),
    batch: 32,
    lr: 1e-3,
    seed: 1,
    patience: 8,
    labelWidth: 6,
    minArrivalSnr: MIN_ARRIVAL_SNR,
    name: recipe.name,
    resume: true,
  };
  const result = await trainStage('transfer', params);
  const trained = seconds();

  const model = loadModel(params.out);
  const files = fs
    .readdirSync(path.join(REFRAPY, 'data'))
    .sort()
    .map((f) => readAny(path.join(REFRAPY, 'data', f)));
  const sgt = path.join(REFRAPY, 'picks/field_example_01.sgt');
  const manual = readSgt(fs.readFileSync(sgt, 'utf8'), sgt).picks;
  const within = { tolerance: 0.002, withinMs: [1, 2, 5, 10] };
  const field = await fieldAgreement(files, manual, { method: 'phasenet', model }, within);
  const classical = await fieldAgreement(files, manual, { method: 'stalta-aic' }, within);
  const synthetic = await syntheticScores(testData, model, TEST_TOLERANCE, {
    minSnr: MIN_ARRIVAL_SNR,
  });
  const vertical = testVertical
    ? await syntheticScores(testVertical, model, TEST_TOLERANCE, { minSnr: MIN_ARRIVAL_SNR })
    : null;
  model.model.dispose();
  const evaluated = seconds();

  const scoreTable = (scores: typeof synthetic) =>
    Object.fromEntries(
      (['all', 'visible'] as const).map((subset) => [
        subset,
        scores[subset].map((s) => ({
          phase: s.phase,
          precision: s.precision,
          recall: s.recall,
          f1: s.f1,
          labels: s.labels,
          maeMs: s.residual ? s.residual.mae * 1000 : null,
        })),
      ]),
    );
  const shares = (a: typeof field) =>
    Object.fromEntries(a.score.withinMs.map((w) => [`${w.limit} ms`, w.share]));
  const report = {
    backend: backend.name,
    seconds: { data: prepared, training: result.seconds, evaluation: evaluated - trained },
    training: {
      params,
      epochs: result.epochs,
      bestEpoch: result.bestEpoch,
      bestValLoss: result.bestValLoss,
      stoppedEarly: result.stoppedEarly,
      trainTraces: result.trainTraces,
      validationTraces: result.validationTraces,
      transfer: result.transfer,
    },
    refrapy: { matched: field.matched, phasenet: shares(field), staLtaAic: shares(classical) },
    syntheticTest: scoreTable(synthetic),
    ...(vertical ? { syntheticTestVertical: scoreTable(vertical) } : {}),
    visibleMinSnrDb: synthetic.minSnr,
    visibility: synthetic.visibility,
  };
  fs.writeFileSync(path.join(work, 'report.json'), `${JSON.stringify(report, null, 2)}\n`);

  // The bundled model: the best epoch's card and weights, its measurements in the notes.
  const card = JSON.parse(fs.readFileSync(path.join(params.out, 'model.json'), 'utf8'));
  // The work folder's paths mean nothing where the model is shipped.
  card.source =
    `npm run train:default${components === 3 ? ' -- --components 3' : ''}: transfer learning ` +
    `from PhaseNet (model_95.ckpt, all layers, first layer ${recipe.firstLayer}) on pickline ` +
    `synth seed 11 (120 surveys of ${components}-component receivers; arrivals standing out ` +
    `less than ${MIN_ARRIVAL_SNR} dB unlabelled) and GeoStack dataset 1 ` +
    `(${Math.round(100 * REAL_SHARE)} % of the windows)`;
  card.licence =
    'MIT. Initial weights: PhaseNet (MIT, W. Zhu and G. C. Beroza 2019); ' +
    'training data: GeoStack dataset 1 (MIT, Les solutions Géostack) and simulated surveys';
  const pct = (v: number | null | undefined) => `${((v ?? 0) * 100).toFixed(1)} %`;
  card.notes =
    `${card.notes} refrapy-ex01 (never trained on): ${pct(field.score.withinMs[1]!.share)} of ` +
    `${field.matched} manual P picks within 2 ms (STA/LTA+AIC: ${pct(classical.score.withinMs[1]!.share)}). ` +
    `Simulated test set (seed 977, unseen velocities), 10-sample tolerance, arrivals standing ` +
    `out by at least ${synthetic.minSnr} dB: ` +
    synthetic.visible.map((s) => `${s.phase} F1 ${(s.f1 ?? 0).toFixed(3)}`).join(', ') +
    (vertical
      ? '; its vertical traces alone: ' +
        vertical.visible.map((s) => `${s.phase} F1 ${(s.f1 ?? 0).toFixed(3)}`).join(', ')
      : '') +
    '. See MODEL_CARD.md.';
  // A phase is offered by default only where the model picks it: F1 ≥ 0.5 on the visible
  // simulated arrivals of the lines it is for (see MODEL_CARD.md).
  card.validatedPhases = synthetic.visible.filter((s) => (s.f1 ?? 0) >= 0.5).map((s) => s.phase);
  fs.mkdirSync(out, { recursive: true });
  fs.copyFileSync(path.join(params.out, 'weights.bin'), path.join(out, 'weights.bin'));
  fs.writeFileSync(path.join(out, 'model.json'), `${JSON.stringify(card, null, 2)}\n`);
  log(
    `refrapy within 2 ms: ${pct(field.score.withinMs[1]!.share)} (STA/LTA+AIC ${pct(classical.score.withinMs[1]!.share)})`,
  );
  for (const [name, scores] of [
    ['', synthetic],
    [' (vertical traces alone)', vertical],
  ] as const) {
    for (const subset of ['all', 'visible'] as const) {
      for (const s of scores?.[subset] ?? []) {
        log(`synthetic test${name} (${subset}) ${s.phase}: F1 ${(s.f1 ?? 0).toFixed(3)}`);
      }
    }
  }
  log(`wrote ${out}; report ${path.join(work, 'report.json')}; ${seconds().toFixed(0)} s in all`);
}

main().catch((err: unknown) => {
  process.stderr.write(`train-default: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
