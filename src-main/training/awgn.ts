import type { Samples } from '../dsp/samples';

/**
 * Additive white Gaussian noise at a signal-to-noise ratio defined as in the source report
 * (section 9.3): for a signal S = (s_1 .. s_n),
 *
 *   RMS_S = sqrt(sum s_i^2 / n),   SNR = 10 log10(RMS_S^2 / RMS_noise^2),
 *
 * where S is the whole noise-free signal the noise is added to (every sample of the trace or
 * window, before and after the arrivals), and the noise is N(0, RMS_noise^2) per sample.
 * Solving the definition gives RMS_noise = RMS_S * 10^(-SNR/20). The report prints the
 * exponent with the opposite sign (RMS_S^2 / 10^(-SNR/10)), which would make the noise
 * louder than the signal at a positive SNR and contradicts its own definition; we follow
 * the definition.
 */

/** Root mean square over every sample, summed in double precision. */
export function rms(samples: Samples): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / samples.length);
}

/** The noise standard deviation (= RMS, the noise having mean 0) for a signal RMS and SNR. */
export function noiseRmsForSnr(signalRms: number, snrDb: number): number {
  if (!Number.isFinite(snrDb)) throw new RangeError(`SNR must be a finite dB value, got ${snrDb}`);
  return signalRms * 10 ** (-snrDb / 20);
}
