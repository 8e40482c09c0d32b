import { maxOf, minOf } from '../numeric/extent';
import { demean } from './detrend';
import type { Samples } from './samples';

/**
 * Power-line hum found and subtracted, not notched: a tone at the mains frequency (50 or 60 Hz,
 * as the grid really runs) and its harmonics, fitted to each trace by least squares and taken
 * away (Butler and Russell 1993, "Subtraction of powerline harmonics from geophysical
 * records"). A notch filter would ring at the first break and turn the phase of everything
 * near 50 Hz, where near-surface first breaks have their energy; subtraction leaves the
 * transient arrivals as recorded.
 *
 * Why a picker may need it: hum at 5 % of a trace's RMS took formikoj from 77 to 49 % of picks
 * within 2 ms of the analyst, and at 20 % to 20 %; a network sees a 20 ms period where first
 * breaks should be (docs/field-accuracy.md, "Hum").
 *
 * A record has hum only where its tone stands out of its neighbourhood of the spectrum
 * (lineThreshold). A first break, a short transient, spreads its power over tens of hertz and
 * stands out of nothing, so a record without hum comes back unchanged.
 */

export type Mains = 50 | 60;
const MAINS: readonly Mains[] = [50, 60];
/** 'auto' tries 50 and 60 Hz; 'off' leaves the record alone. */
export type HumSetting = 'auto' | 'off' | Mains;
export const HUM_SETTINGS: readonly HumSetting[] = ['auto', 'off', 50, 60];

export interface Hum {
  /** The fundamental as found, Hz. */
  frequency: number;
  /** Amplitude of each harmonic subtracted (1 = the fundamental), in the samples' units. */
  harmonics: { order: number; amplitude: number }[];
  /** Share of the trace's power that was hum. */
  share: number;
}

/** A tone at least this many times the power of its neighbourhood's median is hum... */
const LINE_RATIO = 20;
/** ...or this many, summed over a record of many channels (lineThreshold). */
const RECORD_RATIO = 6;
/** The grid's frequency is searched this far either side of nominal, Hz. */
const SEARCH = 0.5;
/** Harmonics fitted, at most (odd ones are strong where rectifiers load the line). */
const MAX_HARMONICS = 8;
/** Records shorter than this many periods of the fundamental are left alone: too short to
 * tell a tone from a transient. */
const MIN_PERIODS = 5;
/** Seconds over which quietSamples measures the record's power around a sample. */
const QUIET_WINDOW = 0.04;

/**
 * Projection of x on a tone at f Hz: the weighted least-squares cosine and sine coefficients.
 * The tone is stepped by rotation, not Math.sin.
 */
function fitTone(
  x: Float64Array,
  f: number,
  fs: number,
  w: Float64Array,
): { a: number; b: number } {
  const step = (2 * Math.PI * f) / fs;
  const cs = Math.cos(step);
  const sn = Math.sin(step);
  let c = 1;
  let s = 0;
  let xc = 0;
  let xs = 0;
  let cc = 0;
  let ss = 0;
  let csum = 0;
  for (let i = 0; i < x.length; i++) {
    const wi = w[i]!;
    xc += wi * x[i]! * c;
    xs += wi * x[i]! * s;
    cc += wi * c * c;
    ss += wi * s * s;
    csum += wi * c * s;
    const next = c * cs - s * sn;
    s = s * cs + c * sn;
    c = next;
  }
  const det = cc * ss - csum * csum;
  if (!(det > 0)) return { a: 0, b: 0 };
  return { a: (xc * ss - xs * csum) / det, b: (xs * cc - xc * csum) / det };
}

/**
 * A harmonic as subtracted: a tone whose phase and amplitude may drift linearly over the
 * record, (a + c·τ)·cos + (b + d·τ)·sin with τ running from -1/2 to 1/2. The drift absorbs
 * the frequency's error, which a record of half a second cannot pin down to better than a
 * tenth of a hertz beside its arrivals (a tenth of a hertz left a third of the hum at the
 * ends of such a record, where the first breaks are), and a slowly changing load.
 */
type Drifting = [number, number, number, number];

/** The basis of a drifting tone at sample i: [cos, sin, τ·cos, τ·sin]. */
function eachBasis(n: number, f: number, fs: number, visit: (i: number, basis: Drifting) => void) {
  const step = (2 * Math.PI * f) / fs;
  const cs = Math.cos(step);
  const sn = Math.sin(step);
  let c = 1;
  let s = 0;
  const basis: Drifting = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const tau = n > 1 ? i / (n - 1) - 0.5 : 0;
    basis[0] = c;
    basis[1] = s;
    basis[2] = tau * c;
    basis[3] = tau * s;
    visit(i, basis);
    const next = c * cs - s * sn;
    s = s * cs + c * sn;
    c = next;
  }
}

/** The weighted least-squares drifting tone at f (zeros where the system is singular). */
function fitDrifting(x: Float64Array, f: number, fs: number, w: Float64Array): Drifting {
  const normal = Array.from({ length: 4 }, () => [0, 0, 0, 0, 0]);
  eachBasis(x.length, f, fs, (i, basis) => {
    const wi = w[i]!;
    if (wi === 0) return;
    for (let r = 0; r < 4; r++) {
      for (let c = 0; c < 4; c++) normal[r]![c]! += wi * basis[r]! * basis[c]!;
      normal[r]![4]! += wi * basis[r]! * x[i]!;
    }
  });
  // Gauss-Jordan elimination with partial pivoting on the 4 × 5 augmented system.
  for (let col = 0; col < 4; col++) {
    let pivot = col;
    for (let r = col + 1; r < 4; r++) {
      if (Math.abs(normal[r]![col]!) > Math.abs(normal[pivot]![col]!)) pivot = r;
    }
    [normal[col], normal[pivot]] = [normal[pivot]!, normal[col]!];
    const p = normal[col]![col]!;
    if (!(Math.abs(p) > 1e-12 * (Math.abs(normal[0]![0]!) + 1e-300))) return [0, 0, 0, 0];
    for (let r = 0; r < 4; r++) {
      if (r === col) continue;
      const factor = normal[r]![col]! / p;
      for (let c = col; c < 5; c++) normal[r]![c]! -= factor * normal[col]![c]!;
    }
  }
  return normal.map((row, r) => row[4]! / row[r]!) as Drifting;
}

function addDrifting(y: Float64Array, f: number, fs: number, coef: Drifting, sign: number) {
  eachBasis(y.length, f, fs, (i, basis) => {
    y[i]! +=
      sign * (coef[0] * basis[0] + coef[1] * basis[1] + coef[2] * basis[2] + coef[3] * basis[3]);
  });
}

const power = ({ a, b }: { a: number; b: number }) => (a * a + b * b) / 2;

function median(values: number[]): number {
  const v = [...values].sort((p, q) => p - q);
  const m = v.length >> 1;
  return v.length % 2 ? v[m]! : (v[m - 1]! + v[m]!) / 2;
}

/** The value with half the weight on either side. */
function weightedMedian(values: readonly { f: number; weight: number }[]): number {
  const sorted = [...values].sort((p, q) => p.f - q.f);
  const half = sorted.reduce((sum, v) => sum + v.weight, 0) / 2;
  let sum = 0;
  for (const v of sorted) {
    sum += v.weight;
    if (sum >= half) return v.f;
  }
  return sorted[sorted.length >> 1]!.f;
}

/** The record's summed power in a tone at f: every channel fitted on its quiet samples. */
function recordPower(channels: readonly Channel[], f: number, fs: number): number {
  return channels.reduce((sum, c) => sum + power(fitTone(c.x, f, fs, c.quiet)), 0);
}

/**
 * How far the record's tone at f stands out: its summed power over the median summed power
 * of tones 3 to 20 Hz away (1 Hz apart, skipping any within 1.5 Hz of a harmonic of
 * `fundamental`).
 */
function lineRatio(channels: readonly Channel[], f: number, fs: number, fundamental: number) {
  const around: number[] = [];
  for (let d = 3; d <= 20; d++) {
    for (const g of [f - d, f + d]) {
      if (g <= 0 || g >= fs / 2) continue;
      const k = Math.round(g / fundamental);
      if (k >= 1 && Math.abs(g - k * fundamental) < 1.5) continue;
      around.push(recordPower(channels, g, fs));
    }
  }
  const here = recordPower(channels, f, fs);
  const background = around.length ? median(around) : 0;
  return background > 0 ? here / background : here > 0 ? Infinity : 0;
}

/**
 * The ratio a record's tone must reach to be hum: LINE_RATIO for one channel, less for many,
 * whose summed background varies less. It finds hum on none of refrapy's and formikoj's
 * records as recorded, on all of them with 50 Hz at 5 % of each trace's RMS, and on 13 of
 * GeoStack's 20, which carry real 60 Hz hum.
 */
function lineThreshold(channels: number): number {
  return RECORD_RATIO + (LINE_RATIO - RECORD_RATIO) / Math.sqrt(Math.max(1, channels));
}

/**
 * Each sample's weight in the tone's fit: the inverse of the record's power around it (over
 * QUIET_WINDOW, two periods of 50 Hz, so that the hum itself adds the same to every window).
 * Hum is steady and the arrivals are not: weighted so, the fit listens where the record is
 * quiet, before the first breaks and after the waves have passed, which is where hum buries a
 * far first break. Unweighted, hum at 5 % of a refrapy trace's RMS is a tenth of the surface
 * waves' power near 50 Hz and stands out of nothing; cutting only the samples beyond three
 * robust deviations still fitted formikoj's half-second records' arrivals, whose coda filled
 * most of them, as "hum" larger than the hum.
 */
function quietSamples(x: Float64Array, fs: number): Float64Array {
  const n = x.length;
  const half = Math.max(1, Math.round((QUIET_WINDOW * fs) / 2));
  const cumulative = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cumulative[i + 1] = cumulative[i]! + x[i]! * x[i]!;
  const total = cumulative[n]! / Math.max(1, n);
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const from = Math.max(0, i - half);
    const to = Math.min(n, i + half + 1);
    const local = (cumulative[to]! - cumulative[from]!) / (to - from);
    // A floor far below the record's mean power keeps a dead stretch from taking all weight.
    const floored = local + 1e-6 * total;
    w[i] = floored > 0 ? 1 / floored : 1;
  }
  return w;
}

/** A record's channels, each with its mean removed and its samples' weights (quietSamples). */
interface Channel {
  x: Float64Array;
  quiet: Float64Array;
}

/**
 * The grid frequency near `nominal`: each channel's strongest tone on a scan, then on one ten
 * times finer about the channels' median, and the median again. One grid feeds every channel,
 * but each channel's arrivals pull its own peak a little (by up to 0.2 Hz on formikoj's 0.5 s
 * records, where the summed power peaked at 49.81 Hz for hum at 50.00): the median is what
 * the channels agree on. A hundredth of a hertz is a tenth of a period over a 2 s record.
 */
function strongestNear(channels: readonly Channel[], nominal: number, fs: number): number {
  const duration = maxOf(channels.map((c) => c.x.length)) / fs;
  const step = Math.max(0.01, 0.1 / duration);
  const scan = (from: number, to: number, by: number) => {
    const grid: number[] = [];
    for (let f = from; f <= to + 1e-9; f += by) grid.push(f);
    const peaks = channels.map((c) => {
      let best = grid[0]!;
      let bestPower = -1;
      for (const f of grid) {
        const p = power(fitTone(c.x, f, fs, c.quiet));
        if (p > bestPower) {
          bestPower = p;
          best = f;
        }
      }
      // How clearly the channel carries the tone: against tones 3 to 6 Hz away.
      let around = 0;
      for (const d of [-6, -5, -4, -3, 3, 4, 5, 6])
        around += power(fitTone(c.x, best + d, fs, c.quiet));
      return { f: best, weight: around > 0 ? (8 * bestPower) / around : 0 };
    });
    return weightedMedian(peaks);
  };
  const coarse = scan(nominal - SEARCH, nominal + SEARCH, step);
  return scan(coarse - step, coarse + step, step / 10);
}

/** One channel with the harmonics `orders` of f fitted and subtracted. */
function subtract(
  channel: Channel,
  f: number,
  orders: readonly number[],
  fs: number,
): { samples: Float64Array; hum: Hum } {
  const { x, quiet } = channel;
  // The harmonics fitted one after another on what the others leave, on the quiet samples;
  // then once more on the samples quiet once the hum is gone (strong hum hides what is quiet).
  const fits = orders.map((): Drifting => [0, 0, 0, 0]);
  const residual = Float64Array.from(x);
  let weights = quiet;
  for (let round = 0; round < 2; round++) {
    orders.forEach((k, j) => {
      const old = fits[j]!;
      addDrifting(residual, k * f, fs, old, +1);
      fits[j] = fitDrifting(residual, k * f, fs, weights);
      addDrifting(residual, k * f, fs, fits[j]!, -1);
    });
    weights = quietSamples(residual, fs);
  }
  let total = 0;
  let left = 0;
  for (let i = 0; i < x.length; i++) {
    total += x[i]! * x[i]!;
    left += residual[i]! * residual[i]!;
  }
  return {
    samples: residual,
    hum: {
      frequency: f,
      harmonics: orders.map((order, j) => ({
        order,
        amplitude: Math.hypot(fits[j]![0], fits[j]![1]),
      })),
      share: total > 0 ? Math.max(0, 1 - left / total) : 0,
    },
  };
}

/**
 * A record's channels (one sample interval) with their hum subtracted, and each channel's
 * hum; where the record has none, every hum is null and the samples come back with only their
 * mean removed. The record has hum where its channels' summed tone near 50 or 60 Hz stands
 * out of the spectrum around it (lineThreshold); then every channel gets its own fit.
 */
export function removeRecordHum(
  channels: readonly Samples[],
  sampleInterval: number,
  setting: HumSetting = 'auto',
): { samples: Float64Array[]; hums: (Hum | null)[] } {
  const fs = 1 / sampleInterval;
  const centred = channels.map((c) => demean(c));
  const unchanged = { samples: centred, hums: centred.map(() => null) };
  if (setting === 'off' || centred.length === 0) return unchanged;
  const prepared = centred.map((x) => ({ x, quiet: quietSamples(x, fs) }));
  const shortest = minOf(prepared.map((c) => c.x.length));
  const threshold = lineThreshold(prepared.length);
  let found: { f: number; ratio: number } | null = null;
  for (const nominal of setting === 'auto' ? MAINS : [setting]) {
    if (nominal * 2 >= fs || shortest < (MIN_PERIODS * fs) / nominal) continue;
    const f = strongestNear(prepared, nominal, fs);
    const ratio = lineRatio(prepared, f, fs, f);
    if (ratio >= threshold && (!found || ratio > found.ratio)) found = { f, ratio };
  }
  if (!found) return unchanged;
  const f = found.f;
  const orders = [1];
  for (let k = 2; k <= MAX_HARMONICS && k * f < 0.45 * fs; k++) {
    if (lineRatio(prepared, k * f, fs, f) >= threshold) orders.push(k);
  }
  // Hum comes in on the cable: every channel is fitted, where it is strong or weak.
  const done = prepared.map((c) => subtract(c, f, orders, fs));
  return { samples: done.map((d) => d.samples), hums: done.map((d) => d.hum) };
}
