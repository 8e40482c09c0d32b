import { describe, expect, it } from 'vitest';
import { agc } from '../../../src-main/dsp/agc';
import { demean, detrendLinear } from '../../../src-main/dsp/detrend';
import { normalizeMax, normalizeRms } from '../../../src-main/dsp/normalize';

describe('detrend', () => {
  it('removes the mean', () => {
    expect(Array.from(demean(new Float32Array([1, 2, 3, 6])))).toEqual([-2, -1, 0, 3]);
  });

  it('removes a least-squares line and leaves what is orthogonal to it', () => {
    const n = 101;
    const wiggle = (i: number) => Math.cos((2 * Math.PI * 5 * i) / (n - 1));
    const x = Float64Array.from({ length: n }, (_, i) => 3 + 0.25 * i + wiggle(i));
    const y = detrendLinear(x);
    // The residual has zero mean and zero correlation with the index (normal equations).
    const mean = y.reduce((a, b) => a + b, 0) / n;
    const slope = y.reduce((a, v, i) => a + v * (i - (n - 1) / 2), 0);
    expect(mean).toBeCloseTo(0, 12);
    expect(slope).toBeCloseTo(0, 9);
    expect(
      Array.from(detrendLinear(Float64Array.from({ length: 9 }, (_, i) => 2 - 3 * i))),
    ).toEqual(Array.from({ length: 9 }, () => expect.closeTo(0, 12)));
  });
});

describe('agc and normalisation', () => {
  it('scales each sample by the RMS of its centred window', () => {
    // A quiet part and a loud part: after AGC both have unit RMS away from the boundary.
    const x = Float64Array.from(
      { length: 200 },
      (_, i) => (i < 100 ? 0.01 : 50) * (i % 2 ? 1 : -1),
    );
    const y = agc(x, 11);
    expect(Math.abs(y[40]!)).toBeCloseTo(1, 12);
    expect(Math.abs(y[160]!)).toBeCloseTo(1, 12);
    expect(Array.from(agc(new Float64Array(5), 3))).toEqual([0, 0, 0, 0, 0]);
    expect(() => agc(x, 0)).toThrow(/window/);
  });

  it('normalises by the peak or the RMS amplitude, leaving silence alone', () => {
    expect(Array.from(normalizeMax(new Float32Array([1, -4, 2])))).toEqual([0.25, -1, 0.5]);
    expect(Array.from(normalizeRms(new Float32Array([3, -3, 3, -3])))).toEqual([1, -1, 1, -1]);
    expect(Array.from(normalizeMax(new Float32Array(3)))).toEqual([0, 0, 0]);
  });
});
