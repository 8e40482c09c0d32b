import type { Samples } from '../dsp/samples';

/**
 * Peak detection with the semantics of Marcos Duarte's `detect_peaks` (v1.0.6, MIT), the
 * function PhaseNet runs on its probability traces; written here from its documented
 * behaviour, step by step in the same order:
 *
 * 1. candidates: with `edge: null` only strict peaks (rise, then fall); on a flat top,
 *    'rising' takes its first sample, 'falling' its last, 'both' both. Like the original,
 *    'rising' also takes the first sample of a flat step that rises again later.
 * 2. NaN samples and their immediate neighbours are never peaks; other samples are
 *    unaffected by NaNs.
 * 3. the first and last samples are never peaks.
 * 4. `mph`: keep peaks ≥ mph.
 * 5. `threshold` (when > 0): keep peaks at least this much above both immediate neighbours.
 * 6. `mpd` (when > 1): visiting peaks from the highest down (equal heights: later index
 *    first, which is what a stable ascending sort read backwards gives), each peak still
 *    standing removes every other peak within mpd samples (distance ≤ mpd), except, with
 *    `kpsh`, peaks of the same height.
 *
 * `valley` finds minima by negating the data and mph, so mph stays in data units (valleys at
 * or below it). Returns ascending indices.
 */
export interface PeakOptions {
  /** Minimum peak height. */
  mph?: number | null;
  /** Minimum peak distance in samples; 1 (the default) keeps all. */
  mpd?: number;
  /** Minimum height above both immediate neighbours; 0 (the default) keeps all. */
  threshold?: number;
  /** Which sample of a flat peak counts: default 'rising'; null for strict peaks only. */
  edge?: 'rising' | 'falling' | 'both' | null;
  /** Keep peaks of the same height closer than mpd. */
  kpsh?: boolean;
  /** Detect valleys (local minima) instead of peaks. */
  valley?: boolean;
}

export function detectPeaks(data: Samples, options: PeakOptions = {}): number[] {
  const { mpd = 1, threshold = 0, edge = 'rising', kpsh = false, valley = false } = options;
  const n = data.length;
  if (n < 3) return [];
  const sign = valley ? -1 : 1;
  const x = (i: number) => sign * data[i]!;
  const mph = options.mph === undefined || options.mph === null ? null : sign * options.mph;

  const peaks: number[] = [];
  for (let i = 1; i < n - 1; i++) {
    // Steps 2-3 folded in: i and its neighbours must be numbers; ends are never visited.
    if (Number.isNaN(data[i - 1]!) || Number.isNaN(data[i]!) || Number.isNaN(data[i + 1]!)) {
      continue;
    }
    const left = x(i) - x(i - 1);
    const right = x(i + 1) - x(i);
    const strict = left > 0 && right < 0;
    const rising = left > 0 && right <= 0;
    const falling = left >= 0 && right < 0;
    const candidate =
      edge === null
        ? strict
        : edge === 'rising'
          ? rising
          : edge === 'falling'
            ? falling
            : rising || falling;
    if (!candidate) continue;
    if (mph !== null && !(x(i) >= mph)) continue;
    if (threshold > 0 && Math.min(x(i) - x(i - 1), x(i) - x(i + 1)) < threshold) continue;
    peaks.push(i);
  }

  if (peaks.length === 0 || mpd <= 1) return peaks;
  const byHeight = [...peaks].sort((a, b) => x(b) - x(a) || b - a);
  const removed = new Set<number>();
  for (const p of byHeight) {
    if (removed.has(p)) continue;
    for (const q of byHeight) {
      if (q === p || Math.abs(q - p) > mpd) continue;
      if (!kpsh || x(p) > x(q)) removed.add(q);
    }
  }
  return peaks.filter((p) => !removed.has(p));
}

export interface PhasePick {
  /** Seconds, on the trace's clock: t0 + index·dt. */
  time: number;
  /** Sample index of the peak. */
  index: number;
  /** The probability at the peak. */
  probability: number;
  /**
   * A Gaussian-σ-like spread in seconds: the half-width at half-maximum of the peak divided
   * by √(2 ln 2), which is σ exactly when the curve is a Gaussian (PhaseNet's training
   * labels are). null when the curve never falls to half the peak on either side.
   */
  uncertainty: number | null;
}

export interface PickPhaseOptions {
  /** Peaks below this probability are not picks (PhaseNet: 0.3). */
  threshold?: number;
  /** Minimum distance between picks in samples (PhaseNet: 50). */
  minDistance?: number;
  /** 'all' picks, the 'first' (earliest) only, or the 'max' (most probable; earliest on ties). */
  mode?: 'all' | 'first' | 'max';
}

/**
 * Where the curve falls to `level` on one side of `peak`: a fractional distance in samples
 * (linear interpolation between the last sample at or above and the first below), or null.
 */
function halfWidth(prob: Samples, peak: number, level: number, step: 1 | -1): number | null {
  for (let i = peak + step; i >= 0 && i < prob.length; i += step) {
    const v = prob[i]!;
    if (v < level) {
      const prev = prob[i - step]!;
      return Math.abs(i - peak) - (level - v) / (prev - v);
    }
  }
  return null;
}

/** Uncertainty of a peak in seconds (see PhasePick.uncertainty); one-sided when only one side falls. */
export function peakSigma(prob: Samples, peak: number, dt: number): number | null {
  const level = prob[peak]! / 2;
  const sides = [halfWidth(prob, peak, level, -1), halfWidth(prob, peak, level, 1)].filter(
    (w): w is number => w !== null,
  );
  if (sides.length === 0) return null;
  const hwhm = sides.reduce((a, b) => a + b, 0) / sides.length;
  return (hwhm * dt) / Math.sqrt(2 * Math.LN2);
}

/**
 * Picks of one phase from its per-sample probability, as PhaseNet does:
 * `detectPeaks(prob, { mph: threshold, mpd: minDistance })` with the default rising edge.
 */
export function pickPhases(
  prob: Samples,
  dt: number,
  t0: number,
  { threshold = 0.3, minDistance = 50, mode = 'all' }: PickPhaseOptions = {},
): PhasePick[] {
  let peaks = detectPeaks(prob, { mph: threshold, mpd: minDistance });
  if (peaks.length > 0 && mode === 'first') peaks = [peaks[0]!];
  if (peaks.length > 0 && mode === 'max') {
    peaks = [peaks.reduce((best, p) => (prob[p]! > prob[best]! ? p : best))];
  }
  return peaks.map((index) => ({
    time: t0 + index * dt,
    index,
    probability: prob[index]!,
    uncertainty: peakSigma(prob, index, dt),
  }));
}
