import type { Samples } from './samples';

/**
 * Butterworth filters as cascades of second-order sections (biquads). A cascade stays stable
 * and accurate at orders where one long transfer-function polynomial loses its poles to
 * rounding, which is why SciPy recommends `output='sos'` and why we only build sections.
 *
 * Design: analog Butterworth prototype poles, frequency transform (low, high or band-pass)
 * on cut-offs pre-warped with 2·fs·tan(π·f/fs), then the bilinear transform. Every section is
 * scaled to unit gain at the pass-band reference frequency (DC, Nyquist, or the band centre),
 * so no section's output grows large and the cascade has unit pass-band gain.
 */

/** One section: H(z) = (b0 + b1 z⁻¹ + b2 z⁻²) / (1 + a1 z⁻¹ + a2 z⁻²). */
export interface Biquad {
  b0: number;
  b1: number;
  b2: number;
  a1: number;
  a2: number;
}

export type ButterworthSpec =
  | { type: 'lowpass' | 'highpass'; order: number; cutoff: number; fs: number }
  /** `order` is the prototype order, as in SciPy: the band-pass filter has order 2·order. */
  | { type: 'bandpass'; order: number; low: number; high: number; fs: number };

/** Highest prototype order accepted; far above what picking needs, low enough to stay sane. */
const MAX_ORDER = 24;

type Complex = [re: number, im: number];

const mul = (a: Complex, b: Complex): Complex => [
  a[0] * b[0] - a[1] * b[1],
  a[0] * b[1] + a[1] * b[0],
];
const div = (a: Complex, b: Complex): Complex => {
  const d = b[0] * b[0] + b[1] * b[1];
  return [(a[0] * b[0] + a[1] * b[1]) / d, (a[1] * b[0] - a[0] * b[1]) / d];
};
const sqrtC = ([re, im]: Complex): Complex => {
  const r = Math.hypot(re, im);
  const s = Math.sqrt(Math.max(0, (r + re) / 2));
  const t = Math.sqrt(Math.max(0, (r - re) / 2));
  return [s, im < 0 ? -t : t];
};

function checkFrequency(name: string, f: number, fs: number): void {
  if (!(f > 0 && f < fs / 2)) {
    throw new RangeError(
      `${name} must lie between 0 and the Nyquist frequency ${fs / 2} Hz, got ${f}`,
    );
  }
}

/** Designs a Butterworth filter as second-order sections, poles nearest the unit circle last. */
export function butterworth(spec: ButterworthSpec): Biquad[] {
  const { order, fs } = spec;
  if (!Number.isInteger(order) || order < 1 || order > MAX_ORDER) {
    throw new RangeError(`order must be an integer from 1 to ${MAX_ORDER}, got ${order}`);
  }
  if (!(fs > 0 && Number.isFinite(fs))) throw new RangeError(`fs must be positive, got ${fs}`);
  const fs2 = 2 * fs;
  const warp = (f: number) => fs2 * Math.tan((Math.PI * f) / fs);

  // Left-half-plane prototype poles of |H(jω)|² = 1 / (1 + ω^(2N)).
  const prototype: Complex[] = [];
  for (let k = 0; k < order; k++) {
    const theta = (Math.PI * (2 * k + order + 1)) / (2 * order);
    prototype.push([Math.cos(theta), Math.sin(theta)]);
  }

  let analog: Complex[];
  let numerator: { pair: [number, number, number]; single: [number, number, number] };
  let reference: number; // digital angular frequency (rad/sample) of unit gain
  if (spec.type === 'bandpass') {
    checkFrequency('low', spec.low, fs);
    checkFrequency('high', spec.high, fs);
    if (!(spec.low < spec.high)) {
      throw new RangeError(`low (${spec.low} Hz) must be below high (${spec.high} Hz)`);
    }
    const w1 = warp(spec.low);
    const w2 = warp(spec.high);
    const bw = w2 - w1;
    const w0sq = w1 * w2;
    // s → (s² + ω0²) / (s·BW): each prototype pole p gives the two roots of s² − p·BW·s + ω0².
    analog = prototype.flatMap((p) => {
      const half: Complex = [(p[0] * bw) / 2, (p[1] * bw) / 2];
      const root = sqrtC([half[0] * half[0] - half[1] * half[1] - w0sq, 2 * half[0] * half[1]]);
      return [
        [half[0] + root[0], half[1] + root[1]],
        [half[0] - root[0], half[1] - root[1]],
      ] as Complex[];
    });
    // N zeros at s = 0 (z = 1) and N at infinity (z = −1): one of each per section.
    numerator = { pair: [1, 0, -1], single: [1, 0, -1] };
    reference = 2 * Math.atan(Math.sqrt(w0sq) / fs2);
  } else {
    checkFrequency('cutoff', spec.cutoff, fs);
    const wc = warp(spec.cutoff);
    if (spec.type === 'lowpass') {
      analog = prototype.map(([re, im]) => [wc * re, wc * im] as Complex);
      numerator = { pair: [1, 2, 1], single: [1, 1, 0] };
      reference = 0;
    } else {
      analog = prototype.map((p) => div([wc, 0], p));
      numerator = { pair: [1, -2, 1], single: [1, -1, 0] };
      reference = Math.PI;
    }
  }

  const digital = analog.map((s) => div([fs2 + s[0], s[1]], [fs2 - s[0], -s[1]]));
  const sections: Biquad[] = [];
  const real: number[] = [];
  // Real poles come out of the complex arithmetic with rounding-level imaginary parts.
  const isReal = (z: Complex) => Math.abs(z[1]) <= 1e-10 * Math.max(1, Math.abs(z[0]));
  for (const z of digital) {
    if (isReal(z)) real.push(z[0]);
    else if (z[1] > 0) {
      const [b0, b1, b2] = numerator.pair;
      sections.push({ b0, b1, b2, a1: -2 * z[0], a2: z[0] * z[0] + z[1] * z[1] });
    }
  }
  real.sort((a, b) => a - b);
  for (let i = 0; i < real.length; i += 2) {
    const r1 = real[i]!;
    const r2 = real[i + 1];
    if (r2 === undefined) {
      const [b0, b1, b2] = numerator.single;
      sections.push({ b0, b1, b2, a1: -r1, a2: 0 });
    } else {
      const [b0, b1, b2] = numerator.pair;
      sections.push({ b0, b1, b2, a1: -(r1 + r2), a2: r1 * r2 });
    }
  }

  sections.sort((a, b) => poleRadius(a) - poleRadius(b));
  return sections.map((s) => {
    const g = sectionMagnitude(s, reference);
    return { ...s, b0: s.b0 / g, b1: s.b1 / g, b2: s.b2 / g };
  });
}

/** Largest pole magnitude of a section: how close it sits to the unit circle. */
function poleRadius({ a1, a2 }: Biquad): number {
  const disc = a1 * a1 - 4 * a2;
  if (disc < 0) return Math.sqrt(a2);
  const root = Math.sqrt(disc);
  return Math.max(Math.abs(-a1 + root), Math.abs(-a1 - root)) / 2;
}

function sectionMagnitude(s: Biquad, omega: number): number {
  const z1: Complex = [Math.cos(omega), -Math.sin(omega)]; // z⁻¹
  const z2 = mul(z1, z1);
  const num: Complex = [s.b0 + s.b1 * z1[0] + s.b2 * z2[0], s.b1 * z1[1] + s.b2 * z2[1]];
  const den: Complex = [1 + s.a1 * z1[0] + s.a2 * z2[0], s.a1 * z1[1] + s.a2 * z2[1]];
  return Math.hypot(num[0], num[1]) / Math.hypot(den[0], den[1]);
}

/** |H(f)| of a cascade at frequency f (Hz) for sampling rate fs. */
export function sosMagnitude(sos: readonly Biquad[], f: number, fs: number): number {
  const omega = (2 * Math.PI * f) / fs;
  return sos.reduce((g, s) => g * sectionMagnitude(s, omega), 1);
}

/** Runs the cascade over `buf` in place (transposed direct form II), updating `state`. */
function filterInPlace(sos: readonly Biquad[], buf: Float64Array, state: Float64Array): void {
  const n = buf.length;
  for (let k = 0; k < sos.length; k++) {
    const { b0, b1, b2, a1, a2 } = sos[k]!;
    let z1 = state[2 * k]!;
    let z2 = state[2 * k + 1]!;
    for (let i = 0; i < n; i++) {
      const x = buf[i]!;
      const y = b0 * x + z1;
      z1 = b1 * x - a1 * y + z2;
      z2 = b2 * x - a2 * y;
      buf[i] = y;
    }
    state[2 * k] = z1;
    state[2 * k + 1] = z2;
  }
}

/**
 * Filters causally. `zi` (two values per section, as `sosfiltZi` returns, already scaled
 * by the first input sample if wanted) sets the initial state; zero state by default.
 */
export function sosfilt(sos: readonly Biquad[], x: Samples, zi?: Float64Array): Float64Array {
  const y = Float64Array.from(x);
  const state = zi ? Float64Array.from(zi) : new Float64Array(2 * sos.length);
  filterInPlace(sos, y, state);
  return y;
}

/**
 * The state each section holds after a long run of input 1, like SciPy's `sosfilt_zi`:
 * multiplied by a first sample x0, the filter starts as if x0 had always been its input,
 * so a signal with an offset starts without a transient. Section k sees the step scaled by
 * the DC gain of the sections before it.
 */
export function sosfiltZi(sos: readonly Biquad[]): Float64Array {
  const zi = new Float64Array(2 * sos.length);
  let scale = 1;
  sos.forEach(({ b0, b1, b2, a1, a2 }, k) => {
    const dcGain = (b0 + b1 + b2) / (1 + a1 + a2);
    // Steady state of the transposed direct form II for a unit step: y = dcGain.
    zi[2 * k] = scale * (dcGain - b0);
    zi[2 * k + 1] = scale * (b2 - a2 * dcGain);
    scale *= dcGain;
  });
  return zi;
}

/**
 * The edge padding SciPy's `sosfiltfilt` uses by default: 3·(2·sections + 1), less the
 * trailing zero coefficients of first-order sections.
 */
export function defaultPadLength(sos: readonly Biquad[]): number {
  const firstOrder = sos.filter((s) => s.b2 === 0 && s.a2 === 0).length;
  return 3 * (2 * sos.length + 1 - firstOrder);
}

/**
 * Zero-phase filtering: forward, then backward, so the phase cancels and the magnitude
 * response is squared (a Butterworth cut-off lands at −6 dB, not −3 dB). Matches SciPy's
 * `sosfiltfilt(sos, x)` defaults: odd extension (2·x[0] − x[padlen..1] before, the mirror
 * after) of `defaultPadLength` samples at each end, and the steady-state initial conditions
 * of `sosfiltZi` scaled by the first sample of each pass. One difference: SciPy refuses
 * signals not longer than the padding; here the padding shrinks to length − 1 instead, so a
 * short trace still filters (with more edge effect).
 */
export function sosfiltfilt(
  sos: readonly Biquad[],
  x: Samples,
  padlen = defaultPadLength(sos),
): Float64Array {
  const n = x.length;
  if (n === 0) return new Float64Array(0);
  const pad = Math.max(0, Math.min(padlen, n - 1));
  const ext = new Float64Array(n + 2 * pad);
  const first = x[0]!;
  const last = x[n - 1]!;
  for (let i = 0; i < pad; i++) {
    ext[i] = 2 * first - x[pad - i]!;
    ext[pad + n + i] = 2 * last - x[n - 2 - i]!;
  }
  ext.set(x, pad);

  const zi = sosfiltZi(sos);
  const state = new Float64Array(zi.length);
  const start = (v: number) => {
    for (let i = 0; i < zi.length; i++) state[i] = zi[i]! * v;
  };
  start(ext[0]!);
  filterInPlace(sos, ext, state);
  ext.reverse();
  start(ext[0]!);
  filterInPlace(sos, ext, state);
  ext.reverse();
  return ext.slice(pad, pad + n);
}
