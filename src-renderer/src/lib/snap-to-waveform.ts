import { aicOnset } from '../../../src-main/picking/classical/aic';
import { nearestSampleIndex, sampleTime, type SampleClock } from './sample-grid';

/** Where a new or moved pick may be pulled to on its trace, as the trace is displayed. */
export type SnapMode = 'off' | 'onset' | 'peak' | 'trough' | 'zero';

/**
 * How far (s) a peak, trough or zero crossing may be from where the person clicked: the
 * nearest one wins, and on a slow wave (20 Hz: a peak every 50 ms) the nearest of each kind
 * can be 25 ms away. Beyond that the pick stays where it was put and the view says so, rather
 * than every mode silently landing on the same clicked sample.
 */
export const SNAP_REACH = 0.025;

/**
 * Half the window (s) the onset snap searches: a first break is picked to within a few ms,
 * and a short window keeps the AIC on the one arrival the person pointed at.
 */
export const ONSET_HALF_WINDOW = 0.008;

export interface Snap {
  /** On the sample grid. */
  time: number;
  /** False when no feature of the kind asked for was in reach (or snapping is off). */
  snapped: boolean;
}

function isFeature(x: ArrayLike<number>, k: number, mode: 'peak' | 'trough' | 'zero'): boolean {
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
 * Where a pick put at `time` goes on a trace drawn as `amplitudes` (so a reversed or filtered
 * trace snaps to what the person sees): the nearest peak, trough or zero crossing within
 * `reach`; the onset, the minimum of Akaike's information criterion (noise before, signal
 * after) within ±ONSET_HALF_WINDOW; else the nearest sample.
 */
export function snapToWaveform(
  amplitudes: ArrayLike<number>,
  clock: SampleClock,
  time: number,
  mode: SnapMode,
  reach = SNAP_REACH,
): Snap {
  const centre = nearestSampleIndex(clock, time);
  const stay = { time: sampleTime(clock, centre), snapped: false };
  if (mode === 'off') return stay;
  if (mode === 'onset') {
    const half = Math.max(4, Math.round(ONSET_HALF_WINDOW / clock.sampleInterval));
    const from = Math.max(0, centre - half);
    const to = Math.min(amplitudes.length, centre + half + 1);
    const onset = aicOnset(amplitudes as Float32Array, from, to);
    return onset === null ? stay : { time: sampleTime(clock, onset), snapped: true };
  }
  const maxSteps = Math.max(1, Math.round(reach / clock.sampleInterval));
  for (let step = 0; step <= maxSteps; step++) {
    for (const k of step === 0 ? [centre] : [centre - step, centre + step]) {
      if (k >= 1 && k < amplitudes.length - 1 && isFeature(amplitudes, k, mode)) {
        return { time: sampleTime(clock, k), snapped: true };
      }
    }
  }
  return stay;
}
