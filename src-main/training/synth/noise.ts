import { butterworth, sosfilt } from '../../dsp/butterworth';
import { rms } from '../awgn';
import type { Rng } from '../random';

/**
 * Ambient noise: white Gaussian noise through a band-pass (wind, traffic and machinery sit
 * between a few and ~100 Hz), scaled to an exact RMS. The filter runs over a lead-in that is
 * then dropped, so the kept part has no start-up transient.
 */
export function ambientNoise(
  samples: number,
  dt: number,
  band: { low: number; high: number },
  targetRms: number,
  rng: Rng,
): Float64Array {
  const sos = butterworth({
    type: 'bandpass',
    order: 2,
    low: band.low,
    high: band.high,
    fs: 1 / dt,
  });
  // The lowest band edge rings longest; four of its periods settle the filter.
  const lead = Math.ceil(4 / (band.low * dt));
  const white = new Float64Array(lead + samples);
  for (let i = 0; i < white.length; i++) white[i] = rng.normal();
  const noise = sosfilt(sos, white).subarray(lead);
  const scale = targetRms > 0 ? targetRms / rms(noise) : 0;
  return noise.map((v) => v * scale);
}

/**
 * Adds `count` one-sample spikes (a knocked geophone, electrical pick-up) of 2-10 times
 * `peak` with random sign; returns their sample indices.
 */
export function addSpikes(trace: Float64Array, count: number, peak: number, rng: Rng): number[] {
  const at: number[] = [];
  for (let k = 0; k < count; k++) {
    const i = rng.integer(0, trace.length - 1);
    trace[i]! += (rng.chance(0.5) ? 1 : -1) * rng.between(2, 10) * peak;
    at.push(i);
  }
  return at;
}
