import { describe, expect, it } from 'vitest';
import { removeRecordHum } from '../../../src-main/dsp/hum';

const FS = 4000;

/** Deterministic white noise (a linear congruential generator and Box-Muller). */
function noise(n: number, seed: number, rms: number): Float64Array {
  let s = seed;
  const uniform = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648 + 1e-12;
  return Float64Array.from(
    { length: n },
    () => rms * Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()),
  );
}

/** A first break as a 60 Hz Ricker wavelet at `at` s, strong against the noise. */
function arrival(x: Float64Array, at: number, amplitude: number): Float64Array {
  return x.map((v, i) => {
    const a = (Math.PI * 60 * (i / FS - at)) ** 2;
    return v + amplitude * (1 - 2 * a) * Math.exp(-a);
  });
}

/** Hum at f Hz with a third harmonic, amplitude a, phase φ. */
function hum(n: number, f: number, a: number, phase: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => {
    const t = i / FS;
    return a * Math.sin(2 * Math.PI * f * t + phase) + 0.4 * a * Math.sin(6 * Math.PI * f * t);
  });
}

const rms = (x: ArrayLike<number>) =>
  Math.sqrt(Array.from(x).reduce((s, v) => s + v * v, 0) / x.length);

/** A record of eight channels of 0.5 s with a first break each, and hum of `amplitude`. */
function record(f: number, amplitude: number) {
  const clean = Array.from({ length: 8 }, (_, c) =>
    arrival(noise(2000, c + 1, 0.01), 0.02 + 0.01 * c, 1),
  );
  const hummed = clean.map((x, c) => {
    const h = hum(x.length, f, amplitude * (1 + c / 8), c);
    return x.map((v, i) => v + h[i]!);
  });
  return { clean, hummed };
}

describe('removeRecordHum', () => {
  it('finds the mains frequency and subtracts its tone and harmonics, leaving the arrivals', () => {
    const { clean, hummed } = record(50.03, 0.2);
    const { samples, hums } = removeRecordHum(hummed, 1 / FS);
    hums.forEach((h) => {
      expect(h!.frequency).toBeCloseTo(50.03, 1);
      expect(h!.harmonics.map((k) => k.order)).toContain(3);
    });
    expect(hums[0]!.harmonics[0]!.amplitude).toBeCloseTo(0.2, 2);
    samples.forEach((x, c) => {
      const left = x.map((v, i) => v - clean[c]![i]!);
      // What stays of the hum is within the noise (0.01), from 0.2-0.35 of hum.
      expect(rms(left)).toBeLessThan(0.01);
    });
  });

  it('tells 60 Hz from 50, and looks only for the frequency it is told', () => {
    const { hummed } = record(59.9, 0.05);
    expect(removeRecordHum(hummed, 1 / FS).hums[0]!.frequency).toBeCloseTo(59.9, 1);
    expect(removeRecordHum(hummed, 1 / FS, 60).hums[0]!.frequency).toBeCloseTo(59.9, 1);
    expect(removeRecordHum(hummed, 1 / FS, 50).hums.every((h) => h === null)).toBe(true);
  });

  it('leaves a record without hum as recorded, its mean removed', () => {
    const { clean } = record(50, 0);
    const shifted = clean.map((x) => x.map((v) => v + 3));
    const { samples, hums } = removeRecordHum(shifted, 1 / FS);
    expect(hums.every((h) => h === null)).toBe(true);
    samples.forEach((x, c) => {
      const mean = shifted[c]!.reduce((s, v) => s + v, 0) / x.length;
      x.forEach((v, i) => expect(v).toBeCloseTo(shifted[c]![i]! - mean, 12));
    });
  });

  it('leaves alone what it is told to, and records too short to tell a tone from an arrival', () => {
    const { hummed } = record(50, 0.2);
    expect(removeRecordHum(hummed, 1 / FS, 'off').hums.every((h) => h === null)).toBe(true);
    // 80 ms: four periods of 50 Hz.
    const short = hummed.map((x) => x.slice(0, 320));
    expect(removeRecordHum(short, 1 / FS).hums.every((h) => h === null)).toBe(true);
  });
});
