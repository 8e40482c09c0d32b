import fs from 'node:fs';
import path from 'node:path';
import type { ProjectPickReport, TimeBasePreview } from '../../api/contract';
import { Project } from '../../catalogue/project';
import { writePicksCsv, type PickRow } from '../../export/picks-csv';
import { CancelledError } from '../../jobs/task';
import type { Phase } from '../../metrics/scores';
import { ensureBackend } from '../../ml/backend';
import { loadModel, type LoadedModel } from '../../picking/model-dir';
import { pickFile, pickRows, type PickFileOptions, type PickMethod } from '../../picking/pick-file';
import { CLASSICAL_METHODS } from '../../picking/pick-traces';
import {
  firstBreakPhase,
  guessLineType,
  LINE_TYPES,
  sLinePicking,
  type LineType,
} from '../../picking/line-type';
import { timeBasePreview } from '../../picking/time-base';
import type { DetrendMode } from '../../picking/preprocess';
import { fileSourceChecks } from '../../picking/source-report';
import { humLine } from '../../picking/hum-removal';
import { HUM_SETTINGS, type HumSetting } from '../../dsp/hum';
import {
  bundledModel,
  bundledModelNamed,
  modelFolder,
  S_LINE_MODEL,
} from '../../services/bundled-models';
import { sourceCheckLine } from '../../qc/source-position';
import { readGeometry } from '../../services/import-service';
import { pickProject } from '../../services/picking-service';
import { readSeismicLine } from '../../services/seismic-input';
import {
  EXIT_FAILED,
  EXIT_OK,
  intOption,
  UsageError,
  type Command,
  type CommandContext,
} from '../command';
import { choiceOption as choice, delayOption, requiredOption } from './options';

const METHODS: readonly PickMethod[] = ['phasenet', ...CLASSICAL_METHODS];
const MODES = ['all', 'first', 'max'] as const;
const DETRENDS: readonly DetrendMode[] = ['none', 'demean', 'linear'];

/** A number option within [min, max] (or (min, max] when `above`). */
function numberOption(
  value: unknown,
  name: string,
  range: { min: number; max: number; above?: boolean; unit?: string },
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const low = range.above ? n > range.min : n >= range.min;
  if (typeof value !== 'string' || value.trim() === '' || !low || !(n <= range.max)) {
    const from = range.above ? `above ${range.min}` : `from ${range.min}`;
    throw new UsageError(
      `--${name} must be a number ${from} to ${range.max}${range.unit ?? ''}, got ${String(value)}`,
    );
  }
  return n;
}

function phasesOption(value: unknown): Phase[] | undefined {
  if (value === undefined) return undefined;
  const list = String(value)
    .split(',')
    .map((p) => p.trim().toUpperCase());
  if (list.some((p) => p !== 'P' && p !== 'S') || new Set(list).size !== list.length) {
    throw new UsageError(`--phases must be P, S or P,S, got ${String(value)}`);
  }
  return list as Phase[];
}

function bandpassOption(value: unknown): { low: number; high: number } | undefined {
  if (value === undefined) return undefined;
  const [low, high, ...rest] = String(value).split(',').map(Number);
  if (rest.length > 0 || !(low! > 0) || !(high! > low!) || !Number.isFinite(high)) {
    throw new UsageError(
      `--bandpass must be LOW,HIGH in Hz with 0 < LOW < HIGH, got ${String(value)}`,
    );
  }
  return { low: low!, high: high! };
}

/** Seconds options of the classical pickers. */
function seconds(value: unknown, name: string): number | undefined {
  return numberOption(value, name, { min: 0, max: 3600, above: true, unit: ' s' });
}

/** Only the options given: the pickers merge theirs over defaults, where undefined would win. */
function given<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([, v]) => v !== undefined),
  ) as Partial<T>;
}

/** `--v-max`: m/s, or `off` to search from the shot on whatever the offsets. */
function vMaxOption(value: unknown): number | null | undefined {
  if (value === 'off') return null;
  return numberOption(value, 'v-max', { min: 0, max: 1e5, above: true, unit: ' m/s (or off)' });
}

/** `--hum`: auto, off, 50 or 60 (Hz). */
function humOption(value: unknown): HumSetting | undefined {
  if (value === undefined) return undefined;
  const setting = HUM_SETTINGS.find((h) => String(h) === String(value).trim().toLowerCase());
  if (setting === undefined) {
    throw new UsageError(`--hum must be auto, off, 50 or 60, got ${String(value)}`);
  }
  return setting;
}

/** What the picking options say, checked; the model is loaded separately. */
function pickOptions(
  values: CommandContext['values'],
  method: PickMethod,
  phases: Phase[] | undefined,
): Omit<PickFileOptions, 'model' | 'signal'> {
  const vMax = vMaxOption(values['v-max']);
  const hum = humOption(values.hum);
  return {
    method,
    phases,
    ...(vMax !== undefined ? { vMax } : {}),
    ...(hum !== undefined ? { hum } : {}),
    strategy: choice(values.strategy, 'strategy', ['gather', 'trace'] as const),
    peaks: {
      threshold: numberOption(values.threshold, 'threshold', { min: 0, max: 1 }),
      mode: choice(values.mode, 'mode', MODES),
    },
    windows: {
      overlap: numberOption(values.overlap, 'overlap', { min: 0, max: 0.95 }),
      batchSize: intOption(values.batch, 'batch', { min: 1, max: 4096 }),
      stitch: choice(values.stitch, 'stitch', ['mean', 'max'] as const),
    },
    preprocess: {
      detrend: choice(values.detrend, 'detrend', DETRENDS),
      bandpass: bandpassOption(values.bandpass),
    },
    classical: {
      stalta: given({
        sta: seconds(values.sta, 'sta'),
        lta: seconds(values.lta, 'lta'),
        on: numberOption(values.on, 'on', { min: 0, max: 1e6, above: true }),
        off: numberOption(values.off, 'off', { min: 0, max: 1e6, above: true }),
      }),
      mer: given({ window: seconds(values['mer-window'], 'mer-window') }),
    },
  };
}

interface FileSummary {
  file: string;
  receivers: number;
  windows: number;
  picks: Record<Phase, number>;
  /** Per record: the reading of the timing header its first breaks chose. */
  timeBases: TimeBasePreview[];
  /** Traces left out and why, as the text output says them. */
  skipped: string[];
  /** Records whose first breaks put the source elsewhere than their headers do. */
  geometry: string[];
  /** Records whose power-line hum was subtracted before picking. */
  hum: string[];
}

export const pick: Command = {
  name: 'pick',
  summary: 'pick P/S arrivals in seismic files with PhaseNet or a classical picker, as CSV',
  usage:
    'pick (--project DIR [--shots ID,...] | FILE...) [--model DIR|near-surface-3c|near-surface-sh (default: the bundled near-surface model; near-surface-3c is the bundled one for 3-component lines, near-surface-sh for S lines, which S lines of a project take unless a model is named)] [--method phasenet|stalta|aic|stalta-aic|mer] [--phases P,S (default: the phases the model card validates)] ' +
    '[--threshold 0.3] [--mode all|first|max] [--out picks.csv] [--batch N] [--overlap F] ' +
    '[--stitch mean|max] [--detrend none|demean|linear] [--bandpass LOW,HIGH] ' +
    '[--sta S] [--lta S] [--on R] [--off R] [--mer-window S] [--geometry CSV]... ' +
    "[--v-max M/S|off (default 6000, or the project's setting: nothing is picked before offset / v-max, nor before the shot)] " +
    "[--strategy gather|trace (default gather, or the project's setting: first breaks as one line through each gather, looked at again on each trace stacked with its aligned neighbours, one on every live trace)] " +
    '[--delay geometrics|dmt (default: decided by the first breaks)] ' +
    "[--hum auto|off|50|60 (default off, or the project's setting: auto finds power-line hum at 50 or 60 Hz and subtracts it before picking)] " +
    "[--line-type P|S|3C (files: what they record, default guessed from their components; an S line's first breaks are S, picked by near-surface-sh unless a model is named)] [--json]",
  options: {
    project: { type: 'string' },
    shots: { type: 'string' },
    model: { type: 'string' },
    method: { type: 'string' },
    phases: { type: 'string' },
    threshold: { type: 'string' },
    mode: { type: 'string' },
    out: { type: 'string' },
    batch: { type: 'string' },
    overlap: { type: 'string' },
    stitch: { type: 'string' },
    detrend: { type: 'string' },
    bandpass: { type: 'string' },
    sta: { type: 'string' },
    lta: { type: 'string' },
    on: { type: 'string' },
    off: { type: 'string' },
    'mer-window': { type: 'string' },
    delay: { type: 'string' },
    geometry: { type: 'string', multiple: true },
    'v-max': { type: 'string' },
    hum: { type: 'string' },
    strategy: { type: 'string' },
    'line-type': { type: 'string' },
  },
  positionals: true,
  async run(ctx) {
    const { values, positionals, json, io, paths } = ctx;
    if (values.project !== undefined) return pickProjectCommand(ctx);
    if (positionals.length === 0) throw new UsageError('give at least one seismic file');
    const method = choice(values.method, 'method', METHODS) ?? 'phasenet';
    if (values.model !== undefined && typeof values.model !== 'string') {
      throw new UsageError('--model needs a model folder');
    }
    // Without --model, the near-surface model shipped with Pickline.
    const modelDir =
      values.model === undefined
        ? bundledModel(paths.resourcesDir)
        : modelFolder(values.model, paths.resourcesDir);
    if (method !== 'phasenet' && values.model !== undefined) {
      throw new UsageError(`--model is for --method phasenet; ${method} needs no model`);
    }
    const phases = phasesOption(values.phases);
    if (method !== 'phasenet' && phases?.includes('S')) {
      throw new UsageError(`${method} picks first arrivals (P) only: leave S out of --phases`);
    }
    const out = values.out;
    if (out !== undefined && (typeof out !== 'string' || out.trim() === '')) {
      throw new UsageError('--out needs a file name');
    }
    if (json && out === undefined) {
      throw new UsageError('--json prints a summary on stdout: give --out FILE for the picks');
    }
    const names = positionals.map((f) => path.basename(f));
    const twice = names.find((n, i) => names.indexOf(n) !== i);
    if (twice !== undefined) {
      throw new UsageError(`two files are named ${twice}: the CSV tells files apart by base name`);
    }
    const seg2Delay = delayOption(values.delay);
    const options = pickOptions(values, method, phases);
    // Ctrl-C stops between batches; nothing is written for a cancelled run.
    const controller = new AbortController();
    void io.untilStopped().then(() => controller.abort());

    const lineType = choice(values['line-type'], 'line-type', LINE_TYPES);
    let model: LoadedModel | undefined;
    let backend: string | null = null;
    if (method === 'phasenet') {
      backend = (await ensureBackend()).name;
      model = loadModel(modelDir as string);
    }
    // S lines' files take the bundled S-line model unless a model was named (as in a project).
    let sLineModel: LoadedModel | undefined;
    const modelFor = (line: LineType) => {
      if (!model || values.model !== undefined || firstBreakPhase(line) !== 'S') return model;
      const dir = bundledModelNamed(modelDir as string, S_LINE_MODEL);
      if (dir) sLineModel ??= loadModel(dir);
      return sLineModel ?? model;
    };
    const started = performance.now();
    const rows: PickRow[] = [];
    const files: FileSummary[] = [];
    const errors: string[] = [];
    // Without --out the CSV owns stdout, so progress goes to stderr.
    const say = (text: string) => (json ? undefined : out ? io.out(text) : io.err(text));
    try {
      // Read as one line: a shot off the end of the spread takes the time base of the others.
      const line = readSeismicLine(positionals, {
        read: seg2Delay ? { seg2Delay } : {},
        geometry: readGeometry((values.geometry as string[] | undefined) ?? []),
        ...(lineType ? { lineType } : {}),
      });
      for (const { path: file, input, error } of line) {
        try {
          if (!input) throw error!;
          const seismic = input.file;
          for (const warning of input.timeBases.flatMap((d) => d.warning ?? [])) {
            if (!json) io.err(`pickline: ${file}: warning: ${warning}`);
          }
          const fileLine =
            lineType ??
            guessLineType(seismic.records.flatMap((r) => r.traces.map((t) => t.component)));
          const fileModel = modelFor(fileLine);
          const sLine = sLinePicking(fileLine, fileModel?.card ?? null);
          const result = await pickFile(seismic, {
            ...options,
            ...(sLine ? { phases: [sLine.pick], firstBreak: sLine.pick } : {}),
            model: fileModel,
            signal: controller.signal,
          });
          const doubts = fileSourceChecks(seismic, result, sLine?.pick ?? 'P').map(
            ({ record, doubt, move }) =>
              `record ${seismic.records[record]!.id}: ${sourceCheckLine(doubt, move)}`,
          );
          for (const doubt of doubts) if (!json) io.err(`pickline: ${file}: warning: ${doubt}`);
          const hum = result.hum.map(
            ({ record, ...h }) => `record ${seismic.records[record]!.id}: ${humLine([h])}`,
          );
          const fileRows = pickRows(seismic, result).map((r) =>
            sLine ? { ...r, phase: sLine.store } : r,
          );
          rows.push(...fileRows);
          const count = (phase: Phase) =>
            fileRows.filter((r) => r.phase === phase && r.time !== null).length;
          const skipped = result.skipped.map(
            (s) =>
              `record ${seismic.records[s.record]!.id}, trace ${s.trace + 1} skipped: ${s.reason}`,
          );
          const summary = {
            file,
            receivers: result.inputs,
            windows: result.windows,
            picks: { P: count('P'), S: count('S') },
            timeBases: input.timeBases.map((d, r) => timeBasePreview(seismic.records[r]!.id, d)),
            geometry: doubts,
            hum,
            skipped,
          };
          files.push(summary);
          say(
            `${file}: ${summary.receivers} receivers, ${summary.picks.P} P and ${summary.picks.S} S picks`,
          );
          for (const line of [...hum, ...skipped]) say(`${file}: ${line}`);
        } catch (err) {
          if (err instanceof CancelledError) throw err;
          const message = err instanceof Error ? err.message : String(err);
          errors.push(message);
          if (!json) io.err(`pickline: ${message}`);
        }
      }
    } finally {
      model?.model.dispose();
      sLineModel?.model.dispose();
    }
    if (files.length === 0) throw new Error(errors.join('\n'));

    const csv = writePicksCsv(rows);
    if (out) fs.writeFileSync(out, csv);
    // io.out ends the text with a newline of its own.
    else io.out(csv.replace(/\r\n$/, ''));

    const elapsed = (performance.now() - started) / 1000;
    const windows = files.reduce((n, f) => n + f.windows, 0);
    const picked = rows.filter((r) => r.time !== null).length;
    const failed = errors.length > 0 ? EXIT_FAILED : EXIT_OK;
    const text =
      `${picked} picks from ${files.length} of ${positionals.length} files` +
      (out ? ` written to ${out}` : '') +
      ` (${method}${backend ? ` on ${backend}` : ''}` +
      `${sLineModel ? `, S lines with ${sLineModel.card.name}` : ''}, ${elapsed.toFixed(1)} s` +
      (windows > 0 ? `, ${windows} windows, ${(windows / elapsed).toFixed(1)} windows/s)` : ')');
    if (failed && !json)
      io.err(`pickline: ${errors.length} of ${positionals.length} files could not be picked`);
    if (!json && !out) {
      io.err(text);
      return { text: '', data: null, exitCode: failed };
    }
    return {
      text,
      data: {
        out: out ? path.resolve(out) : null,
        method,
        model: model ? { dir: path.resolve(modelDir as string), name: model.card.name } : null,
        sLineModel: sLineModel ? sLineModel.card.name : null,
        backend,
        files,
        errors,
        picks: picked,
        windows,
        seconds: elapsed,
        windowsPerSecond: windows > 0 ? windows / elapsed : null,
      },
      exitCode: failed,
    };
  },
};

function shotsOption(value: unknown): number[] | undefined {
  if (value === undefined) return undefined;
  const ids = String(value)
    .split(',')
    .map((v) => Number(v.trim()));
  if (ids.some((id) => !Number.isInteger(id) || id < 1)) {
    throw new UsageError(`--shots must be shot ids like 1,2,5, got ${String(value)}`);
  }
  return ids;
}

/** `pick --project DIR`: the picks go into the catalogue as proposals, not to a CSV. */
async function pickProjectCommand({ values, positionals, io, json, paths }: CommandContext) {
  if (positionals.length > 0) {
    throw new UsageError('give either --project DIR or files, not both');
  }
  if (values.out !== undefined) {
    throw new UsageError("--out is for files; export a project's picks with `pickline export`");
  }
  if (values['line-type'] !== undefined) {
    throw new UsageError(
      "--line-type is for files; a project's shots keep theirs (pickline shots --set-line-type)",
    );
  }
  const method = choice(values.method, 'method', METHODS) ?? 'phasenet';
  if (method !== 'phasenet' && values.model !== undefined) {
    throw new UsageError(`--model is for --method phasenet; ${method} needs no model`);
  }
  const phases = phasesOption(values.phases);
  if (method !== 'phasenet' && phases?.includes('S')) {
    throw new UsageError(`${method} picks first arrivals (P) only: leave S out of --phases`);
  }
  const options = pickOptions(values, method, phases);
  const shotIds = shotsOption(values.shots);
  const controller = new AbortController();
  void io.untilStopped().then(() => controller.abort());
  const dir = requiredOption(values, 'project');
  // One line per shot on stderr, not one per progress tick.
  let said = '';
  const say = (message: string) => {
    if (json || message === said) return;
    said = message;
    io.err(message);
  };
  const project = Project.open(dir);
  let report: ProjectPickReport;
  try {
    report = await pickProject(
      project,
      {
        ...options,
        ...(typeof values.model === 'string'
          ? { model: { dir: modelFolder(values.model, paths.resourcesDir) } }
          : {}),
        bundledModel: bundledModel(paths.resourcesDir),
        ...(shotIds ? { shotIds } : {}),
      },
      {
        signal: controller.signal,
        progress: (_, message) => say(message),
      },
    );
  } finally {
    project.close();
  }
  const text = [
    `${report.picks.P} P and ${report.picks.S} S proposals on ${report.traces} traces of ` +
      `${report.shots} shots (${report.method}${report.model ? ` ${report.model.name}` : ''}` +
      `${report.backend ? ` on ${report.backend}` : ''}, ${report.seconds.toFixed(1)} s)`,
    ...(report.sLineModel ? [`S lines picked with ${report.sLineModel.name}`] : []),
    ...(report.superseded ? [`replaced ${report.superseded} earlier proposals`] : []),
    ...(report.besideKept
      ? [`${report.besideKept} proposals sit beside manual or accepted picks, which are kept`]
      : []),
    ...(report.skipped.length ? [skippedText(report.skipped)] : []),
    ...(report.hum.length ? [humLine(report.hum, report.shots)] : []),
    ...report.sourceChecks.map(
      (d) => `warning: shot ${d.shot}: ${sourceCheckLine(d.doubt, d.move)}`,
    ),
  ].join('\n');
  return { text, data: report };
}

/** "skipped 2 traces: 1001 channel 3 (the trace has no samples), ..." (the first ten). */
function skippedText(skipped: ProjectPickReport['skipped']): string {
  const shown = skipped
    .slice(0, 10)
    .map((s) => `${s.shot} channel ${s.channel} (${s.reason})`)
    .join(', ');
  const more = skipped.length > 10 ? ` and ${skipped.length - 10} more` : '';
  return `skipped ${skipped.length} trace${skipped.length === 1 ? '' : 's'}: ${shown}${more}`;
}
