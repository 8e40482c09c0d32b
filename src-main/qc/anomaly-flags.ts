/**
 * Flags on picks that travel-time physics says cannot all be right.
 */
import type { FittedPick, GatherFit, PickId } from './gather-fit';
import {
  DEFAULT_VELOCITY_BOUNDS,
  isPlausibleVelocity,
  segmentAt,
  type VelocityBounds,
} from './branch-model';

export type QcFlag =
  /** The trace has no pick. */
  | 'missing'
  /** Further from the gather's robust fit than k robust standard deviations of its side. */
  | 'residual'
  /** On a refraction branch whose apparent velocity is outside the plausible bounds. */
  | 'velocity'
  /** The trace's S pick is earlier than its P pick. */
  | 'phase-order';

export interface FlagOptions {
  /** Residual threshold in robust standard deviations (MAD-based) of the pick's side. */
  k?: number;
  /** Plausible apparent velocities, m/s; a branch with a zero or negative slope is never. */
  velocityBounds?: VelocityBounds;
  /** Picks on traces whose S precedes P (see phaseOrderViolations): flagged 'phase-order'. */
  phaseOrder?: ReadonlySet<PickId>;
}

export const DEFAULT_FLAG_OPTIONS = { k: 3.5, velocityBounds: DEFAULT_VELOCITY_BOUNDS };

export interface FlaggedPick extends FittedPick {
  flags: QcFlag[];
}

export function flagGather(fit: GatherFit, options: FlagOptions = {}): FlaggedPick[] {
  const o: FlagOptions & typeof DEFAULT_FLAG_OPTIONS = { ...DEFAULT_FLAG_OPTIONS, ...options };
  return fit.picks.map((pick) => {
    const flags: QcFlag[] = [];
    const side = fit.sides.find((s) => s.side === pick.side);
    if (pick.time === null) flags.push('missing');
    if (side && pick.residual !== null && Math.abs(pick.residual) > o.k * side.scale) {
      flags.push('residual');
    }
    if (side?.model === 'branches' && pick.time !== null) {
      const slope = side.branches.slopes[segmentAt(side.branches, pick.distance)]!;
      if (!isPlausibleVelocity(slope, o.velocityBounds)) flags.push('velocity');
    }
    if (o.phaseOrder?.has(pick.id)) flags.push('phase-order');
    return { ...pick, flags };
  });
}

/**
 * Traces whose S pick precedes their P pick by more than `tolerance` seconds. Returns the
 * given objects, so that they can carry whatever ids the caller needs for `phaseOrder`.
 */
export function phaseOrderViolations<T extends { p: number | null; s: number | null }>(
  traces: readonly T[],
  tolerance = 0,
): T[] {
  return traces.filter((t) => t.p !== null && t.s !== null && t.s < t.p - tolerance);
}
