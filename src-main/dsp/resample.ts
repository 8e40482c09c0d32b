import type { Samples } from './samples';

/**
 * Rational-ratio polyphase resampling with a Kaiser-windowed sinc anti-alias filter.
 *
 * Time alignment: output sample k lies at input time k·fsIn/fsOut samples, so with the input
 * starting at t0 the output sample k is at t0 + k/fsOut; the first samples coincide. Each of
 * the L phases of the ratio L/M is one row of filter taps (the sinc evaluated at that
 * fractional offset), computed once; every output is then one dot product.
 *
 * Filter: cut-off at 0.45 of the lower of the two rates, Kaiser window β = 8 spanning ±32
 * sample periods of the lower rate: error below 1e-3 up to ≈ 0.4 of the lower rate and about
 * −80 dB from ≈ 0.49 of it, so an integer decimation of a signal band-limited below 0.4·fsOut
 * reproduces it to that accuracy. Every phase row is scaled to sum 1 (exact DC gain).
 * Beyond the ends the input counts as zero: the first and last ~32 output periods feel the
 * edge, so detrend or taper first when the ends matter.
 */

/** Kernel half-width, in sample periods of the lower rate. */
const HALF_WIDTH = 32;
const KAISER_BETA = 8;
const CUTOFF = 0.45; // of the lower sampling rate
/** Rate ratios must be fractions with terms up to this... */
const MAX_TERM = 10_000;
/** ...within this relative error, which absorbs float32 rounding of header sample intervals. */
const RATIO_TOLERANCE = 1e-7;

/** Modified Bessel function of the first kind, order 0 (power series; converges for any x). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; term > 1e-17 * sum; k++) {
    term *= q / (k * k);
    sum += term;
  }
  return sum;
}

/** The fraction up/down (coprime, terms ≤ MAX_TERM) nearest to `ratio`, by continued fractions. */
export function rationalRatio(ratio: number): { up: number; down: number } {
  let [h0, h1, k0, k1] = [0, 1, 1, 0];
  let rest = ratio;
  for (let i = 0; i < 64; i++) {
    const a = Math.floor(rest);
    [h0, h1] = [h1, a * h1 + h0];
    [k0, k1] = [k1, a * k1 + k0];
    if (h1 > MAX_TERM || k1 > MAX_TERM) break;
    if (Math.abs(h1 / k1 - ratio) <= RATIO_TOLERANCE * ratio) return { up: h1, down: k1 };
    const frac = rest - a;
    if (frac < 1e-15) break;
    rest = 1 / frac;
  }
  throw new RangeError(
    `cannot resample by ${ratio}: the rates must have a ratio p/q with p and q up to ${MAX_TERM}`,
  );
}

/** Resamples from `fsIn` to `fsOut` (Hz); output sample k is at the input's t0 + k/fsOut. */
export function resample(x: Samples, fsIn: number, fsOut: number): Float64Array {
  if (!(fsIn > 0 && fsOut > 0 && Number.isFinite(fsIn) && Number.isFinite(fsOut))) {
    throw new RangeError(`sampling rates must be positive, got ${fsIn} and ${fsOut}`);
  }
  const { up, down } = rationalRatio(fsOut / fsIn);
  const n = x.length;
  if (n === 0) return new Float64Array(0);
  if (up === 1 && down === 1) return Float64Array.from(x);

  // Output k sits at input position k·down/up; the last output at or before the last input.
  const outLength = Math.floor(((n - 1) * up) / down) + 1;
  // Cut-off in cycles per input sample, and the kernel half-width in input samples.
  const scale = Math.max(1, down / up);
  const fc = CUTOFF / scale;
  const half = Math.ceil(HALF_WIDTH * scale);
  const taps = 2 * half;
  const i0Beta = besselI0(KAISER_BETA);

  // Row r holds the taps for fractional offset r/up, for input indices n0−half+1 … n0+half.
  const table = new Float64Array(up * taps);
  for (let r = 0; r < up; r++) {
    const frac = r / up;
    let sum = 0;
    for (let j = 0; j < taps; j++) {
      const d = j - half + 1 - frac;
      const u = d / half;
      const window = Math.abs(u) < 1 ? besselI0(KAISER_BETA * Math.sqrt(1 - u * u)) / i0Beta : 0;
      const arg = 2 * Math.PI * fc * d;
      const sinc = d === 0 ? 1 : Math.sin(arg) / arg;
      const tap = window * sinc;
      table[r * taps + j] = tap;
      sum += tap;
    }
    for (let j = 0; j < taps; j++) table[r * taps + j] = table[r * taps + j]! / sum;
  }

  const y = new Float64Array(outLength);
  for (let k = 0; k < outLength; k++) {
    // Integer arithmetic keeps the grid exact: position = n0 + r/up.
    const n0 = Math.floor((k * down) / up);
    const r = k * down - n0 * up;
    const row = r * taps;
    const first = n0 - half + 1;
    const jFrom = Math.max(0, -first);
    const jTo = Math.min(taps, n - first);
    let acc = 0;
    for (let j = jFrom; j < jTo; j++) acc += table[row + j]! * x[first + j]!;
    y[k] = acc;
  }
  return y;
}
