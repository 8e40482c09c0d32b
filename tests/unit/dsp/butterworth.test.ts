import { describe, expect, it } from 'vitest';
import {
  butterworth,
  defaultPadLength,
  sosfilt,
  sosfiltfilt,
  sosfiltZi,
  sosMagnitude,
  type Biquad,
} from '../../../src-main/dsp/butterworth';

const dB = (g: number) => 20 * Math.log10(g);
const sortedPoles = (sos: Biquad[]) =>
  sos.map((s) => [s.a1, s.a2]).sort((p, q) => p[0]! - q[0]! || p[1]! - q[1]!);

describe('butterworth design', () => {
  it('gives the textbook 2nd-order low-pass at fs/4: b = [1, 2, 1]/(2+√2), a = [1, 0, (2−√2)/(2+√2)]', () => {
    // H(s) = 1/(s² + √2 s + 1) with the pre-warped cut-off tan(π/4) = 1, bilinear-transformed.
    const [s, ...rest] = butterworth({ type: 'lowpass', order: 2, cutoff: 250, fs: 1000 });
    expect(rest).toHaveLength(0);
    const k = 1 / (2 + Math.SQRT2);
    expect(s!.b0).toBeCloseTo(k, 12); // 0.2929
    expect(s!.b1).toBeCloseTo(2 * k, 12); // 0.5858
    expect(s!.b2).toBeCloseTo(k, 12);
    expect(s!.a1).toBeCloseTo(0, 12);
    expect(s!.a2).toBeCloseTo((2 - Math.SQRT2) / (2 + Math.SQRT2), 12); // 0.1716
  });

  it('has the poles SciPy gives for butter(4, [10, 40], "bandpass", fs=500)', () => {
    // scipy.signal.butter(..., output='sos')[:, 4:6]; SciPy puts the gain in section one,
    // we spread it, so only the denominators compare directly.
    const scipy = [
      [-1.5109362835955449, 0.61860917135588733],
      [-1.7689778100499784, 0.79601614415315669],
      [-1.5899858757464862, 0.80043437686201768],
      [-1.9245398782828385, 0.9407893939876032],
    ].sort((p, q) => p[0]! - q[0]!);
    const ours = sortedPoles(
      butterworth({ type: 'bandpass', order: 4, low: 10, high: 40, fs: 500 }),
    );
    ours.forEach(([a1, a2], i) => {
      expect(a1).toBeCloseTo(scipy[i]![0]!, 12);
      expect(a2).toBeCloseTo(scipy[i]![1]!, 12);
    });
  });

  it('builds odd orders with one first-order section (SciPy butter(3, 25, "highpass", fs=500))', () => {
    const sos = butterworth({ type: 'highpass', order: 3, cutoff: 25, fs: 500 });
    expect(sos).toHaveLength(2);
    const first = sos.find((s) => s.a2 === 0)!;
    expect(first.a1).toBeCloseTo(-0.726542528005361, 12);
    expect(first.b2).toBe(0);
    const second = sos.find((s) => s.a2 !== 0)!;
    expect(second.a1).toBeCloseTo(-1.647552215703991, 12);
    expect(second.a2).toBeCloseTo(0.7323389172728038, 12);
    expect(defaultPadLength(sos)).toBe(3 * (2 * 2 + 1 - 1));
  });

  it.each([
    { type: 'lowpass' as const, order: 4, cutoff: 30, fs: 250, pass: 5, stop: 90 },
    { type: 'highpass' as const, order: 5, cutoff: 30, fs: 250, pass: 100, stop: 8 },
  ])('$type order $order: −3 dB at the cut-off, flat pass band, steep stop band', (spec) => {
    const sos = butterworth(spec);
    expect(dB(sosMagnitude(sos, spec.cutoff, spec.fs))).toBeCloseTo(-3.0103, 3);
    expect(dB(sosMagnitude(sos, spec.pass, spec.fs))).toBeGreaterThan(-0.01);
    expect(dB(sosMagnitude(sos, spec.stop, spec.fs))).toBeLessThan(-40);
  });

  it('band-pass: −3 dB at both corners, 0 dB at the centre, zero at DC and Nyquist', () => {
    const sos = butterworth({ type: 'bandpass', order: 4, low: 10, high: 40, fs: 500 });
    expect(dB(sosMagnitude(sos, 10, 500))).toBeCloseTo(-3.0103, 3);
    expect(dB(sosMagnitude(sos, 40, 500))).toBeCloseTo(-3.0103, 3);
    // The pre-warped geometric centre is where a Butterworth band-pass has unit gain.
    const centre =
      (500 / Math.PI) *
      Math.atan(Math.sqrt(Math.tan((Math.PI * 10) / 500) * Math.tan((Math.PI * 40) / 500)));
    expect(sosMagnitude(sos, centre, 500)).toBeCloseTo(1, 12);
    expect(dB(sosMagnitude(sos, 2, 500))).toBeLessThan(-50);
    expect(dB(sosMagnitude(sos, 150, 500))).toBeLessThan(-40);
    expect(sosMagnitude(sos, 0, 500)).toBeLessThan(1e-12);
  });

  it('stays stable at high order: order-16 narrow band-pass at 8 kHz, all poles inside', () => {
    const sos = butterworth({ type: 'bandpass', order: 16, low: 20, high: 30, fs: 8000 });
    expect(sos).toHaveLength(16);
    for (const s of sos) {
      // Poles inside the unit circle: |a2| < 1 and |a1| < 1 + a2 (the stability triangle).
      expect(Math.abs(s.a2)).toBeLessThan(1);
      expect(Math.abs(s.a1)).toBeLessThan(1 + s.a2);
    }
    expect(dB(sosMagnitude(sos, 20, 8000))).toBeCloseTo(-3.0103, 2);
    const impulse = new Float64Array(200_000);
    impulse[0] = 1;
    const h = sosfilt(sos, impulse);
    expect(h.every(Number.isFinite)).toBe(true);
    expect(Math.max(...h.subarray(190_000).map(Math.abs))).toBeLessThan(1e-9);
  });

  it('rejects cut-offs outside (0, Nyquist) and bad orders, naming the parameter', () => {
    expect(() => butterworth({ type: 'lowpass', order: 2, cutoff: 600, fs: 1000 })).toThrow(
      /cutoff/,
    );
    expect(() => butterworth({ type: 'bandpass', order: 2, low: 50, high: 20, fs: 1000 })).toThrow(
      /low \(50 Hz\) must be below high/,
    );
    expect(() => butterworth({ type: 'lowpass', order: 0, cutoff: 10, fs: 1000 })).toThrow(/order/);
  });
});

describe('sosfilt and sosfiltfilt', () => {
  const x = [
    1, 3, -2, 5, 4, 0, -1, 2, 7, 3, 1, -4, 0, 2, 2, 1, 5, -3, 0, 1, 2, 3, 1, 0, -2, 4, 6, 1, 0, 2,
  ];
  const lowpass = butterworth({ type: 'lowpass', order: 3, cutoff: 50, fs: 500 });

  it('reproduces scipy.signal.sosfiltfilt(butter(3, 50, fs=500, output="sos"), x)', () => {
    const scipy = [
      1.015028801378964, 1.354856499266779, 1.6641782520785156, 1.9151430015449178,
      2.0947633699698827, 2.2121320166122174, 2.2719567552826607, 2.235165463527239,
      2.034042208453521, 1.6538341781665808, 1.1940938690980578, 0.8262981164275269,
      0.6759427683683564, 0.7391351797380464, 0.902582188215932, 1.0344947621553304,
      1.0683004974889947, 1.0263153321421727, 0.9769316537739217, 0.9685823440424466,
      1.0038643580838484, 1.0701423413797806, 1.1794598495061235, 1.3648991740507104,
      1.6319480638127049, 1.920242970462025, 2.130671780720349, 2.1984203173538446,
      2.133704116641347, 1.9981954227705208,
    ];
    const y = sosfiltfilt(lowpass, Float64Array.from(x));
    y.forEach((v, i) => expect(v).toBeCloseTo(scipy[i]!, 10));
  });

  it('starts a constant signal in steady state (no edge transient)', () => {
    const ones = new Float64Array(100).fill(3.5);
    const zi = sosfiltZi(lowpass).map((v) => v * 3.5);
    sosfilt(lowpass, ones, zi).forEach((v) => expect(v).toBeCloseTo(3.5, 12));
    sosfiltfilt(lowpass, ones).forEach((v) => expect(v).toBeCloseTo(3.5, 12));
  });

  it('is zero-phase: a symmetric pulse stays symmetric and its peak does not move', () => {
    // Long enough that the filter's tails have died out before the padded edges.
    const n = 2001;
    const c = 1000;
    const pulse = new Float32Array(n);
    for (let i = 0; i < n; i++)
      pulse[i] = Math.exp(-(((i - c) / 6) ** 2)) * Math.cos((i - c) * 0.4);
    const bp = butterworth({ type: 'bandpass', order: 4, low: 5, high: 40, fs: 500 });
    const y = sosfiltfilt(bp, pulse);
    const peak = y.indexOf(Math.max(...y));
    expect(peak).toBe(c);
    for (let k = 1; k < 300; k++) expect(y[c + k]).toBeCloseTo(y[c - k]!, 9);
    // A one-pass filter delays the same pulse: the check above can tell the difference.
    const causal = sosfilt(bp, pulse);
    expect(causal.indexOf(Math.max(...causal))).toBeGreaterThan(c + 2);
  });

  it('filters a trace shorter than the default padding instead of refusing it', () => {
    const y = sosfiltfilt(lowpass, new Float64Array([1, 2, 3, 4]));
    expect(y).toHaveLength(4);
    expect(y.every(Number.isFinite)).toBe(true);
    expect(sosfiltfilt(lowpass, new Float64Array(0))).toHaveLength(0);
  });
});
