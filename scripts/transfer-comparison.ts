/**
 * The source report's Table 1 with this project's pipeline: the same data, budget and seed
 * for six ways of starting from PhaseNet (or not), each scored on the simulated test set and
 * on refrapy field example 01. Uses the data and the converted PhaseNet that
 * `npm run train:default` prepared in its work folder:
 *
 *   npx jiti scripts/transfer-comparison.ts [--work DIR] [--epochs N] [--steps N]
 *
 * Prints a Markdown table (docs/transfer-learning.md) and writes `<work>/comparison.json`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readSgt } from '../src-main/export/sgt';
import { readAny } from '../src-main/formats/registry';
import { loadModel } from '../src-main/picking/model-dir';
import { PHASENET_CONFIG } from '../src-main/picking/phasenet/model';
import { DEFAULT_AUGMENT, splitByShot } from '../src-main/training/dataset';
import { fieldAgreement, syntheticScores } from '../src-main/training/evaluation';
import { rngFor } from '../src-main/training/random';
import { loadSource } from '../src-main/training/sources';
import { tracesWithShares } from '../src-main/training/train-run';
import { trainModel, type TrainConfig } from '../src-main/training/trainer';
import { ensureTrainingBackend } from '../src-main/training/training-backend';
import { parseFreeze, type LoadMode } from '../src-main/training/transfer';

const REPO = path.resolve(__dirname, '..');
const SHARED = path.resolve(REPO, '../shared/data');
const REFRAPY = path.join(SHARED, 'refraction/refrapy-ex01');

const { values } = parseArgs({
  options: {
    work: { type: 'string', default: path.join(REPO, '.scratch/train-default') },
    epochs: { type: 'string', default: '6' },
    steps: { type: 'string', default: '40' },
  },
});
const work = path.resolve(values.work!);

/** The report's cases (section 10, Table 1), in its order. */
const CASES: { label: string; load: LoadMode | null; freeze: string }[] = [
  { label: 'From scratch', load: null, freeze: 'none' },
  { label: 'Load all, fine-tune all', load: 'all', freeze: 'none' },
  { label: 'Load all, freeze 2 deepest levels', load: 'all', freeze: 'deepest:2' },
  {
    label: 'Load encoder/decoder only, freeze 2 deepest levels',
    load: 'encoder-decoder',
    freeze: 'deepest:2',
  },
  { label: 'Load and freeze input + encoder', load: 'input-encoder', freeze: 'input-encoder' },
  {
    label: 'Load all, freeze encoder/decoder levels 1-4 (layers:down_1_conv-up_1_bn)',
    load: 'all',
    freeze: 'layers:down_1_conv-up_1_bn',
  },
];

async function main(): Promise<void> {
  const backend = await ensureTrainingBackend();
  const phasenet = path.join(work, 'phasenet');
  const trainData = path.join(work, 'synth-train');
  const testData = path.join(work, 'synth-test');
  for (const dir of [phasenet, trainData, testData]) {
    if (!fs.existsSync(dir)) throw new Error(`${dir} is missing: run npm run train:default first`);
  }
  // The data as train:default reads them: buried simulated arrivals unlabelled, GeoStack a
  // fifth of the windows.
  const target = {
    sampleRate: 4000,
    channelOrder: ['Z'],
    npySampleInterval: 0.00025,
    minArrivalSnr: 0,
  };
  const traces = tracesWithShares(
    [trainData, path.join(SHARED, 'refraction/geostack-dataset1')].map(
      (dir) => loadSource(dir, target).traces,
    ),
    [0.8, 0.2],
  );
  const split = splitByShot(traces, 0.1, rngFor(1, 'split'));
  const files = fs
    .readdirSync(path.join(REFRAPY, 'data'))
    .sort()
    .map((f) => readAny(path.join(REFRAPY, 'data', f)));
  const sgt = path.join(REFRAPY, 'picks/field_example_01.sgt');
  const manual = readSgt(fs.readFileSync(sgt, 'utf8'), sgt).picks;

  const rows = [];
  for (const c of CASES) {
    const config: TrainConfig = {
      name: 'comparison',
      architecture: { ...PHASENET_CONFIG, channels: 1, window: 1024 },
      sampleRate: 4000,
      channelOrder: ['Z'],
      epochs: Number(values.epochs),
      batchSize: 32,
      stepsPerEpoch: Number(values.steps),
      validationWindows: 512,
      learningRate: 1e-3,
      schedule: { kind: 'cosine' },
      patience: 0,
      seed: 1,
      labels: { shape: 'gaussian', width: 6 },
      augment: DEFAULT_AUGMENT,
      init: c.load ? { dir: phasenet, load: c.load } : null,
      freeze: parseFreeze(c.freeze),
      dataDescription: 'comparison',
    };
    const out = path.join(work, 'comparison', String(rows.length + 1));
    const result = await trainModel(out, split, config);
    const model = loadModel(out);
    const scores = await syntheticScores(testData, model, 10 / 4000, { minSnr: 0 });
    const field = await fieldAgreement(
      files,
      manual,
      { method: 'phasenet', model },
      { tolerance: 0.002, withinMs: [2] },
    );
    model.model.dispose();
    const row = {
      case: c.label,
      trainSeconds: result.seconds,
      trainableParameters: result.trainableParameters,
      bestValLoss: result.bestValLoss,
      scores: scores.all.map((s) => ({ phase: s.phase, p: s.precision, r: s.recall, f1: s.f1 })),
      standingOut: scores.visible.map((s) => ({ phase: s.phase, f1: s.f1 })),
      refrapyWithin2ms: field.score.withinMs[0]!.share,
    };
    rows.push(row);
    process.stdout.write(`${JSON.stringify(row)}\n`);
  }
  fs.writeFileSync(
    path.join(work, 'comparison.json'),
    `${JSON.stringify({ backend: backend.name, values, rows }, null, 2)}\n`,
  );
  const f = (v: number | null | undefined) => (v == null ? '-' : v.toFixed(3));
  process.stdout.write(
    '\n| Case | Phase | Precision | Recall | F1 | F1, standing out | refrapy within 2 ms | train time |\n' +
      '|---|---|---|---|---|---|---|---|\n',
  );
  for (const r of rows) {
    for (const s of r.scores) {
      const out = r.standingOut.find((v) => v.phase === s.phase);
      process.stdout.write(
        `| ${r.case} | ${s.phase} | ${f(s.p)} | ${f(s.r)} | ${f(s.f1)} | ${f(out?.f1)} | ` +
          `${s.phase === 'P' ? `${((r.refrapyWithin2ms ?? 0) * 100).toFixed(1)} %` : ''} | ` +
          `${s.phase === 'P' ? `${(r.trainSeconds / 60).toFixed(1)} min` : ''} |\n`,
      );
    }
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`transfer-comparison: ${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
