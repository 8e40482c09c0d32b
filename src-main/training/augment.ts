import { noiseRmsForSnr } from './awgn';
import type { PhasePicks } from './labels';
import type { Rng } from './random';
import { maxOf, minOf } from '../numeric/extent';
import { reflectTail } from '../dsp/reflect-pad';
import { butterworth, sosfilt, sosfiltZi } from '../dsp/butterworth';

/**
 * Data augmentation as composable steps, in the style of SeisBench's generator pipeline: each
 * step is a pure function (window, rng) → window that never changes its input, and `pipeline`
 * chains them. All randomness comes from the Rng passed in, so a seeded run repeats exactly.
 */

export interface Window {
  /** Row-major [time][channel] samples, the layout normalizeWindow and the model take. */
  data: Float32Array;
  channels: number;
  /** Arrival positions in samples from the first sample (fractional); null = none. */
  picks: PhasePicks;
}

export type AugmentStep = (window: Window, rng: Rng) => Window;

export function pipeline(...steps: AugmentStep[]): AugmentStep {
  return (window, rng) => steps.reduce((w, step) => step(w, rng), window);
}

export function windowLength(window: Window): number {
  return window.data.length / window.channels;
}

/** A window from per-channel traces of equal length (components of one receiver). */
export function windowFromTraces(traces: readonly Float32Array[], picks: PhasePicks): Window {
  const channels = traces.length;
  const length = traces[0]?.length ?? 0;
  if (channels === 0 || traces.some((t) => t.length !== length)) {
    throw new RangeError('a window needs one or more traces of the same length');
  }
  const data = new Float32Array(channels * length);
  traces.forEach((trace, c) => {
    for (let t = 0; t < length; t++) data[t * channels + c] = trace[t]!;
  });
  return { data, channels, picks };
}

const arrivalsOf = (picks: PhasePicks) => [picks.P, picks.S].filter((p): p is number => p !== null);

/**
 * Copies samples [from, from + length) into a new window: zeros before the data, the data
 * mirrored past their end, as the picker pads a short record (dsp/reflect-pad.ts).
 */
function cut(window: Window, from: number, length: number, picks: PhasePicks): Window {
  const { channels } = window;
  const total = windowLength(window);
  const data = new Float32Array(length * channels);
  const first = Math.max(0, from);
  const last = Math.min(total, from + length);
  if (last > first) {
    data.set(window.data.subarray(first * channels, last * channels), (first - from) * channels);
    reflectTail(data, channels, last - from);
  }
  return { data, channels, picks };
}

const shifted = (picks: PhasePicks, by: number): PhasePicks => ({
  P: picks.P === null ? null : picks.P + by,
  S: picks.S === null ? null : picks.S + by,
});

export interface RandomWindowOptions {
  /** Samples per window. */
  length: number;
  /** Probability that the window holds the arrivals (the report's alpha, section 9.2). */
  alpha: number;
  /** Samples kept between an arrival and a window edge. */
  margin: number;
}

/**
 * Random window extraction (report section 9.2): with probability alpha a window that holds
 * every arrival at least `margin` samples from its edges (if they span more than the window,
 * the first arrival), otherwise a noise-only window that ends `margin` samples before the
 * first arrival and so carries no picks. A trace too short before its first arrival for a
 * noise-only window gives an arrival window instead, so the realised share of arrival
 * windows is alpha only where such room exists; a trace shorter than the window is placed
 * at a random offset, zeros before it and mirrored after it. A trace without arrivals gives
 * any window.
 */
export function randomWindow(options: RandomWindowOptions): AugmentStep {
  const { length, alpha, margin } = options;
  if (!Number.isInteger(length) || length < 1) {
    throw new RangeError(`window length must be a positive integer, got ${length}`);
  }
  if (!(alpha >= 0 && alpha <= 1)) throw new RangeError(`alpha must be 0 to 1, got ${alpha}`);
  if (!(margin >= 0 && 2 * margin < length)) {
    throw new RangeError(`margin must be 0 to half the window length, got ${margin}`);
  }
  return (window, rng) => {
    const total = windowLength(window);
    const latestStart = total - length;
    if (latestStart < 0) {
      const offset = rng.integer(0, -latestStart);
      return cut(window, -offset, length, shifted(window.picks, offset));
    }
    const arrivals = arrivalsOf(window.picks);
    const start = (lo: number, hi: number) =>
      rng.integer(Math.max(0, Math.ceil(lo)), Math.min(latestStart, Math.floor(hi)));
    if (arrivals.length === 0) {
      return cut(window, start(0, latestStart), length, window.picks);
    }
    const first = minOf(arrivals);
    const last = maxOf(arrivals);
    const noiseRoom = Math.floor(first - margin) - length;
    if (!rng.chance(alpha) && noiseRoom >= 0) {
      return cut(window, start(0, noiseRoom), length, { P: null, S: null });
    }
    // Every arrival inside if they fit, else the first one.
    const end = last - first <= length - 1 - 2 * margin ? last : first;
    let lo = Math.max(0, Math.ceil(end + margin - length + 1));
    let hi = Math.min(latestStart, Math.floor(first - margin));
    // An arrival too close to a trace end for the margin: take the nearest window there.
    if (lo > hi) lo = hi = Math.min(latestStart, Math.max(0, Math.round(first - length / 2)));
    const from = start(lo, hi);
    return cut(window, from, length, shifted(window.picks, -from));
  };
}

/** Multiplies the window by -1 with this probability; picks stay (report section 9.2). */
export function polarityReversal(probability = 0.5): AugmentStep {
  return (window, rng) =>
    rng.chance(probability) ? { ...window, data: window.data.map((v) => -v) } : window;
}

/**
 * Adds white Gaussian noise at an SNR drawn uniformly from [min, max] dB, per channel with
 * that channel's RMS over the whole window as RMS_S (awgn.ts, report section 9.3). A channel
 * that is all zeros (dropped, dead) has no SNR and gets no noise.
 */
export function gaussianNoise(snr: { min: number; max: number }): AugmentStep {
  return (window, rng) => {
    const { channels, data } = window;
    const target = rng.between(snr.min, snr.max);
    const length = windowLength(window);
    const std: number[] = [];
    for (let c = 0; c < channels; c++) {
      let sum = 0;
      for (let t = 0; t < length; t++) sum += data[t * channels + c]! ** 2;
      std.push(noiseRmsForSnr(Math.sqrt(sum / length), target));
    }
    const out = new Float32Array(data.length);
    for (let i = 0; i < data.length; i++) {
      const s = std[i % channels]!;
      out[i] = data[i]! + (s > 0 ? s * rng.normal() : 0);
    }
    return { ...window, data: out };
  };
}

/**
 * Moves the samples by a random whole number of samples in [-maxShift, maxShift] (positive =
 * later), zeros filling the vacated edge; the picks move with them and may leave the window.
 */
export function timeShift(maxShift: number): AugmentStep {
  if (!Number.isInteger(maxShift) || maxShift < 0) {
    throw new RangeError(`maxShift must be a whole number of samples, got ${maxShift}`);
  }
  return (window, rng) => {
    const by = rng.integer(-maxShift, maxShift);
    return cut(window, -by, windowLength(window), shifted(window.picks, by));
  };
}

/** Multiplies the window by a factor drawn log-uniformly from [min, max]. */
export function amplitudeScale(range: { min: number; max: number }): AugmentStep {
  return (window, rng) => {
    const factor = rng.logBetween(range.min, range.max);
    return { ...window, data: window.data.map((v) => v * factor) };
  };
}

/**
 * Records the window as another instrument would: a causal Butterworth high-pass of order 1
 * or 2 at a corner drawn log-uniformly from `corner` (Hz), each channel filtered from the
 * steady state of its first sample so the window's edge makes no step. A geophone is a
 * second-order high-pass at its natural frequency (4.5-40 Hz), recorders add low-cut filters,
 * and an accelerometer differentiates, which a first-order high-pass above the band does. A
 * causal filter starts nothing before the input does, so the onsets and their labels stay;
 * what changes is the shape of the first cycles, which the simulation draws from one family.
 */
export function lowCut(corner: { min: number; max: number }, sampleRate: number): AugmentStep {
  return (window, rng) => {
    const order = rng.integer(1, 2);
    const cutoff = rng.logBetween(corner.min, corner.max);
    const sos = butterworth({ type: 'highpass', order, cutoff, fs: sampleRate });
    const zi = sosfiltZi(sos);
    const { channels, data } = window;
    const length = windowLength(window);
    const out = new Float32Array(data.length);
    const trace = new Float32Array(length);
    for (let c = 0; c < channels; c++) {
      for (let t = 0; t < length; t++) trace[t] = data[t * channels + c]!;
      const filtered = sosfilt(
        sos,
        trace,
        zi.map((z) => z * trace[0]!),
      );
      for (let t = 0; t < length; t++) out[t * channels + c] = filtered[t]!;
    }
    return { ...window, data: out };
  };
}

/**
 * With this probability, zeros 1 to channels - 1 channels chosen at random (SeisBench's
 * ChannelDropout), so a 3-component model learns to pick from what a station has left.
 * Channels in `keep` are never dropped: the vertical, which every line records (a
 * 3-component model must still pick a vertical-only line) and without which a P label on a
 * crossline trace would be a label of nothing. PhaseNet's normalisation then rescales the
 * live channels (normalizeWindow).
 */
export function channelDropout(probability: number, keep: readonly number[] = []): AugmentStep {
  return (window, rng) => {
    const { channels } = window;
    const candidates = Array.from({ length: channels }, (_, c) => c).filter(
      (c) => !keep.includes(c),
    );
    // At least one channel stays.
    const most = Math.min(candidates.length, channels - 1);
    if (most < 1 || !rng.chance(probability)) return window;
    const drop = rng.integer(1, most);
    const order = candidates;
    // Partial Fisher-Yates: the first `drop` entries become a uniform random subset.
    for (let i = 0; i < drop; i++) {
      const j = rng.integer(i, order.length - 1);
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    const dropped = new Set(order.slice(0, drop));
    return { ...window, data: window.data.map((v, i) => (dropped.has(i % channels) ? 0 : v)) };
  };
}
