import { describe, expect, it } from 'vitest';
import { rationalRatio, resample } from '../../../src-main/dsp/resample';

const sine = (n: number, fs: number, f: number, phase = 0.3) =>
  Float64Array.from({ length: n }, (_, i) => Math.sin(2 * Math.PI * f * (i / fs) + phase));

/** Largest error against the sinusoid sampled at the new rate, away from the edges. */
function interiorError(y: Float64Array, fs: number, f: number, edge: number, phase = 0.3): number {
  let worst = 0;
  for (let k = edge; k < y.length - edge; k++) {
    worst = Math.max(worst, Math.abs(y[k]! - Math.sin(2 * Math.PI * f * (k / fs) + phase)));
  }
  return worst;
}

describe('resample', () => {
  it('finds the reduced fraction of the rates, tolerating float32-rounded intervals', () => {
    expect(rationalRatio(100 / 8000)).toEqual({ up: 1, down: 80 });
    expect(rationalRatio(6000 / 8000)).toEqual({ up: 3, down: 4 });
    expect(rationalRatio(100 / (1 / Math.fround(1e-4)))).toEqual({ up: 1, down: 100 });
    // Within 1e-7 almost any ratio has a fraction with small terms (π ≈ 355/113); extreme ones not.
    expect(rationalRatio(Math.PI)).toEqual({ up: 355, down: 113 });
    expect(() => rationalRatio(1 / 50_000)).toThrow(/ratio p\/q/);
  });

  it.each([
    { fsIn: 8000, fsOut: 4000, f: 1000 },
    { fsIn: 8000, fsOut: 100, f: 30 },
    { fsIn: 500, fsOut: 100, f: 37 },
  ])(
    'decimates $fsIn → $fsOut Hz: a $f Hz sinusoid comes out on the new grid',
    ({ fsIn, fsOut, f }) => {
      const n = 4 * fsIn;
      const y = resample(sine(n, fsIn, f), fsIn, fsOut);
      expect(y).toHaveLength(Math.floor(((n - 1) * fsOut) / fsIn) + 1);
      expect(interiorError(y, fsOut, f, 40)).toBeLessThan(1e-3);
    },
  );

  it('keeps sample k at t0 + k/fsOut for a non-integer ratio (8 kHz → 6 kHz, 250 → 1000 Hz)', () => {
    const down = resample(sine(8000, 8000, 440), 8000, 6000);
    expect(interiorError(down, 6000, 440, 40)).toBeLessThan(1e-3);
    const up = resample(sine(1000, 250, 20), 250, 1000);
    expect(interiorError(up, 1000, 20, 200)).toBeLessThan(1e-3);
  });

  it('removes what would alias: 3 kHz at 8 kHz is gone after decimation to 4 kHz', () => {
    const y = resample(sine(16000, 8000, 3000), 8000, 4000);
    expect(interiorError(y, 4000, 0, 40, 0)).toBeLessThan(1e-3);
  });

  it('passes DC exactly away from the edges and returns a copy at equal rates', () => {
    const ones = new Float32Array(2000).fill(2);
    const y = resample(ones, 1000, 300);
    // The kernel reaches 32 output periods; beyond that the edge cannot matter.
    for (let k = 33; k < y.length - 33; k++) expect(y[k]).toBeCloseTo(2, 12);
    const same = resample(ones, 1000, 1000);
    expect(Array.from(same)).toEqual(Array.from(ones));
  });

  it('rejects non-positive rates', () => {
    expect(() => resample(new Float64Array(4), 0, 100)).toThrow(/positive/);
  });
});
