import { describe, expect, it } from 'vitest';
import {
  interfaceDepthErrors,
  layerAt,
  relativeRms,
  sampleModel,
  saturationMarks,
} from '../../../src-main/metrics/section-accuracy';
import type { VelocityModel } from '../../../src-main/training/synth/velocity-model';
import { layer } from './model-layer';

/** Dry over saturated over bedrock, the bedrock dipping. */
const MODEL: VelocityModel = {
  layers: [layer(500, 250, 'dry'), layer(1700, 250, 'saturated'), layer(3000, 1500, 'bedrock')],
  interfaces: [
    { depth: 3, slope: 0, kind: 'water-table' },
    { depth: 8, slope: 0.05, kind: 'geology' },
  ],
  extent: [-20, 60],
};
const grid = (cell: number) => ({
  x: Float64Array.from({ length: Math.round(40 / cell) + 1 }, (_, i) => i * cell),
  z: Float64Array.from({ length: Math.round(20 / cell) + 1 }, (_, j) => -j * cell),
});

describe('a section against its layered model', () => {
  it('finds the layer under a point, interfaces belonging to the layer above', () => {
    expect([0, 3, 3.01, 8, 8.01].map((d) => layerAt(MODEL, 0, d))).toEqual([0, 0, 1, 1, 2]);
    expect(layerAt(MODEL, 20, 8.5)).toBe(1); // the bedrock is 9 m deep there
  });

  it('measures velocity and Vp/Vs errors relative to the model', () => {
    const g = grid(0.5);
    const truth = sampleModel(MODEL, g, (l) => l.vp);
    const all = () => true;
    expect(relativeRms(truth, truth, all)).toBe(0);
    expect(
      relativeRms(
        truth.map((v) => v * 1.1),
        truth,
        all,
      ),
    ).toBeCloseTo(0.1, 12);
    // Cells left out, or without a value, do not count.
    const half = truth.map((v, k) => (k % 2 ? NaN : v * 1.2));
    expect(relativeRms(half, truth, all)).toBeCloseTo(0.2, 12);
    expect(relativeRms(truth, truth, () => false)).toBeNaN();
  });

  it('reads refractor depths off the velocity columns', () => {
    const g = grid(0.5);
    const exact = { ...g, values: sampleModel(MODEL, g, (l) => l.vp) };
    const errors = interfaceDepthErrors(exact, MODEL, 'P', [0, 1], [0, 40]);
    // Nodes every 0.5 m: the crossing lies between the last node above and the first below.
    expect(errors[0]!).toBeLessThan(0.5 / 3);
    expect(errors[1]!).toBeLessThan(0.5 / 8);
    const deeper = {
      ...g,
      values: sampleModel(
        { ...MODEL, interfaces: [MODEL.interfaces[0]!, { ...MODEL.interfaces[1]!, depth: 10 }] },
        g,
        (l) => l.vp,
      ),
    };
    expect(interfaceDepthErrors(deeper, MODEL, 'P', [1], [0, 0])[0]).toBeCloseTo(0.25, 1);
    // A section that never reaches the bedrock's velocity misses it entirely.
    const slow = { ...g, values: exact.values.map((v) => Math.min(v, 2000)) };
    expect(interfaceDepthErrors(slow, MODEL, 'P', [1], [0, 40])[0]).toBe(1);
  });

  it('counts Vp/Vs ≥ 2.5 marks inside and outside where the model has it', () => {
    const g = grid(1);
    const truth = sampleModel(MODEL, g, (l) => l.vp / l.vs);
    expect(saturationMarks(truth, truth, () => true)).toEqual({ inside: 1, outside: 0 });
    const everywhere = truth.map(() => 3);
    expect(saturationMarks(everywhere, truth, () => true)).toEqual({ inside: 1, outside: 1 });
  });
});
