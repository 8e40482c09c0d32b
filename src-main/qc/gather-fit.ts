/**
 * Robust travel-time fit of one gather (picks of one shot, one phase), each side of the source
 * on its own: the two sides see different refractor dips and often different velocities, so
 * one symmetric curve would misfit both.
 */
import { fitLogOffset, predictLogOffset, type LogOffsetModel } from './log-offset-fit';
import { predictBranches, type BranchModel } from './branch-model';
import {
  DEFAULT_BRANCH_OPTIONS,
  fitRefractionBranches,
  type BranchFitOptions,
} from './refraction-branches';

export type PickId = string | number;

export interface GatherPick {
  id: PickId;
  /** Receiver position − source position along the line, m. */
  offset: number;
  /** Arrival time, s; null = the trace has no pick. */
  time: number | null;
}

export type Side = 'negative' | 'positive';
export type TravelTimeModel = 'branches' | 'log-offset';

interface SideFitBase {
  side: Side;
  /** Robust standard deviation of this side's residuals, s. */
  scale: number;
  /** Picks with a time that the fit used. */
  count: number;
}

export type SideFit =
  | (SideFitBase & {
      model: 'branches';
      branches: BranchModel;
      criteria: { segments: number; bic: number }[];
    })
  | (SideFitBase & { model: 'log-offset'; logOffset: LogOffsetModel });

export interface FittedPick extends GatherPick {
  side: Side;
  /** |offset|, m. */
  distance: number;
  /** The side's model at this distance; null when the side has no fit. */
  predicted: number | null;
  /** time − predicted; null for a missing pick or where there is no prediction. */
  residual: number | null;
}

export interface GatherFit {
  /** The sides that had enough picks to fit. */
  sides: SideFit[];
  /** Every input pick, in input order. */
  picks: FittedPick[];
}

export interface GatherFitOptions extends BranchFitOptions {
  model?: TravelTimeModel;
}

export function predictSide(fit: SideFit, distance: number): number | null {
  return fit.model === 'branches'
    ? predictBranches(fit.branches, distance)
    : predictLogOffset(fit.logOffset, distance);
}

export function fitGather(picks: readonly GatherPick[], options: GatherFitOptions = {}): GatherFit {
  const sideOf = sideAssigner(picks);
  const sides: SideFit[] = [];
  for (const side of ['negative', 'positive'] as const) {
    // A pick at the source is the apex of both sides: it anchors both first branches.
    const members = picks.filter((p) => p.time !== null && (sideOf(p) === side || p.offset === 0));
    const fit = fitSide(
      side,
      members.map((p) => Math.abs(p.offset)),
      members.map((p) => p.time!),
      options,
    );
    if (fit) sides.push(fit);
  }
  return {
    sides,
    picks: picks.map((p) => {
      const side = sideOf(p);
      const distance = Math.abs(p.offset);
      const fit = sides.find((s) => s.side === side);
      const predicted = fit ? predictSide(fit, distance) : null;
      const residual = predicted === null || p.time === null ? null : p.time - predicted;
      return { ...p, side, distance, predicted, residual };
    }),
  };
}

/**
 * A pick at the source is judged against the side with more picks (the positive one on a
 * tie), whose fit is the better determined.
 */
function sideAssigner(picks: readonly GatherPick[]): (p: GatherPick) => Side {
  const timed = picks.filter((p) => p.time !== null);
  const negatives = timed.filter((p) => p.offset < 0).length;
  const positives = timed.filter((p) => p.offset > 0).length;
  const atSource: Side = negatives > positives ? 'negative' : 'positive';
  return (p) => (p.offset < 0 ? 'negative' : p.offset > 0 ? 'positive' : atSource);
}

function fitSide(
  side: Side,
  distances: number[],
  times: number[],
  options: GatherFitOptions,
): SideFit | null {
  if (options.model === 'log-offset') {
    const fit = fitLogOffset(distances, times, options.minScale ?? DEFAULT_BRANCH_OPTIONS.minScale);
    if (!fit) return null;
    const { intercept, slope, scale } = fit;
    return {
      side,
      model: 'log-offset',
      logOffset: { intercept, slope },
      scale,
      count: times.length,
    };
  }
  const fit = fitRefractionBranches(distances, times, options);
  if (!fit) return null;
  const { intercept, slopes, breakpoints, scale, criteria } = fit;
  return {
    side,
    model: 'branches',
    branches: { intercept, slopes, breakpoints },
    criteria,
    scale,
    count: times.length,
  };
}
