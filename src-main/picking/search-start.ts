import type { Trace } from '../formats/record';
import { horizontalOffset } from './offset';

/**
 * Where a picker may start looking on each trace: nothing arrives before the source fires, and
 * nothing travels faster than `vMax`, so an arrival comes at or after max(0, offset / vMax)
 * seconds after the shot. What comes before (pre-trigger samples) is noise: pickers read it as
 * their noise reference, never as an arrival.
 *
 * Offsets only count when they are plausible: if they would push the nearest receiver's first
 * possible arrival past a quarter of the record, or the farthest's past its end (a header in
 * the wrong units), the record is searched from the shot on.
 */

/** m/s: faster than the fastest rock a refraction line meets (fresh granite, ~6 km/s). */
export const DEFAULT_V_MAX = 6000;

/** Share of a record the nearest receiver's offset / vMax may take before offsets are doubted. */
const PLAUSIBLE_SHARE = 0.25;

/**
 * Earliest arrival time (s after the shot) of each trace. `vMax` null: from the shot on,
 * whatever the offsets.
 */
export function earliestArrivals(
  traces: readonly Pick<
    Trace,
    'source' | 'receiver' | 'samples' | 'sampleInterval' | 'startTime'
  >[],
  vMax: number | null = DEFAULT_V_MAX,
): number[] {
  if (vMax !== null && !(vMax > 0))
    throw new RangeError(`v_max must be a positive speed, got ${vMax} m/s`);
  const offsets = traces.map((t) => horizontalOffset(t));
  const known = offsets.filter((x): x is number => x !== null);
  const end = traces.reduce(
    (e, t) => Math.max(e, t.startTime + t.samples.length * t.sampleInterval),
    0,
  );
  const nearest = known.reduce((a, b) => Math.min(a, b), Number.POSITIVE_INFINITY);
  const farthest = known.reduce((a, b) => Math.max(a, b), 0);
  const plausible =
    vMax !== null &&
    known.length > 0 &&
    nearest / vMax <= PLAUSIBLE_SHARE * end &&
    farthest / vMax <= end;
  return offsets.map((x) => (plausible && x !== null ? x / vMax! : 0));
}

/** The first sample at or after `time` on a trace starting at `startTime`, at least 0. */
export function firstSampleAtOrAfter(time: number, startTime: number, dt: number): number {
  // A hair of tolerance, so that a time on a sample (0 s on a grid through 0) is that sample.
  return Math.max(0, Math.ceil((time - startTime) / dt - 1e-9));
}
