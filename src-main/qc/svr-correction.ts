/**
 * Corrected times for flagged picks, from an RBF support-vector regression trained on the
 * picks of the same gather side that were not flagged.
 *
 * By default the SVR learns what the robust branch fit leaves over (time − fit): the fit
 * carries the straight branches and their kinks, which a smooth kernel would round off by
 * a fraction of a millisecond at each crossover, and the SVR carries the smooth departures
 * from plane layers (statics, refractor relief) that a few neighbouring picks share. With
 * `trend: 'none'` the SVR learns the times themselves, as in the source report.
 */
import type { FlaggedPick, QcFlag } from './anomaly-flags';
import type { GatherFit, PickId, Side } from './gather-fit';
import { predictSide } from './gather-fit';
import { median } from './robust-stats';
import { predictSvr, trainSvr } from './svr';
import { maxOf } from '../numeric/extent';

export interface CorrectionOptions {
  /** Flags that call for a corrected time. */
  correct?: QcFlag[];
  trend?: 'fit' | 'none';
  /** Kernel length scale, m; default 3 receiver spacings (median spacing of the side). */
  lengthScale?: number;
  /** SVR tube half-width, in robust standard deviations of the side. */
  epsilon?: number;
  /** SVR box constraint, in multiples of the largest standardised target. */
  C?: number;
  /** Fewer unflagged picks than this on a side: no corrections there. */
  minTrainingPicks?: number;
}

/** Default kernel length scale: wide enough to span a missing receiver, narrow enough to follow statics. */
const LENGTH_SCALE_IN_SPACINGS = 3;

export const DEFAULT_CORRECTION_OPTIONS = {
  correct: ['residual', 'missing', 'phase-order'] as QcFlag[],
  trend: 'fit' as 'fit' | 'none',
  epsilon: 0.5,
  C: 10,
  minTrainingPicks: 5,
};

export interface PickCorrection {
  id: PickId;
  /** The pick as it was; null for a missing pick. */
  original: number | null;
  corrected: number;
}

export function correctFlaggedPicks(
  picks: readonly FlaggedPick[],
  fit: GatherFit,
  options: CorrectionOptions = {},
): PickCorrection[] {
  const o: CorrectionOptions & typeof DEFAULT_CORRECTION_OPTIONS = {
    ...DEFAULT_CORRECTION_OPTIONS,
    ...options,
  };
  const needsCorrection = (p: FlaggedPick) => p.flags.some((f) => o.correct.includes(f));
  return (['negative', 'positive'] as Side[]).flatMap((side) => {
    const members = picks.filter((p) => p.side === side);
    const targets = members.filter(needsCorrection);
    const training = members.filter((p) => p.time !== null && !needsCorrection(p));
    const sideFit = fit.sides.find((s) => s.side === side);
    if (targets.length === 0 || training.length < o.minTrainingPicks || !sideFit) return [];

    const trend = (distance: number) => (o.trend === 'fit' ? predictSide(sideFit, distance) : 0);
    const usable = training.filter((p) => trend(p.distance) !== null);
    if (usable.length < o.minTrainingPicks) return [];
    const x = usable.map((p) => p.distance);
    const detrended = usable.map((p) => p.time! - trend(p.distance)!);
    // Standardise by the side's robust scale so that ε and C mean the same at any noise level.
    const centre = median(detrended);
    const sigma = sideFit.scale;
    const target = detrended.map((v) => (v - centre) / sigma);
    const lengthScale = o.lengthScale ?? LENGTH_SCALE_IN_SPACINGS * medianSpacing(x);
    const model = trainSvr(x, target, {
      C: o.C * Math.max(1, maxOf(target.map(Math.abs))),
      epsilon: o.epsilon,
      gamma: 1 / (2 * lengthScale * lengthScale),
    });
    return targets.flatMap((p) => {
      const base = trend(p.distance);
      if (base === null) return [];
      return [
        {
          id: p.id,
          original: p.time,
          corrected: base + centre + sigma * predictSvr(model, p.distance),
        },
      ];
    });
  });
}

function medianSpacing(distances: readonly number[]): number {
  const sorted = [...new Set(distances)].sort((a, b) => a - b);
  const gaps = sorted.slice(1).map((d, i) => d - sorted[i]!);
  return gaps.length > 0 ? median(gaps) : 1;
}
