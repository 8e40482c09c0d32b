/**
 * Pick scores per phase, as the source report defines them (sections 7 and 10.2.3), for
 * picks matched to reference picks by key (file, trace, phase).
 *
 * For each key, the predicted pick nearest the reference time is its candidate:
 * - TP: the candidate's residual is below the tolerance (|residual| < tolerance);
 * - FP: every other predicted pick: the candidate when its residual is ≥ tolerance
 *   ("mislocated"), the further picks of a key beyond the candidate, and every pick of a key
 *   without a reference time ("spurious");
 * - FN: a reference time without a TP. This includes keys whose picks all miss by the
 *   tolerance or more, which are therefore both FP and FN. That is what the report's worked
 *   example needs: 142 labels, 144 picks, 134 within tolerance give FP = 144 − 134 = 10 and
 *   FN = 142 − 134 = 8, so recall = TP / labels. 10.2.3's narrower "label but no peak at
 *   all" is reported separately as `missed`.
 * - TN: a key with neither a reference time nor a pick. Keys only exist when a row names
 *   them, so a TN needs a row with no time: a reference row saying "no arrival here" or a
 *   prediction row saying "examined, nothing picked".
 *
 * Residual = pick − reference, in seconds; mean, std (population, like numpy) and MAE are
 * over the TPs. The within-N shares are of all reference times: the share whose candidate
 * lies within N samples or N ms (|residual| ≤ N, with a 1e-9 relative allowance for
 * rounding), independent of the tolerance.
 */

export type Phase = 'P' | 'S';

export interface PickKey {
  file: string;
  trace: number;
  phase: Phase;
}

/** A pick or reference row; time null = this key was examined and has no arrival. */
export interface KeyedTime extends PickKey {
  time: number | null;
}

export interface ScoreOptions {
  /** Seconds; a candidate with |residual| below this is a true positive. */
  tolerance: number;
  /** Seconds per sample, for the within-N-samples shares; omitted = no such shares. */
  sampleInterval?: number;
  /** Sample counts for the within shares. */
  withinSamples?: number[];
  /** Millisecond limits for the within shares. */
  withinMs?: number[];
}

export interface WithinShare {
  limit: number;
  count: number;
  share: number | null;
}

export interface PhaseScore {
  phase: Phase;
  /** Keys with a reference time. */
  labels: number;
  /** Predicted picks (rows with a time). */
  picks: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  /** Reference times with no pick at all (10.2.3's false negatives, a part of `fn`). */
  missed: number;
  /** Candidates at or beyond the tolerance (part of `fp`, and each also an `fn`). */
  mislocated: number;
  /** Picks on keys without a reference time (part of `fp`). */
  spurious: number;
  /** Null where the ratio has no denominator (no picks, no labels). */
  precision: number | null;
  recall: number | null;
  f1: number | null;
  residual: { mean: number; std: number; mae: number } | null;
  withinSamples: WithinShare[];
  withinMs: WithinShare[];
}

export const DEFAULT_WITHIN_SAMPLES = [1, 2, 5, 10];
export const DEFAULT_WITHIN_MS = [1, 2, 5, 10];

const keyOf = (k: PickKey) => JSON.stringify([k.file, k.trace, k.phase]);

/** The residual (pick − reference) of a key's candidate: its pick nearest the reference. */
export function nearestResidual(times: readonly number[], label: number): number {
  return times.map((t) => t - label).reduce((best, r) => (Math.abs(r) < Math.abs(best) ? r : best));
}

/** One score per phase that occurs in either list, P before S. */
export function scorePicks(
  predicted: readonly KeyedTime[],
  reference: readonly KeyedTime[],
  options: ScoreOptions,
): PhaseScore[] {
  const { tolerance } = options;
  if (!(tolerance > 0 && Number.isFinite(tolerance))) {
    throw new RangeError(`tolerance must be a positive number of seconds, got ${tolerance}`);
  }
  const refs = new Map<string, KeyedTime>();
  for (const r of reference) {
    const key = keyOf(r);
    if (refs.has(key)) {
      throw new RangeError(
        `reference has two rows for file ${r.file}, trace ${r.trace}, phase ${r.phase}`,
      );
    }
    refs.set(key, r);
  }
  const picksByKey = new Map<string, number[]>();
  const keys = new Map<string, PickKey>();
  for (const row of [...reference, ...predicted]) keys.set(keyOf(row), row);
  for (const p of predicted) {
    const list = picksByKey.get(keyOf(p)) ?? [];
    if (p.time !== null) list.push(p.time);
    picksByKey.set(keyOf(p), list);
  }

  const phases = (['P', 'S'] as const).filter((ph) =>
    [...keys.values()].some((k) => k.phase === ph),
  );
  return phases.map((phase) => {
    let [labels, picks, tp, fp, fn, tn, missed, mislocated, spurious] = [0, 0, 0, 0, 0, 0, 0, 0, 0];
    const tpResiduals: number[] = [];
    const candidateResiduals: number[] = [];
    for (const [key, k] of keys) {
      if (k.phase !== phase) continue;
      const times = picksByKey.get(key) ?? [];
      const label = refs.get(key)?.time ?? null;
      picks += times.length;
      if (label === null) {
        if (times.length === 0) tn++;
        fp += times.length;
        spurious += times.length;
        continue;
      }
      labels++;
      if (times.length === 0) {
        fn++;
        missed++;
        continue;
      }
      const residual = nearestResidual(times, label);
      candidateResiduals.push(residual);
      fp += times.length - 1;
      if (Math.abs(residual) < tolerance) {
        tp++;
        tpResiduals.push(residual);
      } else {
        fp++;
        fn++;
        mislocated++;
      }
    }
    const precision = picks > 0 ? tp / picks : null;
    const recall = labels > 0 ? tp / labels : null;
    const f1 =
      precision === null || recall === null
        ? null
        : precision + recall === 0
          ? 0
          : (2 * precision * recall) / (precision + recall);
    const within = (limitSeconds: number, limit: number): WithinShare => {
      const count = candidateResiduals.filter(
        (r) => Math.abs(r) <= limitSeconds * (1 + 1e-9),
      ).length;
      return { limit, count, share: labels > 0 ? count / labels : null };
    };
    const dt = options.sampleInterval;
    return {
      phase,
      labels,
      picks,
      tp,
      fp,
      fn,
      tn,
      missed,
      mislocated,
      spurious,
      precision,
      recall,
      f1,
      residual: residualStats(tpResiduals),
      withinSamples:
        dt === undefined
          ? []
          : (options.withinSamples ?? DEFAULT_WITHIN_SAMPLES).map((n) => within(n * dt, n)),
      withinMs: (options.withinMs ?? DEFAULT_WITHIN_MS).map((ms) => within(ms / 1000, ms)),
    };
  });
}

function residualStats(r: number[]): PhaseScore['residual'] {
  if (r.length === 0) return null;
  const mean = r.reduce((a, b) => a + b, 0) / r.length;
  const variance = r.reduce((a, b) => a + (b - mean) ** 2, 0) / r.length;
  const mae = r.reduce((a, b) => a + Math.abs(b), 0) / r.length;
  return { mean, std: Math.sqrt(variance), mae };
}
