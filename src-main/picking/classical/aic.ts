import type { Samples } from '../../dsp/samples';
import { staLtaPick, staLtaWindows, type StaLtaOptions } from './stalta';
import type { FirstArrival } from './pick';

/**
 * Maeda's (1985) AIC picker, straight from the waveform: for a window of N samples split
 * after its k-th sample (1-based),
 *   AIC(k) = k·log var(x[1..k]) + (N − k − 1)·log var(x[k+1..N]),
 * lowest where noise before and signal after are each most homogeneous. Here `aic[j]` holds
 * the split before 0-based sample j, and the pick is the argmin j: the first signal sample.
 * Both parts keep at least two samples. A part that is exactly constant (zeroed pre-trigger
 * samples) has its variance floored at 1e-20 of the window's, so the split lands at the end
 * of the silence instead of at -Infinity everywhere. Prefix sums make it O(N).
 */
export function aicCurve(x: Samples, from: number, to: number): Float64Array {
  const n = to - from;
  const aic = new Float64Array(Math.max(0, n)).fill(Number.POSITIVE_INFINITY);
  if (n < 4) return aic;
  const s1 = new Float64Array(n + 1);
  const s2 = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) {
    const v = x[from + i]!;
    s1[i + 1] = s1[i]! + v;
    s2[i + 1] = s2[i]! + v * v;
  }
  const variance = (a: number, b: number) => {
    const m = b - a;
    const mean = (s1[b]! - s1[a]!) / m;
    return Math.max(0, (s2[b]! - s2[a]!) / m - mean * mean);
  };
  const floor = Math.max(variance(0, n) * 1e-20, Number.MIN_VALUE);
  for (let j = 2; j <= n - 2; j++) {
    // 1-based k = j samples before the split.
    aic[j] =
      j * Math.log(Math.max(variance(0, j), floor)) +
      (n - j - 1) * Math.log(Math.max(variance(j, n), floor));
  }
  return aic;
}

/**
 * The AIC minimum in x[from..to) as a sample index of x, no earlier than `earliest` (the
 * samples before it still count as noise), or null when the window is too short.
 */
export function aicOnset(x: Samples, from: number, to: number, earliest = from): number | null {
  const aic = aicCurve(x, from, to);
  let best = -1;
  let lowest = Number.POSITIVE_INFINITY;
  for (let j = Math.max(0, earliest - from); j < aic.length; j++) {
    if (aic[j]! < lowest) [best, lowest] = [j, aic[j]!];
  }
  return best < 0 ? null : from + best;
}

/**
 * AIC on its own. Without a window it searches from the start of the trace to its largest
 * absolute amplitude after `earliest`: the onset must come before the strongest arrival, and
 * a whole long record would let later energy changes win. The onset is never before sample
 * `earliest` (the source time), while the samples before it count as noise.
 */
export function aicPick(
  x: Samples,
  dt: number,
  t0: number,
  window?: { from: number; to: number },
  earliest = 0,
): FirstArrival | null {
  let { from, to } = window ?? { from: 0, to: 0 };
  if (!window) {
    let peak = Math.min(Math.max(0, earliest), x.length - 1);
    for (let i = peak + 1; i < x.length; i++) if (Math.abs(x[i]!) > Math.abs(x[peak]!)) peak = i;
    to = peak + 1;
  }
  from = Math.max(0, from);
  to = Math.min(x.length, to);
  const index = aicOnset(x, from, to, earliest);
  return index === null ? null : { index, time: t0 + index * dt };
}

/**
 * STA/LTA to find the arrival, AIC to place it: the trigger fires once the short window has
 * filled with signal, after the onset, so AIC searches from one LTA before the trigger (noise)
 * to one STA after it (signal), never before sample `earliest`. Null when STA/LTA never
 * triggers.
 */
export function staLtaAicPick(
  x: Samples,
  dt: number,
  t0: number,
  options: StaLtaOptions = {},
  earliest = 0,
): FirstArrival | null {
  const trigger = staLtaPick(x, dt, t0, options, earliest);
  if (!trigger) return null;
  const { nsta, nlta } = staLtaWindows(dt, options);
  const window = { from: trigger.index - nlta, to: trigger.index + nsta + 1 };
  return aicPick(x, dt, t0, window, earliest);
}
