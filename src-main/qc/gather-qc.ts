/**
 * One gather's QC in one call: robust fit, flags, and corrected times for the flagged picks.
 */
import { flagGather, type FlagOptions, type FlaggedPick } from './anomaly-flags';
import { fitGather, type GatherFit, type GatherFitOptions, type GatherPick } from './gather-fit';
import type { VelocityBounds } from './branch-model';
import { correctFlaggedPicks, type CorrectionOptions } from './svr-correction';

export interface GatherQcOptions {
  /** Plausible apparent velocities for both the fit and the flags, m/s. */
  velocityBounds?: VelocityBounds;
  fit?: GatherFitOptions;
  flags?: FlagOptions;
  correction?: CorrectionOptions;
}

export interface QcPick extends FlaggedPick {
  /** Corrected time for a flagged pick; null when not flagged or when it could not be. */
  corrected: number | null;
}

export interface GatherQc {
  fit: GatherFit;
  picks: QcPick[];
}

export function qcGather(picks: readonly GatherPick[], options: GatherQcOptions = {}): GatherQc {
  const bounds = options.velocityBounds ? { velocityBounds: options.velocityBounds } : {};
  const fit = fitGather(picks, { ...options.fit, ...bounds });
  const flagged = flagGather(fit, { ...options.flags, ...bounds });
  const corrections = new Map(
    correctFlaggedPicks(flagged, fit, options.correction).map((c) => [c.id, c.corrected]),
  );
  return { fit, picks: flagged.map((p) => ({ ...p, corrected: corrections.get(p.id) ?? null })) };
}
