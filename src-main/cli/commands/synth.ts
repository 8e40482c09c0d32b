import fs from 'node:fs';
import path from 'node:path';
import { writePicksCsv } from '../../export/picks-csv';
import {
  checkSynthOptions,
  DEFAULT_SYNTH_OPTIONS,
  SH_DEFAULTS,
  type Range,
  type SynthOptions,
} from '../../training/synth/options';
import { simulateSurvey } from '../../training/synth/survey';
import {
  describeRun,
  describeSurvey,
  DESCRIPTION_FILE,
  shotSeg2,
  truthRows,
  TRUTH_FILE,
  type SurveyDescription,
} from '../../training/synth/survey-output';
import { intOption, UsageError, type Command, type CommandContext } from '../command';
import { maxOf, minOf } from '../../numeric/extent';

type Values = CommandContext['values'];

function text(values: Values, name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

function number(raw: string, name: string): number {
  const n = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(n)) throw new UsageError(`--${name} needs numbers, got ${raw}`);
  return n;
}

/** "A:B" or a single value "A" (min = max). */
function rangeOption(values: Values, name: string, fallback: Range): Range {
  const raw = text(values, name);
  if (raw === undefined) return fallback;
  const parts = raw.split(':');
  if (parts.length > 2) throw new UsageError(`--${name} must be A:B or one value, got ${raw}`);
  const [min, max = min] = parts.map((p) => number(p, name));
  return { min: min!, max: max! };
}

/** "A,B,C": one of these per survey. */
function listOption(values: Values, name: string, fallback: readonly number[]): number[] {
  const raw = text(values, name);
  return raw === undefined ? [...fallback] : raw.split(',').map((p) => number(p, name));
}

function choice<T extends string>(
  values: Values,
  name: string,
  allowed: readonly T[],
  fallback: T,
): T {
  const raw = text(values, name);
  if (raw === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(raw)) {
    throw new UsageError(`--${name} must be ${allowed.join(', ')}, got ${raw}`);
  }
  return raw as T;
}

function numberOption(values: Values, name: string, fallback: number): number {
  const raw = text(values, name);
  return raw === undefined ? fallback : number(raw, name);
}

/** The simulator options these command-line values ask for; defaults for the rest. */
export function synthOptions(values: Values): SynthOptions {
  const d = DEFAULT_SYNTH_OPTIONS;
  if (values.snr !== undefined && values['snr-range'] !== undefined) {
    throw new UsageError('give --snr or --snr-range, not both');
  }
  if (values['water-table'] && values['no-water-table']) {
    throw new UsageError('give --water-table or --no-water-table, not both');
  }
  const length = text(values, 'length');
  const source = choice(values, 'source', ['p', 'sh'], 'p');
  if (source === 'p') {
    for (const name of ['p-leakage', 'top-vs']) {
      if (values[name] !== undefined) throw new UsageError(`--${name} needs --source sh`);
    }
  }
  const options: SynthOptions = {
    surveys: intOption(values.surveys, 'surveys', { min: 1, max: 100_000 }) ?? d.surveys,
    shots: intOption(values.shots, 'shots', { min: 1, max: 1024 }) ?? d.shots,
    spread: choice(values, 'spread', ['off-end', 'split', 'mixed'], d.spread),
    channels: listOption(values, 'channels', d.channels),
    spacing: listOption(values, 'spacing', d.spacing),
    sampleInterval: listOption(values, 'dt', d.sampleInterval),
    pretrigger: listOption(values, 'pretrigger', d.pretrigger),
    recordLength: length === undefined ? null : number(length, 'length'),
    layers: rangeOption(values, 'layers', d.layers),
    waterTable: values['water-table'] ? 'always' : values['no-water-table'] ? 'never' : 'random',
    maxDip: numberOption(values, 'max-dip', d.maxDip),
    topVp: rangeOption(values, 'top-vp', d.topVp),
    bedrockVp: rangeOption(values, 'bedrock-vp', d.bedrockVp),
    sWaves: values['s-waves'] === true,
    components: Number(choice(values, 'components', ['1', '3'], String(d.components))) as 1 | 3,
    wavelet: choice(values, 'wavelet', ['ricker', 'minimum-phase', 'mixed'], d.wavelet),
    frequency: rangeOption(values, 'frequency', d.frequency),
    snr: rangeOption(values, values.snr !== undefined ? 'snr' : 'snr-range', d.snr),
    ambientSnr: rangeOption(values, 'ambient-snr', d.ambientSnr),
    groundRoll: rangeOption(values, 'ground-roll', d.groundRoll),
    airWave: rangeOption(values, 'air-wave', d.airWave),
    statics: numberOption(values, 'statics', d.statics),
    deadRate: numberOption(values, 'dead-rate', d.deadRate),
    reversedRate: numberOption(values, 'reversed-rate', d.reversedRate),
    spikeRate: numberOption(values, 'spike-rate', d.spikeRate),
    coding: choice(values, 'format', ['float32', 'int32'], d.coding),
    ...(values['head-decay'] !== undefined
      ? { headDecay: rangeOption(values, 'head-decay', { min: 0, max: 0 }) }
      : {}),
    // A P line's options carry no SH keys: its survey.json stays as it was.
    ...(source === 'sh'
      ? {
          source: 'SH' as const,
          pLeakage: rangeOption(values, 'p-leakage', SH_DEFAULTS.pLeakage),
          topVs: rangeOption(values, 'top-vs', SH_DEFAULTS.topVs),
        }
      : {}),
  };
  try {
    checkSynthOptions(options);
  } catch (err) {
    if (err instanceof RangeError) throw new UsageError(err.message);
    throw err;
  }
  return options;
}

/** An output folder must be new or empty: mixing runs would mismatch the truth file. */
function prepareOut(dir: string): void {
  if (fs.existsSync(dir)) {
    if (!fs.statSync(dir).isDirectory()) throw new Error(`--out ${dir} is a file, not a folder`);
    if (fs.readdirSync(dir).length > 0) {
      throw new Error(`--out ${dir} is not empty; choose a new or empty folder`);
    }
  }
  fs.mkdirSync(dir, { recursive: true });
}

const fmt = (r: [number, number], unit: string, digits = 0) =>
  r[0] === r[1]
    ? `${r[0].toFixed(digits)}${unit}`
    : `${r[0].toFixed(digits)}-${r[1].toFixed(digits)}${unit}`;

export const synth: Command = {
  name: 'synth',
  summary: 'simulate labelled near-surface refraction surveys (SEG-2 shots + true picks CSV)',
  usage:
    'synth --out DIR --seed N [--surveys N] [--shots N] [--spread off-end|split|mixed] ' +
    '[--channels N[,N..]] [--spacing M[,M..]] [--dt S[,S..]] [--pretrigger S[,S..]] [--length S] ' +
    '[--layers A:B] [--water-table | --no-water-table] [--max-dip DEG] [--top-vp A:B] ' +
    '[--bedrock-vp A:B] [--s-waves] [--components 1|3] [--source p|sh] [--p-leakage A:B] ' +
    '[--top-vs A:B] [--wavelet ricker|minimum-phase|mixed] [--frequency A:B] ' +
    '[--snr DB | --snr-range A:B] [--ambient-snr A:B] [--ground-roll A:B] [--air-wave A:B] ' +
    '[--head-decay A:B] ' +
    '[--statics S] [--dead-rate P] [--reversed-rate P] [--spike-rate P] [--format float32|int32] [--json]',
  options: {
    out: { type: 'string' },
    seed: { type: 'string' },
    surveys: { type: 'string' },
    shots: { type: 'string' },
    spread: { type: 'string' },
    channels: { type: 'string' },
    spacing: { type: 'string' },
    dt: { type: 'string' },
    pretrigger: { type: 'string' },
    length: { type: 'string' },
    layers: { type: 'string' },
    'water-table': { type: 'boolean' },
    'no-water-table': { type: 'boolean' },
    'max-dip': { type: 'string' },
    'top-vp': { type: 'string' },
    'bedrock-vp': { type: 'string' },
    's-waves': { type: 'boolean' },
    components: { type: 'string' },
    source: { type: 'string' },
    'p-leakage': { type: 'string' },
    'head-decay': { type: 'string' },
    'top-vs': { type: 'string' },
    wavelet: { type: 'string' },
    frequency: { type: 'string' },
    snr: { type: 'string' },
    'snr-range': { type: 'string' },
    'ambient-snr': { type: 'string' },
    'ground-roll': { type: 'string' },
    'air-wave': { type: 'string' },
    statics: { type: 'string' },
    'dead-rate': { type: 'string' },
    'reversed-rate': { type: 'string' },
    'spike-rate': { type: 'string' },
    format: { type: 'string' },
  },
  async run({ values, json, io }) {
    const out = text(values, 'out');
    if (out === undefined || out.trim() === '') throw new UsageError('--out DIR is required');
    const seed = intOption(values.seed, 'seed', { min: 0, max: Number.MAX_SAFE_INTEGER });
    if (seed === undefined) throw new UsageError('--seed N is required');
    const options = synthOptions(values);
    prepareOut(out);

    const truthPath = path.join(out, TRUTH_FILE);
    const descriptions: SurveyDescription[] = [];
    const files: string[] = [];
    const picks = { P: 0, S: 0, none: 0 };
    let traces = 0;
    for (let index = 0; index < options.surveys; index++) {
      if (!json && options.surveys > 1) io.err(`survey ${index + 1}/${options.surveys}`);
      const survey = simulateSurvey(options, seed, index);
      for (const shot of survey.shots) {
        fs.writeFileSync(path.join(out, shot.file), shotSeg2(survey, shot, options.coding));
        files.push(shot.file);
        traces += shot.traces.length;
      }
      const rows = truthRows(survey);
      for (const r of rows) {
        if (r.time === null) picks.none++;
        else picks[r.phase]++;
      }
      // The truth file grows survey by survey; only the first chunk keeps the header.
      const csv = writePicksCsv(rows);
      fs.appendFileSync(truthPath, index === 0 ? csv : csv.slice(csv.indexOf('\r\n') + 2));
      descriptions.push(describeSurvey(survey));
      // Let signals and other I/O through between surveys of a long run.
      await new Promise((resolve) => setImmediate(resolve));
    }
    const descriptionPath = path.join(out, DESCRIPTION_FILE);
    fs.writeFileSync(
      descriptionPath,
      JSON.stringify(describeRun(seed, options, descriptions), null, 2) + '\n',
    );

    const extremes = (pick: (d: SurveyDescription) => number): [number, number] => {
      const all = descriptions.map(pick);
      return [minOf(all), maxOf(all)];
    };
    const summary = {
      out: path.resolve(out),
      seed,
      surveys: options.surveys,
      shots: files.length,
      traces,
      picks,
      files,
      truth: path.resolve(truthPath),
      description: path.resolve(descriptionPath),
    };
    const layers = extremes((d) => d.model.layers.length);
    const waterTables = descriptions.filter((d) =>
      d.model.interfaces.some((f) => f.kind === 'water-table'),
    ).length;
    return {
      data: summary,
      text: [
        `wrote ${files.length} SEG-2 shot file(s) of ${options.surveys} survey(s) to ${summary.out}`,
        `  ${traces} traces, ${fmt(
          extremes((d) => d.line.channels),
          '',
        )} channels, ` +
          `${fmt(
            extremes((d) => d.recording.sampleInterval * 1e3),
            ' ms',
            3,
          )} sampling, ` +
          `${fmt(layers, '')} layers, water table in ${waterTables} survey(s)`,
        ...(options.source === 'SH'
          ? ['  SH source on crossline geophones (S lines): P rows are the leaked P']
          : []),
        `  true picks: ${picks.P} P, ${picks.S} S, ${picks.none} rows without an arrival → ${TRUTH_FILE}`,
        `  model, geometry and noise of every survey → ${DESCRIPTION_FILE}`,
      ].join('\n'),
    };
  },
};
