/**
 * Reciprocity: a ray from A to B takes as long as from B to A, so a shot at A recorded at B
 * and a shot at B recorded at A must agree to within the picking error. Their difference is
 * the most direct measure of that error that needs no model.
 *
 * Shots rarely sit exactly on a receiver, so the time at the other shot's position is read
 * off the gather: the receiver there if there is one, else the straight line through the two
 * receivers that bracket it (or the two nearest on that side of the shot, past the end of the
 * spread), as long as the nearest receiver is within `positionTolerance`. Receivers a
 * fraction of a spacing apart differ by a fraction of a spacing's travel time, which matching
 * the nearest alone would add to the difference.
 */
import type { PickId } from './gather-fit';
import { median, quantile } from './robust-stats';
import { maxOf } from '../numeric/extent';

export interface ShotGather {
  /** Source position along the line, m. */
  source: number;
  /**
   * Its distance from the line, m (default 0), as each receiver's: a receiver stands for a
   * position only within the tolerance of it across the line too, so that on a crossed
   * layout the other leg's receivers do not (geometry/line-frame.ts).
   */
  across?: number;
  picks: { id: PickId; receiver: number; across?: number; time: number | null }[];
}

export interface ReciprocityOptions {
  /** Largest distance from the other shot to the nearest receiver with a pick, m. */
  positionTolerance?: number;
  /** |t(A→B) − t(B→A)| above this flags the pair, s. */
  threshold?: number;
}

export const DEFAULT_RECIPROCITY_OPTIONS = { positionTolerance: 0.5, threshold: 0.0015 };

const MILLIMETRE = 0.001;

export interface TimeAtPosition {
  time: number;
  /** The picks the time was read or interpolated from. */
  pickIds: PickId[];
  /** Their receivers' positions, m. */
  receivers: number[];
  /**
   * A receiver at the position, a line between the two receivers around it, or the line
   * through the two nearest on its side of the shot continued past the end of the spread.
   */
  how: 'receiver' | 'interpolated' | 'extrapolated';
}

export interface ReciprocalPair {
  /** The shot further down the line (smaller position). */
  a: number;
  b: number;
  forward: TimeAtPosition;
  reverse: TimeAtPosition;
  /** t(A→B) − t(B→A), s. */
  difference: number;
  flagged: boolean;
}

export interface ReciprocitySummary {
  count: number;
  flagged: number;
  /** Of |difference|, s; null without pairs. */
  medianAbs: number | null;
  p90Abs: number | null;
  maxAbs: number | null;
  /** Mean signed difference, s: a consistent sign points at a trigger delay of one shot. */
  meanDifference: number | null;
}

export function reciprocalPairs(
  gathers: readonly ShotGather[],
  options: ReciprocityOptions = {},
): ReciprocalPair[] {
  const o = { ...DEFAULT_RECIPROCITY_OPTIONS, ...options };
  const pairs: ReciprocalPair[] = [];
  for (let i = 0; i < gathers.length; i++) {
    for (let j = i + 1; j < gathers.length; j++) {
      const [ga, gb] =
        gathers[i]!.source <= gathers[j]!.source
          ? [gathers[i]!, gathers[j]!]
          : [gathers[j]!, gathers[i]!];
      // Two shots at one position have no path between them to compare.
      if (gb.source - ga.source <= o.positionTolerance) continue;
      const forward = timeAtPosition(ga, gb.source, o.positionTolerance, gb.across);
      const reverse = timeAtPosition(gb, ga.source, o.positionTolerance, ga.across);
      if (!forward || !reverse) continue;
      const difference = forward.time - reverse.time;
      pairs.push({
        a: ga.source,
        b: gb.source,
        forward,
        reverse,
        difference,
        flagged: Math.abs(difference) > o.threshold,
      });
    }
  }
  return pairs;
}

export function summariseReciprocity(pairs: readonly ReciprocalPair[]): ReciprocitySummary {
  const abs = pairs.map((p) => Math.abs(p.difference));
  const any = abs.length > 0;
  return {
    count: pairs.length,
    flagged: pairs.filter((p) => p.flagged).length,
    medianAbs: any ? median(abs) : null,
    p90Abs: any ? quantile(abs, 0.9) : null,
    maxAbs: any ? maxOf(abs) : null,
    meanDifference: any ? pairs.reduce((sum, p) => sum + p.difference, 0) / pairs.length : null,
  };
}

/** The gather's time at a position on the line; null when no receiver is close enough. */
export function timeAtPosition(
  gather: ShotGather,
  position: number,
  positionTolerance: number,
  /** The position's distance from the line, m (default 0). */
  across = 0,
): TimeAtPosition | null {
  const direction = Math.sign(position - gather.source);
  const sameSide = gather.picks
    .filter((p) => p.time !== null && Math.sign(p.receiver - gather.source) === direction)
    .filter((p) => Math.abs((p.across ?? 0) - across) <= positionTolerance + MILLIMETRE)
    .map((p) => ({ id: p.id, x: p.receiver, t: p.time!, gap: Math.abs(p.receiver - position) }))
    .sort((p, q) => p.gap - q.gap);
  const nearest = sameSide[0];
  // A millimetre over the tolerance: the catalogue keeps positions to the millimetre, so a
  // line in map coordinates has its spacings and gaps only that close.
  if (!nearest || nearest.gap > positionTolerance + MILLIMETRE) return null;
  if (nearest.gap === 0) {
    return { time: nearest.t, pickIds: [nearest.id], receivers: [nearest.x], how: 'receiver' };
  }
  const otherSide = sameSide.find(
    (p) => Math.sign(p.x - position) !== Math.sign(nearest.x - position),
  );
  const partner = otherSide ?? sameSide.find((p) => p.x !== nearest.x);
  if (!partner) return null;
  const time =
    nearest.t + ((partner.t - nearest.t) * (position - nearest.x)) / (partner.x - nearest.x);
  return {
    time,
    pickIds: [nearest.id, partner.id],
    receivers: [nearest.x, partner.x],
    how: otherSide ? 'interpolated' : 'extrapolated',
  };
}

/**
 * The line's receiver spacing: the median gap between neighbouring receiver positions (a
 * few missing or doubled receivers do not move it); null with fewer than two positions.
 */
export function receiverSpacing(receivers: readonly number[]): number | null {
  const xs = [...new Set(receivers)].sort((a, b) => a - b);
  const gaps = xs.slice(1).map((x, i) => x - xs[i]!);
  return gaps.length ? median(gaps) : null;
}
