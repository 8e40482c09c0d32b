import { describe, expect, it } from 'vitest';
import { checkSynthOptions } from '../../../src-main/training/synth/options';
import { headWaveArrival } from '../../../src-main/training/synth/ray-times';
import { simulateSurvey } from '../../../src-main/training/synth/survey';
import type { Layer, VelocityModel } from '../../../src-main/training/synth/velocity-model';
import { receiverArrivals, renderParts } from '../../../src-main/training/synth/wavefield';
import { SMALL_SURVEY } from './synth-folder';

/**
 * Head waves that fade along their refractor (`pickline synth --head-decay A:B`): a pure head
 * wave loses amplitude with the distance it runs along the refractor, which leaves the far
 * channels' first break weak ahead of stronger later phases, as on field lines.
 */
const lossless = (vp: number): Layer => ({
  vp,
  vs: vp / 2,
  density: 1800,
  qp: 1e9,
  qs: 1e9,
  kind: 'dry',
});
// 600 m/s over 2,400 m/s from 5 m: critical angle asin(1/4).
const MODEL: VelocityModel = {
  layers: [lossless(600), { ...lossless(2400), kind: 'bedrock' }],
  interfaces: [{ depth: 5, slope: 0, kind: 'geology' }],
  extent: [-200, 200],
};

describe('head waves along their refractor', () => {
  it('know how far they ran along it', () => {
    const head = headWaveArrival(MODEL, 'P', 0, 0, 80)!;
    const tan = 0.25 / Math.sqrt(1 - 0.25 ** 2);
    expect(head.along).toBeCloseTo(80 - 2 * 5 * tan, 6);
  });

  it('fade as (1 + L / 10 m)^-decay, and not at all by default', () => {
    const survey = simulateSurvey({ ...SMALL_SURVEY, sWaves: false }, 3, 0);
    expect(survey.wavefield.signature.headDecay).toBeUndefined();
    const field = survey.wavefield;
    const a = receiverArrivals(MODEL, field, 0, 80);
    const dt = 1e-5;
    // The head wave arrives at 49.5 ms, the direct wave at 133 ms: the first 40 ms after it
    // hold the head wave alone.
    const headPeak = (decay: number) => {
      const withDecay = { ...field, signature: { ...field.signature, headDecay: [decay] } };
      const p = renderParts(MODEL, withDecay, a, 80, 0, 10_000, 0, dt).p;
      let peak = 0;
      for (let k = Math.floor(a.firstP / dt); k < Math.floor((a.firstP + 0.04) / dt); k++) {
        peak = Math.max(peak, Math.abs(p[k]!));
      }
      return peak;
    };
    const along = headWaveArrival(MODEL, 'P', 0, 0, 80)!.along!;
    expect(headPeak(1) / headPeak(0)).toBeCloseTo(1 / (1 + along / 10), 6);
    expect(headPeak(1.5) / headPeak(0)).toBeCloseTo((1 + along / 10) ** -1.5, 6);
  });

  it('are drawn per refractor from the range asked for, leaving other draws as they were', () => {
    const plain = simulateSurvey({ ...SMALL_SURVEY }, 5, 0);
    const faded = simulateSurvey({ ...SMALL_SURVEY, headDecay: { min: 0.5, max: 1 } }, 5, 0);
    for (const d of faded.wavefield.signature.headDecay!) {
      expect(d).toBeGreaterThanOrEqual(0.5);
      expect(d).toBeLessThanOrEqual(1);
    }
    expect(faded.model).toEqual(plain.model);
    expect(faded.wavefield.signature.headStrength).toEqual(plain.wavefield.signature.headStrength);
    expect(() => checkSynthOptions({ ...SMALL_SURVEY, headDecay: { min: 0, max: 4 } })).toThrow(
      /head-wave decay/,
    );
  });
});
