/**
 * Source wavelets, as functions of the time since their onset so that a pulse can be placed
 * at any fractional sample. Each is zero before its onset, has peak magnitude 1, and its
 * spectrum peaks at the nominal frequency. The onset is the arrival time the labels give, so
 * a wavelet must start there, not straddle it:
 *
 * - 'minimum-phase': the impulse response of two identical damped resonators,
 *   H(s) = 1 / ((s + a)² + w²)², h(t) ∝ e^(-a t) (sin w t - w t cos w t) for t ≥ 0. An all-pole
 *   system is minimum phase and causal; it starts like t³, reaching 1 % of its peak after
 *   ~0.05 periods, much as an impulsive hammer first break does. With a = w / 2 the spectrum
 *   peaks at sqrt(w² - a²) / 2π = (√3 / 2) w / 2π.
 * - 'ricker': the zero-phase Ricker wavelet (1 - 2π²f²τ²) e^(-π²f²τ²), cut where its envelope
 *   falls to 1e-3 and delayed by that half-length so its first side lobe starts at the onset;
 *   raised-cosine tapers over the first and last tenth remove the 1 % steps the cut leaves.
 */

export type WaveletKind = 'ricker' | 'minimum-phase';

/** Damping of the minimum-phase resonators relative to their angular frequency. */
const DAMPING = 0.5;
const OMEGA_PER_HZ = (2 * Math.PI) / Math.sqrt(1 - DAMPING ** 2);
/** Envelope level where a wavelet is considered over. */
const CUTOFF = 1e-3;
const RICKER_HALF_PER_PERIOD = Math.sqrt(Math.log(1 / CUTOFF)) / Math.PI;
const RICKER_TAPER = 0.1;

function resonators(t: number): number {
  const w = OMEGA_PER_HZ;
  return Math.exp(-DAMPING * w * t) * (Math.sin(w * t) - w * t * Math.cos(w * t));
}

/**
 * Peak and length (in periods) of the minimum-phase wavelet at 1 Hz, measured once on a fine
 * grid: it scales as h(f t) at other frequencies.
 */
const MINIMUM_PHASE = (() => {
  const step = 1e-4;
  let peak = 0;
  for (let t = 0; t < 3; t += step) peak = Math.max(peak, Math.abs(resonators(t)));
  // Past its peak the envelope e^(-a t)(1 + w t) bounds |h| and falls monotonically.
  let end = 0;
  while (Math.exp(-DAMPING * OMEGA_PER_HZ * end) * (1 + OMEGA_PER_HZ * end) > CUTOFF * peak) {
    end += step;
  }
  return { peak, end };
})();

/** Seconds from onset until the wavelet is over (below 1e-3 of its peak for good). */
export function waveletDuration(kind: WaveletKind, frequency: number): number {
  return kind === 'ricker'
    ? (2 * RICKER_HALF_PER_PERIOD) / frequency
    : MINIMUM_PHASE.end / frequency;
}

/** The wavelet `tau` seconds after its onset; 0 before the onset and after its end. */
export function waveletValue(kind: WaveletKind, frequency: number, tau: number): number {
  const duration = waveletDuration(kind, frequency);
  if (!(tau > 0 && tau < duration)) return 0;
  if (kind === 'minimum-phase') return resonators(frequency * tau) / MINIMUM_PHASE.peak;
  const half = duration / 2;
  const arg = Math.PI * frequency * (tau - half);
  const edge = Math.min(tau, duration - tau) / (RICKER_TAPER * duration);
  const taper = edge >= 1 ? 1 : Math.sin((Math.PI / 2) * edge) ** 2;
  return (1 - 2 * arg * arg) * Math.exp(-arg * arg) * taper;
}

/**
 * Pulse shape after anelastic attenuation exp(-π f t*): the spectral centroid moves down by
 * π t* σ² (Quan & Harris 1997, exact for a Gaussian spectrum of variance σ², here σ = f / 2)
 * and the peak amplitude drops by the same Gaussian algebra, exp(-π t* (f + f') / 2). The
 * frequency is floored at a quarter of the source frequency, where the Gaussian picture would
 * otherwise turn the amplitude back up.
 */
export function attenuate(frequency: number, tStar: number): { frequency: number; gain: number } {
  const sigma = frequency / 2;
  const shifted = Math.max(frequency / 4, frequency - Math.PI * tStar * sigma * sigma);
  return { frequency: shifted, gain: Math.exp((-Math.PI * tStar * (frequency + shifted)) / 2) };
}
