import { butterworth, sosfiltfilt } from '../dsp/butterworth';
import { demean, detrendLinear } from '../dsp/detrend';
import { resample } from '../dsp/resample';
import type { Samples } from '../dsp/samples';

/**
 * What a user of field data may need before picking: trend removal, a zero-phase band-pass,
 * and (for a network) resampling to the rate it was trained at. Applied in that order: the
 * filter runs at the recorded rate, where its cut-offs were chosen, and the resampler's own
 * anti-alias filter handles the rate change.
 */

export type DetrendMode = 'none' | 'demean' | 'linear';

export interface Bandpass {
  /** Hz. */
  low: number;
  /** Hz. */
  high: number;
  /** Butterworth prototype order; zero-phase filtering doubles its effect. */
  order?: number;
}

export interface PreprocessOptions {
  /**
   * Default 'demean': it leaves full network windows unchanged (they are normalized per
   * window anyway) but stops an offset from turning into a step where a short trace is
   * zero-padded, or at the edges the filter and the resampler pad with zeros.
   */
  detrend?: DetrendMode;
  bandpass?: Bandpass | null;
}

/** ObsPy's default number of corners, which field users are used to. */
export const DEFAULT_BANDPASS_ORDER = 4;

/**
 * One trace's samples, preprocessed, at `rate` Hz when given (the samples' first sample stays
 * at the same time, so a time is start + index / rate either way). Throws RangeError when the
 * band-pass does not fit below the trace's Nyquist frequency or the rates have no usable ratio.
 */
export function preprocess(
  samples: Samples,
  sampleInterval: number,
  options: PreprocessOptions = {},
  rate?: number,
): Float64Array {
  const { detrend = 'demean', bandpass = null } = options;
  let x: Float64Array =
    detrend === 'linear'
      ? detrendLinear(samples)
      : detrend === 'demean'
        ? demean(samples)
        : Float64Array.from(samples);
  const fs = 1 / sampleInterval;
  if (bandpass) {
    const sos = butterworth({
      type: 'bandpass',
      order: bandpass.order ?? DEFAULT_BANDPASS_ORDER,
      low: bandpass.low,
      high: bandpass.high,
      fs,
    });
    x = sosfiltfilt(sos, x);
  }
  // resample() returns a copy when the rates agree to rounding (float32 header intervals).
  return rate === undefined ? x : resample(x, fs, rate);
}
