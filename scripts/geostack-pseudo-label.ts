/**
 * Pseudo-labelling (issue 8) measured on GeoStack dataset 1 used as an unlabelled line, its
 * first-break labels kept aside for scoring only:
 *
 *   npx jiti scripts/geostack-pseudo-label.ts [--work DIR] [--spacing M] [--rounds N]
 *     [--epochs N] [--steps N] [--batch N] [--seed N] [--lr X] [--freeze SPEC] [--k K]
 *     [--start-model DIR]
 *
 * - Split by a fixed rule: gathers with an even file number are the line the loop picks and
 *   fine-tunes on (their labels are never read into the project); gathers with an odd number
 *   are held out: picked and scored every round, never trained on (`holdOutShots`), and their
 *   labels are the project's imported reference, which the loop's stopping rule reads.
 * - Geometry, which the files lack, is assumed: channels 1-48 every `--spacing` metres in a
 *   straight flat line (default 5 m: the gathers' air wave, a high-frequency event through the
 *   shot at 15 ms per channel, travels at ~340 m/s; see docs/pseudo-labelling.md), the source
 *   on the receiver of the trace with the largest absolute amplitude (the geophone beside the
 *   hammer plate; read from the data, not the labels).
 *   Each gather gets its own stretch of x (1 km apart), as their relative positions are
 *   unknown, so that no two gathers share stations or form reciprocal pairs.
 * - The pseudo-label loop (src-main/services/pseudo-label-service.ts) then starts from the
 *   bundled model, or from `--start-model` (e.g. the bundled recipe trained without the
 *   held-out gathers: `npm run train:default -- --geostack DIR_OF_EVEN_GATHERS`). Each round's picks stay in the catalogue (superseded picks are only flagged
 *   deleted), so every round's model is scored afterwards against the kept-aside labels of
 *   all 20 gathers.
 *
 * Prints a Markdown table (docs/pseudo-labelling.md) and writes `<work>/results.json`. The
 * bundled model was trained on all 20 gathers' labels (MODEL_CARD.md): "held out" here means
 * held out from the pseudo-label loop, not unseen by the starting model.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { listModels } from '../src-main/catalogue/models';
import { Project } from '../src-main/catalogue/project';
import { writePicksCsv, type PickRow } from '../src-main/export/picks-csv';
import { readAny } from '../src-main/formats/registry';
import { importFiles } from '../src-main/services/import-service';
import { importPicks } from '../src-main/services/pick-exchange';
import { pickProject } from '../src-main/services/picking-service';
import { pseudoLabel } from '../src-main/services/pseudo-label-service';
import { runQc } from '../src-main/services/qc-service';

const REPO = path.resolve(__dirname, '..');
const DATA = path.resolve(REPO, '../shared/data/refraction/geostack-dataset1');
const BUNDLED = path.join(REPO, 'resources/models/near-surface');
const SAMPLE_INTERVAL = 0.00025;
/** Gap between the assumed lines of different gathers, m. */
const GATHER_STRETCH = 1000;

const { values } = parseArgs({
  options: {
    work: { type: 'string', default: path.join(REPO, '.scratch/geostack-pseudo-label') },
    spacing: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    epochs: { type: 'string', default: '4' },
    steps: { type: 'string', default: '40' },
    batch: { type: 'string', default: '16' },
    seed: { type: 'string', default: '1' },
    lr: { type: 'string' },
    freeze: { type: 'string' },
    k: { type: 'string' },
    'start-model': { type: 'string' },
  },
});
const startModel = path.resolve(values['start-model'] ?? BUNDLED);
const work = path.resolve(values.work!);
const spacing = Number(values.spacing);
const int = (name: 'rounds' | 'epochs' | 'steps' | 'batch' | 'seed') => {
  const v = Number(values[name]);
  if (!Number.isInteger(v) || v < 0) throw new Error(`--${name} must be an integer ≥ 0`);
  return v;
};

interface Gather {
  name: string;
  file: string;
  heldOut: boolean;
  /** Kept-aside first breaks, s, one per trace. */
  labels: number[];
  /** 1-based channel of the loudest trace: the assumed source position. */
  sourceChannel: number;
}

function readLabels(file: string): number[] {
  const lines = fs
    .readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.slice(/^[-+.\d]/.test(lines[0] ?? '') ? 0 : 1).map(Number);
}

function loadGathers(): Gather[] {
  return fs
    .readdirSync(DATA)
    .filter((f) => f.endsWith('.npy'))
    .sort((a, b) => parseInt(a) - parseInt(b))
    .map((f) => {
      const file = path.join(DATA, f);
      const traces = readAny(file, { sampleInterval: SAMPLE_INTERVAL }).records[0]!.traces;
      const peaks = traces.map((t) => t.samples.reduce((m, v) => Math.max(m, Math.abs(v)), 0));
      const loudest = peaks.indexOf(Math.max(...peaks));
      const name = f.replace(/\.npy$/, '');
      const labels = readLabels(path.join(DATA, `${name}.txt`));
      if (labels.length !== traces.length) throw new Error(`${name}.txt: not one pick per trace`);
      return {
        name,
        file,
        heldOut: Number(name) % 2 === 1,
        labels,
        sourceChannel: traces[loudest]!.channel,
      };
    });
}

/** The assumed geometry as an import override CSV (formats/geometry.ts). */
function geometryCsv(gathers: Gather[]): string {
  const rows = ['shot,channel,receiver_x,receiver_z,source_x,source_z'];
  gathers.forEach((g, i) => {
    const x = (channel: number) => i * GATHER_STRETCH + (channel - 1) * spacing;
    for (let channel = 1; channel <= g.labels.length; channel++) {
      rows.push(
        channel === 1
          ? `${g.name},${channel},${x(channel)},0,${x(g.sourceChannel)},0`
          : `${g.name},${channel},${x(channel)},0,,`,
      );
    }
  });
  return rows.join('\n') + '\n';
}

/** The held-out gathers' labels as a picks CSV, the project's imported reference. */
function referenceCsv(gathers: Gather[]): string {
  const rows: PickRow[] = gathers
    .filter((g) => g.heldOut)
    .flatMap((g) =>
      g.labels.map((time, trace) => ({
        file: `${g.name}.npy`,
        trace,
        channel: trace + 1,
        shot: g.name,
        sourceX: null,
        receiverX: null,
        offsetM: null,
        phase: 'P' as const,
        time,
        probability: null,
        uncertainty: null,
        method: 'geostack',
        status: 'accepted',
      })),
    );
  return writePicksCsv(rows);
}

interface Scores {
  traces: number;
  picked: number;
  /** Share of picked traces within 1, 2, 5 ms of the label. */
  ofPicked: Record<'1' | '2' | '5', number>;
  /** Share of all traces (a missing pick counts as wrong). */
  ofAll: Record<'1' | '2' | '5', number>;
  /** Median of pick − label over picks within 10 ms of it, ms. */
  medianBiasMs: number | null;
  /** Picks more than 10 ms from the label. */
  wild: number;
}

function scoreGathers(gathers: Gather[], picks: Map<string, number>): Scores {
  const errors: (number | null)[] = gathers.flatMap((g) =>
    g.labels.map((label, trace) => {
      const t = picks.get(`${g.name}.npy:${trace}`);
      return t === undefined ? null : t - label;
    }),
  );
  const picked = errors.filter((e): e is number => e !== null);
  const within = (ms: number) => picked.filter((e) => Math.abs(e) <= ms / 1000 + 1e-9).length;
  const near = picked.filter((e) => Math.abs(e) <= 0.01).sort((a, b) => a - b);
  const share = (n: number, of: number) => (of ? n / of : 0);
  return {
    traces: errors.length,
    picked: picked.length,
    ofPicked: {
      '1': share(within(1), picked.length),
      '2': share(within(2), picked.length),
      '5': share(within(5), picked.length),
    },
    ofAll: {
      '1': share(within(1), errors.length),
      '2': share(within(2), errors.length),
      '5': share(within(5), errors.length),
    },
    medianBiasMs: near.length ? 1000 * near[Math.floor(near.length / 2)]! : null,
    wild: picked.length - near.length,
  };
}

/** A model's latest run of P picks, superseded since or not: "file:trace" → time. */
function modelPicks(project: Project, modelId: number): Map<string, number> {
  const rows = project.db
    .prepare(
      `SELECT f.original_name AS file, t.trace_index AS trace, p.time
       FROM picks p JOIN traces t ON t.id = p.trace_id JOIN shots s ON s.id = t.shot_id
         JOIN raw_files f ON f.id = s.raw_file_id
       WHERE p.origin = 'auto' AND p.phase = 'P' AND p.model_id = ?
       ORDER BY p.id`,
    )
    .all(modelId) as { file: string; trace: number; time: number }[];
  return new Map(rows.map((r) => [`${r.file}:${r.trace}`, r.time]));
}

const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor(q * s.length))]! : NaN;
};

async function main(): Promise<void> {
  if (!(spacing > 0)) throw new Error('--spacing must be a positive number of metres');
  const started = performance.now();
  const seconds = () => (performance.now() - started) / 1000;
  fs.rmSync(work, { recursive: true, force: true });
  fs.mkdirSync(work, { recursive: true });
  const gathers = loadGathers();
  const heldOut = gathers.filter((g) => g.heldOut);
  const line = gathers.filter((g) => !g.heldOut);
  console.log(`fine-tuned on (labels never read): ${line.map((g) => g.name).join(', ')}`);
  console.log(`held out (scored only): ${heldOut.map((g) => g.name).join(', ')}`);
  console.log(
    `assumed geometry: ${spacing} m spacing; source at channel ` +
      gathers.map((g) => `${g.name}:${g.sourceChannel}`).join(' '),
  );

  const geometry = path.join(work, 'geometry.csv');
  fs.writeFileSync(geometry, geometryCsv(gathers));
  const reference = path.join(work, 'reference-held-out.csv');
  fs.writeFileSync(reference, referenceCsv(gathers));

  const project = Project.create(path.join(work, 'project'), 'geostack-dataset1');
  try {
    const imported = importFiles(
      project,
      gathers.map((g) => g.file),
      { geometry: [geometry], sampleInterval: SAMPLE_INTERVAL },
    );
    if (imported.failed || imported.unusedGeometryRows.length) {
      throw new Error(`import: ${JSON.stringify(imported.files.filter((f) => f.error))}`);
    }
    const ref = importPicks(project, reference);
    console.log(`imported ${imported.imported} gathers; reference: ${ref.matched} picks`);

    // What a field engineer checks first: do the starting model's picks give plausible
    // apparent velocities at the assumed spacing? (Velocities scale with the spacing.)
    await pickProject(project, {
      method: 'phasenet',
      phases: ['P'],
      bundledModel: startModel,
    });
    const qc = runQc(project, { phase: 'P', picks: 'auto' });
    const near: number[] = [];
    const far: number[] = [];
    for (const shot of qc.shots) {
      for (const side of ['negative', 'positive']) {
        const v = shot.apparentVelocities.filter((a) => a.side === side).map((a) => a.velocity);
        if (v.length) near.push(v[0]!);
        if (v.length > 1) far.push(v.at(-1)!);
      }
    }
    console.log(
      `round 0 QC at ${spacing} m: first-branch velocity median ${quantile(near, 0.5).toFixed(0)} m/s ` +
        `(10-90 %: ${quantile(near, 0.1).toFixed(0)}-${quantile(near, 0.9).toFixed(0)}), ` +
        `last-branch median ${quantile(far, 0.5).toFixed(0)} m/s ` +
        `(10-90 %: ${quantile(far, 0.1).toFixed(0)}-${quantile(far, 0.9).toFixed(0)}); ` +
        `${qc.flagged} of ${qc.picks} picks flagged`,
    );

    const marks: { round: number; at: number }[] = [];
    const loopStarted = seconds();
    const report = await pseudoLabel(
      project,
      {
        rounds: int('rounds'),
        bundledModel: startModel,
        epochs: int('epochs'),
        steps: int('steps'),
        batch: int('batch'),
        seed: int('seed'),
        holdOutShots: heldOut.map((g) => g.name),
        ...(values.lr ? { lr: Number(values.lr) } : {}),
        ...(values.freeze ? { freeze: values.freeze } : {}),
        ...(values.k ? { k: Number(values.k) } : {}),
      },
      {
        progress: (_, message) => {
          const round = /^round (\d+): picking/.exec(message);
          if (round) marks.push({ round: Number(round[1]), at: seconds() });
          console.log(`[${seconds().toFixed(0).padStart(5)} s] ${message}`);
        },
      },
    );
    const loopSeconds = seconds() - loopStarted;

    const models = new Map(listModels(project).map((m) => [m.name, m.id]));
    const rows = report.rounds.map((r, i) => {
      const picks = modelPicks(project, models.get(r.model)!);
      const next = marks[i + 1]?.at ?? loopStarted + loopSeconds;
      return {
        ...r,
        seconds: next - (marks[i]?.at ?? loopStarted),
        heldOut: scoreGathers(heldOut, picks),
        line: scoreGathers(line, picks),
        all: scoreGathers(gathers, picks),
        perGather: Object.fromEntries(
          gathers.map((g) => [g.name, scoreGathers([g], picks).ofAll['2']]),
        ),
      };
    });

    console.log(
      `\nGeoStack dataset 1, ${spacing} m assumed spacing; within 1 / 2 / 5 ms of the kept-aside labels, ` +
        `share of the traces the model picked (share of all traces)\n`,
    );
    console.log(
      '| round | model | QC flagged (all) | trained on | held out: picked | held out: ≤ 1 / 2 / 5 ms | all 20: picked | all 20: ≤ 1 / 2 / 5 ms | time |',
    );
    console.log(
      '| ----: | ----- | ---------------: | ---------: | ---------------: | ------------------------: | -------------: | ----------------------: | ---: |',
    );
    for (const r of rows) {
      const s = (x: Scores) =>
        (['1', '2', '5'] as const)
          .map((k) => `${pct(x.ofPicked[k])} (${pct(x.ofAll[k])})`)
          .join(' / ');
      console.log(
        `| ${r.round} | ${r.model} | ${r.flagged} (${pct(r.flaggedShare)}) | ${r.labels || '-'} | ` +
          `${r.heldOut.picked} of ${r.heldOut.traces} | ${s(r.heldOut)} | ` +
          `${r.all.picked} of ${r.all.traces} | ${s(r.all)} | ${r.seconds.toFixed(0)} s |`,
      );
    }
    console.log('\nfine-tuned gathers (their labels unused by the loop):');
    for (const r of rows) {
      console.log(
        `  round ${r.round}: ${r.line.picked} of ${r.line.traces} picked, ≤ 2 ms ` +
          `${pct(r.line.ofPicked['2'])} (${pct(r.line.ofAll['2'])}); median bias ` +
          `held out ${r.heldOut.medianBiasMs?.toFixed(2)} ms, all ${r.all.medianBiasMs?.toFixed(2)} ms; ` +
          `> 10 ms off: held out ${r.heldOut.wild}, all ${r.all.wild}; loop's own score ` +
          `${r.withinTwoMs === null ? '-' : pct(r.withinTwoMs)}`,
      );
    }
    console.log(
      `\nbest: ${report.best}; loop ${loopSeconds.toFixed(0)} s, in all ${seconds().toFixed(0)} s`,
    );
    fs.writeFileSync(
      path.join(work, 'results.json'),
      JSON.stringify(
        {
          spacing,
          options: values,
          sources: Object.fromEntries(gathers.map((g) => [g.name, g.sourceChannel])),
          heldOut: heldOut.map((g) => g.name),
          line: line.map((g) => g.name),
          apparentVelocities: { near, far },
          rounds: rows,
          best: report.best,
          loopSeconds,
          totalSeconds: seconds(),
        },
        null,
        2,
      ),
    );
  } finally {
    project.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
