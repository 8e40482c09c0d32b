import { describe, expect, it } from 'vitest';
import { aicCurve, aicPick, staLtaAicPick } from '../../../src-main/picking/classical/aic';
import { merPick } from '../../../src-main/picking/classical/mer';
import {
  staLtaPick,
  staLtaRatio,
  staLtaTriggers,
} from '../../../src-main/picking/classical/stalta';

/** Deterministic noise (a linear congruential generator), uniform in [-amp, amp]. */
function noise(n: number, amp: number, seed = 12345): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return amp * (2 * (s / 2 ** 31) - 1);
  });
}

/** A 4 kHz trace: noise, then a 150 Hz decaying wavelet from sample `onset`, starting at zero. */
function shot(onset: number, n = 2000, snr = 50): Float32Array {
  const x = noise(n, 1 / snr);
  for (let i = onset; i < n; i++) {
    const t = (i - onset) / 4000;
    x[i] = x[i]! + Math.sin(2 * Math.PI * 150 * t) * Math.exp(-t / 0.02);
  }
  return x;
}

const dt = 1 / 4000;

describe('classical first-arrival pickers on a synthetic hammer shot', () => {
  const onset = 600;
  const x = shot(onset);

  it('STA/LTA triggers on the arrival, within the short window after it', () => {
    const pick = staLtaPick(x, dt, 0)!;
    expect(pick.index).toBeGreaterThanOrEqual(onset);
    expect(pick.index).toBeLessThanOrEqual(onset + 4); // STA = 1 ms = 4 samples
    expect(pick.time).toBeCloseTo(pick.index * dt, 12);
    expect(pick.ratio).toBeGreaterThanOrEqual(4);
  });

  it('AIC, alone and after STA/LTA, puts the onset within two samples', () => {
    expect(Math.abs(aicPick(x, dt, 0)!.index - onset)).toBeLessThanOrEqual(2);
    const combined = staLtaAicPick(x, dt, -0.01)!;
    expect(Math.abs(combined.index - onset)).toBeLessThanOrEqual(2);
    expect(combined.time).toBeCloseTo(-0.01 + combined.index * dt, 12);
  });

  it('MER peaks near the first large sample, within a quarter period of the onset', () => {
    const pick = merPick(x, dt, 0)!;
    expect(pick.index).toBeGreaterThanOrEqual(onset - 2);
    expect(pick.index).toBeLessThanOrEqual(onset + 7); // 150 Hz at 4 kHz: 6.7 samples
  });

  it('returns null when there is nothing to pick', () => {
    const quiet = noise(2000, 0.01);
    expect(staLtaPick(quiet, dt, 0)).toBeNull();
    expect(staLtaAicPick(quiet, dt, 0)).toBeNull();
    expect(merPick(new Float32Array(2000), dt, 0)).toBeNull();
    expect(aicPick(new Float32Array(3), dt, 0)).toBeNull();
  });

  it('AIC copes with zero padding: it stops at the first sample that is not silent', () => {
    // 250 zeros, then noise, then the wavelet at 300: log(0) must not make every split -Infinity.
    const padded = new Float32Array(500);
    padded.set(shot(50, 250), 250);
    expect(aicPick(padded, dt, 0)!.index).toBe(250);
    expect(aicCurve(padded, 0, 3).every((v) => v === Infinity)).toBe(true);
  });
});

describe('STA/LTA pieces', () => {
  it('is zero until the long window is full, then the ratio of mean energies', () => {
    const x = Float64Array.from([1, -1, 1, -1, 1, -1, 3, -3]);
    const r = staLtaRatio(x, 2, 4);
    expect(Array.from(r.subarray(0, 3))).toEqual([0, 0, 0]);
    expect(r[3]).toBeCloseTo(1, 12);
    expect(r[7]).toBeCloseTo(9 / 5, 12); // (9+9)/2 over (1+1+9+9)/4
  });

  it('reports on/off intervals with hysteresis, an open one at the end', () => {
    const r = Float64Array.from([0, 5, 3, 1, 0, 6, 6]);
    expect(staLtaTriggers(r, 4, 2)).toEqual([
      { on: 1, off: 3 },
      { on: 5, off: null },
    ]);
  });

  it('rejects windows that make no sense, naming them', () => {
    expect(() => staLtaPick(new Float32Array(100), dt, 0, { sta: 0.01, lta: 0.005 })).toThrow(
      /LTA .* must be longer than STA/,
    );
    expect(() => merPick(new Float32Array(100), dt, 0, { window: -1 })).toThrow(/MER window/);
  });
});
