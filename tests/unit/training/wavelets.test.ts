import { describe, expect, it } from 'vitest';
import {
  attenuate,
  waveletDuration,
  waveletValue,
  type WaveletKind,
} from '../../../src-main/training/synth/wavelets';

/** |spectrum| of the wavelet at f, by direct summation on a fine grid. */
function spectrum(kind: WaveletKind, f0: number, f: number): number {
  const dt = 1e-5;
  let re = 0;
  let im = 0;
  for (let t = 0; t < waveletDuration(kind, f0); t += dt) {
    const v = waveletValue(kind, f0, t);
    re += v * Math.cos(2 * Math.PI * f * t);
    im += v * Math.sin(2 * Math.PI * f * t);
  }
  return Math.hypot(re, im);
}

describe('wavelets', () => {
  for (const kind of ['ricker', 'minimum-phase'] as const) {
    it(`${kind}: starts at its onset, peaks at 1, and its spectrum peaks at the frequency`, () => {
      const f = 80;
      const duration = waveletDuration(kind, f);
      expect(waveletValue(kind, f, -1e-4)).toBe(0);
      expect(waveletValue(kind, f, 0)).toBe(0);
      expect(waveletValue(kind, f, duration + 1e-6)).toBe(0);
      let peak = 0;
      let firstVisible = Infinity;
      for (let t = 0; t < duration; t += 1e-6) {
        const v = Math.abs(waveletValue(kind, f, t));
        peak = Math.max(peak, v);
        if (v >= 0.01 && firstVisible === Infinity) firstVisible = t;
      }
      expect(peak).toBeCloseTo(1, 4);
      // Visible (1 % of the peak) within a tenth of a period of the onset: the label.
      expect(firstVisible).toBeLessThan(0.1 / f);
      const freqs = Array.from({ length: 121 }, (_, i) => 20 + i);
      const amps = freqs.map((x) => spectrum(kind, f, x));
      expect(Math.abs(freqs[amps.indexOf(Math.max(...amps))]! - f)).toBeLessThanOrEqual(3);
      // Scaling: the same shape at twice the frequency, in half the time.
      expect(waveletValue(kind, 2 * f, 0.3 / (2 * f))).toBeCloseTo(
        waveletValue(kind, f, 0.3 / f),
        12,
      );
    });
  }

  it('attenuation lowers frequency and amplitude monotonically with t*', () => {
    expect(attenuate(100, 0)).toEqual({ frequency: 100, gain: 1 });
    let last = attenuate(100, 0);
    for (const tStar of [0.0005, 0.001, 0.003, 0.01, 0.05]) {
      const next = attenuate(100, tStar);
      expect(next.frequency).toBeLessThan(last.frequency + 1e-12);
      expect(next.gain).toBeLessThan(last.gain);
      expect(next.frequency).toBeGreaterThanOrEqual(25);
      last = next;
    }
    // Small t*: centroid shift pi t* sigma^2 with sigma = f/2.
    expect(attenuate(100, 0.001).frequency).toBeCloseTo(100 - Math.PI * 0.001 * 2500, 10);
  });
});
