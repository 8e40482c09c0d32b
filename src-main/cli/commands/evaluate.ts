import { readPicksCsv, type ReadPickRow } from '../../export/picks-csv';
import { readRegularText } from '../../formats/file-bytes';
import { scorePicks, type PhaseScore, type WithinShare } from '../../metrics/scores';
import { UsageError, type Command } from '../command';
import { maxOf } from '../../numeric/extent';

function positiveSeconds(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !(n > 0) || !Number.isFinite(n)) {
    throw new UsageError(`--${name} must be a positive number of seconds, got ${String(value)}`);
  }
  return n;
}

function msList(value: unknown): number[] | undefined {
  if (value === undefined) return undefined;
  const list = String(value).split(',').map(Number);
  if (list.some((n) => !(n > 0) || !Number.isFinite(n))) {
    throw new UsageError(
      `--within-ms must be positive numbers separated by commas, got ${String(value)}`,
    );
  }
  return list;
}

function load(file: string): ReadPickRow[] {
  return readPicksCsv(readRegularText(file), file);
}

/** A reference must give one time per key; the message names both lines. */
function checkUniqueKeys(rows: ReadPickRow[], file: string): void {
  const seen = new Map<string, number>();
  for (const r of rows) {
    const key = JSON.stringify([r.file, r.trace, r.phase]);
    const first = seen.get(key);
    if (first !== undefined) {
      throw new Error(
        `${file}, line ${r.line}: a second reference for file ${r.file}, trace ${r.trace}, phase ${r.phase} (first on line ${first})`,
      );
    }
    seen.set(key, r.line);
  }
}

export const pct = (share: number | null) =>
  share === null ? '-' : `${(100 * share).toFixed(1)}%`;
export const ratio = (v: number | null) => (v === null ? '-' : v.toFixed(3));
const ms = (v: number | undefined) => (v === undefined ? '-' : (v * 1000).toFixed(2));

export function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => maxOf(rows.map((r) => r[c]!.length)));
  return rows.map((r) => r.map((cell, c) => cell.padStart(widths[c]!)).join('  ')).join('\n');
}

function scoreText(scores: PhaseScore[], tolerance: number): string {
  if (scores.length === 0) return 'no picks or reference rows to score';
  const within = (list: WithinShare[], unit: string) => list.map((w) => `≤${w.limit}${unit}`);
  const first = scores[0]!;
  const header = [
    'phase',
    'labels',
    'picks',
    'TP',
    'FP',
    'FN',
    'TN',
    'precision',
    'recall',
    'F1',
    'mean ms',
    'std ms',
    'MAE ms',
    ...within(first.withinSamples, ' smp'),
    ...within(first.withinMs, ' ms'),
  ];
  const rows = scores.map((s) => [
    s.phase,
    ...[s.labels, s.picks, s.tp, s.fp, s.fn, s.tn].map(String),
    ratio(s.precision),
    ratio(s.recall),
    ratio(s.f1),
    ms(s.residual?.mean),
    ms(s.residual?.std),
    ms(s.residual?.mae),
    ...s.withinSamples.map((w) => pct(w.share)),
    ...s.withinMs.map((w) => pct(w.share)),
  ]);
  return [
    `tolerance ${tolerance} s; residual = pick − reference, over true positives; within-N: share of reference picks`,
    table([header, ...rows]),
    ...scores.map(
      (s) =>
        `${s.phase}: FN ${s.fn} = ${s.missed} without a pick + ${s.mislocated} picked too far; FP ${s.fp} includes ${s.spurious} where the reference has no arrival`,
    ),
  ].join('\n');
}

export const evaluate: Command = {
  name: 'evaluate',
  summary: 'score picks against reference picks: TP/FP/FN, precision, recall, F1, residuals',
  usage:
    'evaluate --picks A.csv --reference B.csv --tolerance SECONDS [--sample-interval SECONDS] [--within-ms 1,2,5,10] [--json]',
  options: {
    picks: { type: 'string' },
    reference: { type: 'string' },
    tolerance: { type: 'string' },
    'sample-interval': { type: 'string' },
    'within-ms': { type: 'string' },
  },
  async run({ values }) {
    const picksFile = values.picks;
    const referenceFile = values.reference;
    if (typeof picksFile !== 'string') throw new UsageError('--picks is required');
    if (typeof referenceFile !== 'string') throw new UsageError('--reference is required');
    const tolerance = positiveSeconds(values.tolerance, 'tolerance');
    if (tolerance === undefined) throw new UsageError('--tolerance is required');
    const sampleInterval = positiveSeconds(values['sample-interval'], 'sample-interval');
    const withinMs = msList(values['within-ms']);

    const picks = load(picksFile);
    const reference = load(referenceFile);
    checkUniqueKeys(reference, referenceFile);
    const scores = scorePicks(picks, reference, { tolerance, sampleInterval, withinMs });
    return {
      text: scoreText(scores, tolerance),
      data: {
        picks: picksFile,
        reference: referenceFile,
        tolerance,
        sampleInterval: sampleInterval ?? null,
        phases: scores,
      },
    };
  },
};
