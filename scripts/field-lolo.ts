/**
 * Field accuracy, leave one line out: `npm run field:lolo [-- --work DIR] [--data DIR]
 * [--epochs N] [--steps N] [--low-cut SHARE] [--prepare] [--bundle]`. For each real line with
 * an analyst's picks (scripts/field/lines.ts), a model that never saw it is trained and scored
 * on it; the bundled model's recipe is the last stage, trained on every line. Every stage draws
 * `--low-cut` of its windows (default half) through another instrument's random low cut
 * (training/augment.ts `lowCut`). Writes `<work>/lolo-report.json` and prints the tables of
 * docs/field-accuracy.md.
 *
 * 1. converts the published PhaseNet checkpoint and simulates the training surveys (the same
 *    seeds as `npm run train:default`);
 * 2. makes each real line a Pickline project (its files imported with their geometry, the
 *    analyst's picks imported as accepted), so training reads it as it reads a crew's project;
 * 3. trains a base model on the simulation alone, by transfer learning from PhaseNet (the
 *    recipe of train-default.ts without any real line);
 * 4. for each line, fine-tunes the base on the simulation and the *other* lines, and scores it
 *    on the line left out, per trace and gather by gather;
 * 5. fine-tunes the base on the simulation and all lines: the bundled model, which `--bundle`
 *    writes to resources/models/near-surface (its MODEL_CARD.md is written by hand from this
 *    script's tables);
 * 6. teaching (training/teach.ts, what "Teach this line" runs): each line's model that never
 *    saw it is taught 1, 2 and 4 of its gathers and scored on the others.
 *
 * A stage that finished before (its model and result file, no checkpoint) is not run again.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Project } from '../src-main/catalogue/project';
import { runCli } from '../src-main/cli/dispatcher';
import { ensureBackend } from '../src-main/ml/backend';
import { appPaths } from '../src-main/paths';
import { loadModel, readCard, saveModel } from '../src-main/picking/model-dir';
import { importFiles } from '../src-main/services/import-service';
import { importPicks } from '../src-main/services/pick-exchange';
import { hasCheckpoint } from '../src-main/training/checkpoint';
import { projectTraces } from '../src-main/training/sources';
import { teachModel } from '../src-main/training/teach';
import { runTraining, type TrainRunParams } from '../src-main/training/train-run';
import { ensureTrainingBackend } from '../src-main/training/training-backend';
import {
  formikojGeometryCsv,
  LINE_NAMES,
  loadLine,
  type FieldLine,
  type LineName,
} from '../eval/field/lines';
import { scoreLine, type LineScore } from '../eval/field/score';
import { formatTable, residualCells } from '../eval/table';

const REPO = path.resolve(__dirname, '..');
const { values } = parseArgs({
  options: {
    work: { type: 'string', default: path.join(REPO, '.scratch/lolo') },
    data: { type: 'string', default: path.resolve(REPO, '../shared/data') },
    epochs: { type: 'string', default: '8' },
    steps: { type: 'string', default: '150' },
    /** Only convert, simulate and make the projects. */
    prepare: { type: 'boolean', default: false },
    /** Write the model trained on every line to resources/models/near-surface. */
    bundle: { type: 'boolean', default: false },
    /** Share of training windows recorded as through another instrument's low cut. */
    'low-cut': { type: 'string', default: '0.5' },
  },
});
const work = path.resolve(values.work!);
const data = path.resolve(values.data!);
const CHECKPOINT = path.join(data, 'phasenet/checkpoint/model_95.ckpt');
const TRAIN_SYNTH = ['--seed', '11', '--surveys', '120', '--s-waves', '--top-vp', '398:900'];
/** Share of the fine-tuning windows from the simulation; the real lines share the rest. */
const SIM_SHARE = 0.5;

function log(text: string): void {
  process.stdout.write(`${new Date().toISOString().slice(11, 19)} ${text}\n`);
}

async function pickline(...argv: string[]): Promise<void> {
  const code = await runCli(
    argv,
    { out: () => {}, err: (t) => log(t), untilStopped: () => new Promise(() => {}) },
    appPaths(path.join(REPO, 'out/main')),
  );
  if (code !== 0) throw new Error(`pickline ${argv.join(' ')} failed (exit ${code})`);
}

/** A real line as a project: its files with their geometry, the analyst's picks accepted. */
function lineProject(name: LineName): string {
  const dir = path.join(work, `project-${name}`);
  if (fs.existsSync(path.join(dir, 'project.sqlite'))) return dir;
  fs.rmSync(dir, { recursive: true, force: true });
  const line = loadLine(name, data);
  const project = Project.create(dir);
  try {
    const files = line.files.map((f) => f.file);
    if (name === 'formikoj-soda-lakes') {
      const csv = path.join(work, 'formikoj-geometry.csv');
      const geometry = path.join(line.dir, 'geometry.csv');
      fs.writeFileSync(csv, formikojGeometryCsv(fs.readFileSync(geometry, 'utf8')));
      importFiles(project, files, { geometry: [csv] });
    } else {
      importFiles(project, files, name === 'geostack-dataset1' ? { sampleInterval: 0.00025 } : {});
    }
    // The analyst's picks as a picks CSV keyed by file and trace, as the line loader read them.
    const csv = path.join(work, `${name}-picks.csv`);
    const rows = line.reference.map(
      (r) => `${path.basename(line.files[r.file]!.file)},${r.trace},P,${r.time}`,
    );
    fs.writeFileSync(csv, ['file,trace,phase,time_s', ...rows].join('\n') + '\n');
    const imported = importPicks(project, csv, { format: 'csv' });
    log(`${name}: ${imported.matched} of ${line.reference.length} picks in ${dir}`);
  } finally {
    project.close();
  }
  return dir;
}

async function train(name: string, params: TrainRunParams): Promise<void> {
  const resultFile = path.join(work, `training-${name}.json`);
  if (fs.existsSync(path.join(params.out, 'model.json')) && !hasCheckpoint(params.out)) {
    log(`${name}: trained earlier`);
    return;
  }
  const result = await runTraining(params, {
    onEpoch: (e) =>
      log(
        `${name} epoch ${e.epoch}/${e.epochs} loss ${e.loss.toFixed(5)} val ${e.valLoss.toFixed(5)} ` +
          `${e.windowsPerSecond.toFixed(0)} windows/s${e.best ? ' *' : ''}`,
      ),
  });
  fs.writeFileSync(resultFile, `${JSON.stringify(result, null, 2)}\n`);
  log(`${name}: ${result.seconds.toFixed(0)} s, best epoch ${result.bestEpoch}`);
}

const common = {
  channels: 1,
  sampleRate: 4000,
  window: 1024,
  batch: 32,
  seed: 1,
  labelWidth: 6,
  minArrivalSnr: 0,
  resume: true,
  augment: { lowCut: Number(values['low-cut']) },
} as const;

/** How many gathers a crew teaches in the learning curve. */
const TAUGHT_GATHERS = [1, 2, 4];

/** `n` of the line's shots spread along it (the middle of n equal parts of the shot list). */
function spreadShots(count: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.floor(((i + 0.5) * count) / n));
}

/**
 * The line's model that never saw it, taught `n` of its gathers and scored on the others;
 * `seconds` is the teaching's training time.
 */
async function taughtScore(line: FieldLine, projectDir: string, n: number) {
  const base = path.join(work, `lolo-${line.name}`);
  const out = path.join(work, `taught-${line.name}-${n}`);
  const taughtFiles = spreadShots(line.files.length, n);
  const project = Project.open(projectDir);
  let seconds: number;
  try {
    const shots = project.db
      .prepare(
        'SELECT s.id, f.original_name AS name FROM shots s JOIN raw_files f ON f.id = s.raw_file_id',
      )
      .all() as { id: number; name: string }[];
    const names = taughtFiles.map((f) => path.basename(line.files[f]!.file));
    const ids = shots.filter((s) => names.includes(s.name)).map((s) => s.id);
    if (!fs.existsSync(path.join(out, 'model.json'))) {
      const card = readCard(base);
      const traces = projectTraces(
        project,
        { sampleRate: card.sampleRate, channelOrder: card.channelOrder },
        ids,
      );
      const result = await teachModel(base, traces, out, `taught-${n}`);
      seconds = result.seconds;
      fs.writeFileSync(path.join(out, 'teach-seconds.json'), `${seconds}\n`);
      log(
        `${line.name}: taught ${n} gathers (${traces.length} receivers) in ${seconds.toFixed(0)} s`,
      );
    } else {
      seconds = Number(fs.readFileSync(path.join(out, 'teach-seconds.json'), 'utf8'));
    }
  } finally {
    project.close();
  }
  const rest = { ...line, reference: line.reference.filter((r) => !taughtFiles.includes(r.file)) };
  const model = loadModel(out);
  const score = await scoreLine(rest, model, { strategy: 'gather' });
  model.model.dispose();
  return { score, seconds };
}

/** What the bundled model's card says of its origin; MODEL_CARD.md says the rest. */
const BUNDLED = {
  name: 'near-surface',
  source:
    'npm run field:lolo -- --bundle: PhaseNet (model_95.ckpt, all layers, first layer adapted to Z) ' +
    'trained on pickline synth seed 11 (120 surveys, 32 epochs), then fine-tuned 8 epochs on the ' +
    'simulation (50 % of the windows) and the three real lines with analyst P picks (refrapy-ex01, ' +
    'GeoStack dataset 1, formikoj soda lakes: 17 % each); arrivals standing out less than 0 dB unlabelled; ' +
    'half the windows through a random low cut (Butterworth high-pass of order 1-2 at 5-120 Hz: ' +
    'other geophones, recorders, accelerometers)',
  licence:
    'MIT. Initial weights: PhaseNet (MIT, W. Zhu and G. C. Beroza 2019); training data: refrapy ' +
    'field example 01 (MIT, Refrapy), GeoStack dataset 1 (MIT, Les solutions Géostack), formikoj ' +
    'soda lakes (MIT, formikoj) and simulated surveys',
  // The S output is below the F1 of 0.5 that validates a phase on the simulated test set.
  validatedPhases: ['P'],
} as const;

/** The model trained on every line, written as the bundled `near-surface` with its card. */
function bundle(dir: string): void {
  const trained = loadModel(dir);
  const out = path.join(REPO, 'resources/models', BUNDLED.name);
  const { architecture, sampleRate, channelOrder, normalization, createdAt, notes } = trained.card;
  saveModel(
    out,
    {
      ...{ architecture, sampleRate, channelOrder, normalization, createdAt },
      ...BUNDLED,
      validatedPhases: [...BUNDLED.validatedPhases],
      notes: `${notes} Leave-one-line-out scores of this recipe: see MODEL_CARD.md.`,
    },
    trained.model,
  );
  trained.model.dispose();
  log(`bundled ${dir} as ${out}`);
}

async function main(): Promise<void> {
  fs.mkdirSync(work, { recursive: true });
  await ensureTrainingBackend();
  const phasenet = path.join(work, 'phasenet');
  if (!fs.existsSync(path.join(phasenet, 'model.json'))) {
    await pickline('convert-phasenet', CHECKPOINT, '--out', phasenet);
  }
  const synth = path.join(work, 'synth-train');
  if (!fs.existsSync(path.join(synth, 'truth.csv'))) {
    await pickline('synth', '--out', synth, ...TRAIN_SYNTH);
  }
  const projects = Object.fromEntries(LINE_NAMES.map((n) => [n, lineProject(n)])) as Record<
    LineName,
    string
  >;
  if (values.prepare) return;

  const base = path.join(work, 'base');
  await train('base', {
    ...common,
    data: [synth],
    out: base,
    init: phasenet,
    load: 'all',
    epochs: 32,
    steps: 150,
    lr: 1e-3,
    patience: 8,
    name: 'near-surface-sim',
  });

  const fineTune = (lines: LineName[], out: string, label: string) =>
    train(label, {
      ...common,
      data: [synth, ...lines.map((l) => projects[l])],
      dataShares: [SIM_SHARE, ...lines.map(() => (1 - SIM_SHARE) / lines.length)],
      out,
      init: base,
      load: 'all',
      epochs: Number(values.epochs),
      steps: Number(values.steps),
      lr: 3e-4,
      patience: 0,
      name: label,
    });
  for (const held of LINE_NAMES) {
    await fineTune(
      LINE_NAMES.filter((l) => l !== held),
      path.join(work, `lolo-${held}`),
      `without-${held}`,
    );
  }
  const allLines = path.join(work, 'all-lines');
  await fineTune([...LINE_NAMES], allLines, 'all-lines');
  if (values.bundle) bundle(allLines);

  await ensureBackend();
  const report: Record<string, Record<string, LineScore>> = {};
  const lines = LINE_NAMES.map((n) => loadLine(n, data));
  const score = async (label: string, dir: string, on: typeof lines) => {
    const model = loadModel(dir);
    for (const line of on) {
      for (const strategy of ['trace', 'gather'] as const) {
        const s = await scoreLine(line, model, { strategy });
        (report[line.name] ??= {})[`${label} (${strategy})`] = s;
      }
    }
    model.model.dispose();
  };
  await score('simulation only', base, lines);
  for (const line of lines)
    await score('other lines', path.join(work, `lolo-${line.name}`), [line]);
  await score('bundled', path.join(REPO, 'resources/models/near-surface'), lines);
  for (const line of lines) {
    for (const n of TAUGHT_GATHERS) {
      const { score: s, seconds } = await taughtScore(line, projects[line.name as LineName], n);
      (report[line.name] ??= {})[`other lines, taught ${n} gather${n > 1 ? 's' : ''} (gather)`] = {
        ...s,
        seconds,
      };
    }
  }
  fs.writeFileSync(path.join(work, 'lolo-report.json'), `${JSON.stringify(report, null, 2)}\n`);
  for (const [line, rows] of Object.entries(report)) {
    const table = Object.entries(rows).map(([label, s]) => ({
      picker: label,
      ...residualCells(s),
    }));
    console.log(`\n### ${line}\n\n${formatTable(table)}`);
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
