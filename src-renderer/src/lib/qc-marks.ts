import type { QcFlag, QcReport } from '../../../src-main/api/contract';
import type { TravelTimeAxis } from './travel-time-lines';

/** A pick the QC flagged, where the travel-time chart draws it. */
export interface FlaggedPoint {
  shotId: number;
  pickId: number;
  /** Along the chart's axis (m). */
  position: number;
  /** The pick's time, or the fit's where the pick is missing (ms). */
  timeMs: number;
  flags: QcFlag[];
}

/** One side of a shot's robust fit: predicted times from the source outwards. */
export interface FitCurve {
  shotId: number;
  side: 'negative' | 'positive';
  /** [position (m), predicted time (ms)], ordered along the axis. */
  points: [number, number][];
}

/**
 * What a QC report adds to the travel-time chart: the flagged picks and each shot's robust
 * fit, one curve per side of the source (the fit is separate on each side, so a curve
 * through the source would draw a segment the fit never made). Positions follow the chart's
 * axis; against receiver position a shot needs its source position (`sourceX`).
 */
export function qcMarks(
  report: QcReport,
  axis: TravelTimeAxis,
  sourceX: ReadonlyMap<number, number>,
): { flagged: FlaggedPoint[]; fits: FitCurve[] } {
  const flagged: FlaggedPoint[] = [];
  const fits: FitCurve[] = [];
  for (const shot of report.shots) {
    const source = sourceX.get(shot.shotId);
    if (axis === 'receiver' && source === undefined) continue;
    const at = (offset: number) => (axis === 'receiver' ? source! + offset : offset);
    for (const item of shot.items) {
      const time = item.time ?? item.predicted;
      if (item.flags.length === 0 || time === null) continue;
      flagged.push({
        shotId: shot.shotId,
        pickId: item.pickId,
        position: at(item.offset),
        timeMs: time * 1000,
        flags: item.flags,
      });
    }
    for (const side of ['negative', 'positive'] as const) {
      const points = shot.items
        .filter((i) => i.predicted !== null && (side === 'negative' ? i.offset < 0 : i.offset >= 0))
        .map((i): [number, number] => [at(i.offset), i.predicted! * 1000])
        .sort((a, b) => a[0] - b[0]);
      if (points.length >= 2) fits.push({ shotId: shot.shotId, side, points });
    }
  }
  return { flagged, fits };
}

/** How many picks carry each flag (a pick can carry several). */
export function flagCounts(report: QcReport): Partial<Record<QcFlag, number>> {
  const counts: Partial<Record<QcFlag, number>> = {};
  for (const shot of report.shots) {
    for (const item of shot.items) {
      for (const flag of item.flags) counts[flag] = (counts[flag] ?? 0) + 1;
    }
  }
  return counts;
}
