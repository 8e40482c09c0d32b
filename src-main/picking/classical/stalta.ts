import { demean } from '../../dsp/detrend';
import type { Samples } from '../../dsp/samples';
import { samplesOf, type FirstArrival } from './pick';

/**
 * Classic (non-recursive) STA/LTA on the energy x² of the demeaned trace, as ObsPy's
 * `classic_sta_lta`: at sample i the mean energy of the nsta samples ending at i over that
 * of the nlta samples ending at i (the long window includes the short one). The ratio is 0
 * until the long window is full, so nothing can trigger in the first LTA seconds: keep LTA
 * shorter than the earliest first break you expect.
 *
 * Defaults suit near-surface hammer shots (first breaks from a few ms, dominant periods of
 * a few ms at 4-8 kHz sampling): STA 1 ms, LTA 10 ms, trigger on at ratio 4, off below 1.5.
 */
export interface StaLtaOptions {
  /** Short window, seconds. */
  sta?: number;
  /** Long window, seconds. */
  lta?: number;
  /** Ratio at which a trigger switches on. */
  on?: number;
  /** Ratio below which it switches off again. */
  off?: number;
}

export const STALTA_DEFAULTS: Required<StaLtaOptions> = { sta: 0.001, lta: 0.01, on: 4, off: 1.5 };

export function staLtaRatio(x: Samples, nsta: number, nlta: number): Float64Array {
  const y = demean(x);
  const n = y.length;
  const energy = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) energy[i + 1] = energy[i]! + y[i]! * y[i]!;
  const ratio = new Float64Array(n);
  for (let i = nlta - 1; i < n; i++) {
    const lta = (energy[i + 1]! - energy[i + 1 - nlta]!) / nlta;
    const sta = (energy[i + 1]! - energy[i + 1 - nsta]!) / nsta;
    ratio[i] = lta > 0 ? sta / lta : 0;
  }
  return ratio;
}

/**
 * Trigger intervals from sample `from` on: `on` is the first sample ≥ on-ratio, `off` the
 * first after it < off-ratio (null if never).
 */
export function staLtaTriggers(
  ratio: Float64Array,
  on: number,
  off: number,
  from = 0,
): { on: number; off: number | null }[] {
  const triggers: { on: number; off: number | null }[] = [];
  let start = -1;
  for (let i = Math.max(0, from); i < ratio.length; i++) {
    if (start < 0 && ratio[i]! >= on) start = i;
    else if (start >= 0 && ratio[i]! < off) {
      triggers.push({ on: start, off: i });
      start = -1;
    }
  }
  if (start >= 0) triggers.push({ on: start, off: null });
  return triggers;
}

/** Window lengths in samples, checked. */
export function staLtaWindows(dt: number, options: StaLtaOptions): { nsta: number; nlta: number } {
  const { sta, lta } = { ...STALTA_DEFAULTS, ...options };
  const nsta = samplesOf(sta, dt, 1, 'STA');
  const nlta = samplesOf(lta, dt, 2, 'LTA');
  if (nlta <= nsta) throw new RangeError(`LTA (${lta} s) must be longer than STA (${sta} s)`);
  return { nsta, nlta };
}

/**
 * The first trigger onset at or after sample `from` (the source time: the samples before it
 * are the long window's noise) as the first arrival, or null when the ratio never reaches `on`.
 */
export function staLtaPick(
  x: Samples,
  dt: number,
  t0: number,
  options: StaLtaOptions = {},
  from = 0,
): (FirstArrival & { ratio: number }) | null {
  const { on, off } = { ...STALTA_DEFAULTS, ...options };
  const { nsta, nlta } = staLtaWindows(dt, options);
  const ratio = staLtaRatio(x, nsta, nlta);
  const first = staLtaTriggers(ratio, on, off, from)[0];
  return first ? { index: first.on, time: t0 + first.on * dt, ratio: ratio[first.on]! } : null;
}
