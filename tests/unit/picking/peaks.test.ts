import { describe, expect, it } from 'vitest';
import { detectPeaks, pickPhases } from '../../../src-main/picking/peaks';

const f = (values: number[]) => Float64Array.from(values);

describe('detectPeaks: the examples of the report, section 5.2.2', () => {
  // The report's figures are not in its text; these data satisfy every fact it states:
  // peaks at 1, 3, 8 and 11, the largest (7) at 8, the one at 3 of height 2 beside a 1 at 4.
  const x = f([0, 1, 0, 2, 1, 3, 4, 5, 7, 5, 3, 4, 0]);

  it('detects all peaks by default (figure 9)', () => {
    expect(detectPeaks(x)).toEqual([1, 3, 8, 11]);
  });

  it('mph = 6 keeps only the peak at 8 (figure 10)', () => {
    expect(detectPeaks(x, { mph: 6 })).toEqual([8]);
  });

  it('mpd = 3: the peak at 8 removes 11 (distance 3 is not more than 3); 3 stays, 1 goes (figure 11)', () => {
    expect(detectPeaks(x, { mpd: 3 })).toEqual([3, 8]);
  });

  it('threshold = 2 drops the peak at 3, only 1 above its neighbour at 4 (figure 12)', () => {
    expect(detectPeaks(x, { threshold: 2 })).not.toContain(3);
    expect(detectPeaks(x, { threshold: 2 })).toEqual([8]);
  });
});

describe('detectPeaks: the semantics of detect_peaks', () => {
  it('mpd visits peaks from the highest down', () => {
    expect(detectPeaks(f([0, 1, 0, 2, 0, 3, 0, 2, 0, 1, 0]), { mpd: 2 })).toEqual([1, 5, 9]);
  });

  it('takes the first, last or both samples of a flat top, none with edge null', () => {
    const flat = f([0, 1, 1, 0, 1, 1, 0]);
    expect(detectPeaks(flat)).toEqual([1, 4]);
    expect(detectPeaks(flat, { edge: 'falling' })).toEqual([2, 5]);
    expect(detectPeaks(flat, { edge: 'both' })).toEqual([1, 2, 4, 5]);
    expect(detectPeaks(flat, { edge: null })).toEqual([]);
    // The original's rising edge also fires on a step that climbs again later.
    expect(detectPeaks(f([0, 1, 1, 2, 0]))).toEqual([1, 3]);
  });

  it('threshold compares with both immediate neighbours', () => {
    expect(detectPeaks(f([-2, 1, -2, 2, 1, 1, 3, 0]), { threshold: 2 })).toEqual([1, 6]);
  });

  it('never puts a peak on or next to a NaN, nor on the first or last sample', () => {
    expect(detectPeaks(f([0, 1, NaN, 2, 0, 5, 1, 0, 3, 0]))).toEqual([5, 8]);
    expect(detectPeaks(f([5, 1, 0, 1, 5]))).toEqual([]);
    expect(detectPeaks(f([1, 2]))).toEqual([]);
  });

  it('finds valleys, with mph in data units: valleys at or below it', () => {
    expect(detectPeaks(f([0, -1, 0, -3, 0]), { valley: true })).toEqual([1, 3]);
    expect(detectPeaks(f([0, -1, 0, -3, 0]), { valley: true, mph: -2 })).toEqual([3]);
    expect(detectPeaks(f([0, -1, 0, -3, 0]), { valley: true, mph: 2 })).toEqual([1, 3]);
  });

  it('kpsh keeps equal peaks closer than mpd; without it the later of a tie wins', () => {
    const twins = f([0, 2, 0, 2, 0, 1, 0]);
    expect(detectPeaks(twins, { mpd: 2 })).toEqual([3]);
    expect(detectPeaks(twins, { mpd: 2, kpsh: true })).toEqual([1, 3]);
  });
});

describe('pickPhases', () => {
  const dt = 0.01;
  const gaussian = (n: number, bumps: { at: number; height: number; sigma: number }[]) =>
    Float32Array.from({ length: n }, (_, i) =>
      bumps.reduce((v, b) => v + b.height * Math.exp(-((i - b.at) ** 2) / (2 * b.sigma ** 2)), 0),
    );

  it('turns a Gaussian peak into a pick whose uncertainty is its σ in seconds', () => {
    const prob = gaussian(600, [{ at: 300, height: 0.9, sigma: 10 }]);
    const [pick, ...rest] = pickPhases(prob, dt, -1);
    expect(rest).toHaveLength(0);
    expect(pick!.index).toBe(300);
    expect(pick!.time).toBeCloseTo(2, 12);
    expect(pick!.probability).toBeCloseTo(0.9, 6);
    expect(pick!.uncertainty).toBeCloseTo(0.1, 3);
  });

  it('mode all, first or max; nothing below the threshold', () => {
    const prob = gaussian(700, [
      { at: 100, height: 0.6, sigma: 5 },
      { at: 300, height: 0.9, sigma: 5 },
      { at: 500, height: 0.2, sigma: 5 },
    ]);
    expect(pickPhases(prob, dt, 0).map((p) => p.index)).toEqual([100, 300]);
    expect(pickPhases(prob, dt, 0, { mode: 'first' }).map((p) => p.index)).toEqual([100]);
    expect(pickPhases(prob, dt, 0, { mode: 'max' }).map((p) => p.index)).toEqual([300]);
    expect(pickPhases(prob, dt, 0, { threshold: 0.1 }).map((p) => p.index)).toEqual([
      100, 300, 500,
    ]);
    expect(pickPhases(prob, dt, 0, { threshold: 0.95 })).toEqual([]);
  });

  it('keeps only the higher of two peaks closer than minDistance', () => {
    const prob = gaussian(400, [
      { at: 100, height: 0.5, sigma: 3 },
      { at: 130, height: 0.8, sigma: 3 },
    ]);
    expect(pickPhases(prob, dt, 0).map((p) => p.index)).toEqual([130]);
    expect(pickPhases(prob, dt, 0, { minDistance: 20 }).map((p) => p.index)).toEqual([100, 130]);
  });

  it('uses one side when the other never falls to half, and gives null when neither does', () => {
    const oneSided = Float32Array.from([0.6, 0.9, 0.5, 0.3, 0.1]);
    // Right side: 0.45 is crossed between 0.5 (index 2) and 0.3 (index 3): 1.25 samples.
    expect(pickPhases(oneSided, dt, 0, { minDistance: 1 })[0]!.uncertainty).toBeCloseTo(
      (1.25 * dt) / Math.sqrt(2 * Math.LN2),
      8,
    );
    const flat = Float32Array.from([0.6, 0.9, 0.8, 0.8, 0.8]);
    expect(pickPhases(flat, dt, 0, { minDistance: 1 })[0]!.uncertainty).toBeNull();
  });
});
