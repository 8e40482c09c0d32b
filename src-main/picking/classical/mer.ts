import { demean } from '../../dsp/detrend';
import type { Samples } from '../../dsp/samples';
import { samplesOf, type FirstArrival } from './pick';

/**
 * Modified energy ratio (Han, Wong & Bancroft 2009): with a window of L samples,
 *   ER(i) = Σ x[i..i+L−1]² / Σ x[i−L..i−1]²,  MER(i) = (ER(i)·|x[i]|)³,
 * on the demeaned trace; the pick is the maximum of MER, where energy ahead jumps against
 * energy behind at a large sample. Defined for L ≤ i ≤ N − L. A silent pre-window (zeroed
 * pre-trigger samples) has its energy floored at 1e-20 of an average window's, so it reads
 * as a huge ratio instead of a division by zero. The window should be about one dominant
 * period of the first break; the default 4 ms suits hammer shots.
 */
export interface MerOptions {
  /** Window length, seconds. */
  window?: number;
}

export const MER_DEFAULTS: Required<MerOptions> = { window: 0.004 };

export function merCurve(x: Samples, window: number): Float64Array {
  const y = demean(x);
  const n = y.length;
  const energy = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) energy[i + 1] = energy[i]! + y[i]! * y[i]!;
  const mer = new Float64Array(n);
  const floor = Math.max((energy[n]! / Math.max(1, n)) * window * 1e-20, Number.MIN_VALUE);
  for (let i = window; i <= n - window; i++) {
    const after = energy[i + window]! - energy[i]!;
    const before = Math.max(energy[i]! - energy[i - window]!, floor);
    mer[i] = ((after / before) * Math.abs(y[i]!)) ** 3;
  }
  return mer;
}

/**
 * The MER maximum at or after sample `earliest` as the first arrival; null when the trace is
 * shorter than two windows or silent there.
 */
export function merPick(
  x: Samples,
  dt: number,
  t0: number,
  options: MerOptions = {},
  earliest = 0,
): FirstArrival | null {
  const window = samplesOf(options.window ?? MER_DEFAULTS.window, dt, 1, 'MER window');
  const mer = merCurve(x, window);
  let best = -1;
  for (let i = Math.max(0, earliest); i < mer.length; i++)
    if (mer[i]! > 0 && (best < 0 || mer[i]! > mer[best]!)) best = i;
  return best < 0 ? null : { index: best, time: t0 + best * dt };
}
