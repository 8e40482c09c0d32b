import { nearestResidual, type KeyedTime, type Phase } from './scores';

/**
 * The residual distribution behind a phase's scores: for each reference time, its candidate
 * (the pick nearest it, as scores.ts chooses), binned across ±tolerance. Only the true
 * positives fall inside, so the bars add up to TP and show whether a model picks early or
 * late within the tolerance; candidates further away are counted as FN and FP already.
 */

export interface Histogram {
  /** Left edge of the first bin, s. */
  start: number;
  binWidth: number;
  counts: number[];
}

/** Bins across ±tolerance: fine enough to show a bias of a tenth of the tolerance. */
export const HISTOGRAM_BINS = 20;

export function residualHistogram(
  predicted: readonly KeyedTime[],
  reference: readonly KeyedTime[],
  phase: Phase,
  tolerance: number,
): Histogram {
  const key = (k: KeyedTime) => JSON.stringify([k.file, k.trace]);
  const picks = new Map<string, number[]>();
  for (const p of predicted) {
    if (p.phase !== phase || p.time === null) continue;
    picks.set(key(p), [...(picks.get(key(p)) ?? []), p.time]);
  }
  const binWidth = (2 * tolerance) / HISTOGRAM_BINS;
  const counts = new Array<number>(HISTOGRAM_BINS).fill(0);
  for (const r of reference) {
    const times = picks.get(key(r));
    if (r.phase !== phase || r.time === null || !times) continue;
    const residual = nearestResidual(times, r.time);
    if (Math.abs(residual) >= tolerance) continue;
    // A residual on an inner edge goes to the bin on its right; min() keeps rounding in range.
    counts[Math.min(HISTOGRAM_BINS - 1, Math.floor((residual + tolerance) / binWidth))]!++;
  }
  return { start: -tolerance, binWidth, counts };
}
