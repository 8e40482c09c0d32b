import { nearestSampleIndex, sampleTime, type SampleClock } from './sample-grid';

/** Where a new or moved pick may be pulled to on its trace, as the trace is displayed. */
export type SnapMode = 'off' | 'peak' | 'trough' | 'zero';

/**
 * How far (s) a snap may move a pick: about a quarter period of a 60 Hz first break, so the
 * pick lands on the lobe the person clicked on, not on the next one.
 */
export const SNAP_REACH = 0.004;

function isFeature(x: ArrayLike<number>, k: number, mode: Exclude<SnapMode, 'off'>): boolean {
  const here = x[k]!;
  const before = x[k - 1]!;
  const after = x[k + 1]!;
  if (mode === 'peak') return here > before && here >= after;
  if (mode === 'trough') return here < before && here <= after;
  // A zero crossing lands on whichever of the two samples around it is closer to zero.
  const crossesAfter = Math.sign(here) !== Math.sign(after) && Math.abs(here) <= Math.abs(after);
  const crossesBefore = Math.sign(before) !== Math.sign(here) && Math.abs(here) < Math.abs(before);
  return crossesAfter || crossesBefore;
}

/**
 * The time of the nearest peak, trough or zero crossing of `amplitudes` (the trace as drawn,
 * so a reversed trace snaps to what the person sees) within `reach` seconds of `time`;
 * `time` on the sample grid when there is none, or when snapping is off.
 */
export function snapToWaveform(
  amplitudes: ArrayLike<number>,
  clock: SampleClock,
  time: number,
  mode: SnapMode,
  reach = SNAP_REACH,
): number {
  const centre = nearestSampleIndex(clock, time);
  if (mode === 'off') return sampleTime(clock, centre);
  const maxSteps = Math.max(1, Math.round(reach / clock.sampleInterval));
  for (let step = 0; step <= maxSteps; step++) {
    for (const k of step === 0 ? [centre] : [centre - step, centre + step]) {
      if (k >= 1 && k < amplitudes.length - 1 && isFeature(amplitudes, k, mode)) {
        return sampleTime(clock, k);
      }
    }
  }
  return sampleTime(clock, centre);
}
