import { describe, expect, it } from 'vitest';
import { InversionError } from '../../../src-main/inversion/errors';
import { withHiddenLayer } from '../../../src-main/inversion/hidden-layer';
import { timeTerms } from '../../../src-main/inversion/time-terms';
import type { VelocityModel } from '../../../src-main/training/synth/velocity-model';
import { rayPicks } from './helpers/ray-picks';
import { layer } from './model-layer';

/**
 * 1.5 m of dry ground (450 / 230 m/s) over 2 m saturated (1,600 / 230) over bedrock
 * (3,400 / 1,700): the saturated layer's P head wave is the first arrival at two or three
 * receivers a side, so P time-terms alone see dry ground over bedrock, too shallow.
 */
const SATURATED: VelocityModel = {
  layers: [layer(450, 230, 'dry'), layer(1600, 230, 'saturated'), layer(3400, 1700, 'bedrock')],
  interfaces: [
    { depth: 1.5, slope: 0, kind: 'water-table' },
    { depth: 3.5, slope: 0, kind: 'geology' },
  ],
  extent: [-10, 110],
};
/** The same ground dry: P and S see one refractor. */
const DRY: VelocityModel = {
  ...SATURATED,
  layers: [layer(450, 230, 'dry'), layer(3400, 1700, 'bedrock')],
  interfaces: [{ depth: 3.5, slope: 0, kind: 'geology' }],
};
const RECEIVERS = Array.from({ length: 48 }, (_, i) => i * 2 + 1);
const SHOTS = [-2, 0, 24, 48, 72, 96];

const picks = (model: VelocityModel, wave: 'P' | 'S') =>
  rayPicks(model, wave, { receivers: RECEIVERS, shots: SHOTS, seed: 11 });

const median = (v: number[]) => [...v].sort((a, b) => a - b)[v.length >> 1]!;

describe('a layer hidden from P, placed with the S bedrock', () => {
  const p = picks(SATURATED, 'P');
  const plain = timeTerms(p);
  const bedrock = timeTerms(picks(SATURATED, 'S')).interfaces.at(-1)!.points;

  it('is missed by the P picks alone: dry ground over bedrock, too shallow', () => {
    expect(plain.layers).toHaveLength(2);
    expect(median(plain.interfaces[0]!.points.map((q) => -q.z))).toBeLessThan(2.6);
    expect(median(bedrock.map((q) => -q.z))).toBeCloseTo(3.5, 0);
  });

  it('is placed between the dry ground and the S bedrock, at about its speed', () => {
    const placed = withHiddenLayer(p, plain, bedrock);
    expect(placed.hidden.layer).toBe(2);
    expect(placed.layers.map((l) => l.layer)).toEqual([1, 2, 3]);
    // Measured 1,366 m/s from the two picks its head wave is first at: weakly resolved.
    expect(placed.hidden.velocity).toBeGreaterThan(1200);
    expect(placed.hidden.velocity).toBeLessThan(2000);
    // The bedrock's P speed stays the P picks' own.
    expect(placed.layers[2]!.velocity).toBe(plain.layers[1]!.velocity);
    const water = median(placed.interfaces[0]!.points.map((q) => -q.z));
    const rock = median(placed.interfaces[1]!.points.map((q) => -q.z));
    // Measured: the water table 1.74 m deep (1.5), the bedrock 3.54 m (3.5; 2.34 from P alone).
    expect(water).toBeGreaterThan(1.1);
    expect(water).toBeLessThan(1.9);
    expect(rock).toBeCloseTo(3.5, 0);
    // Every station has both interfaces, the water table above the bedrock.
    placed.stations.forEach((s) => {
      expect(s.depths[0]).toBeLessThanOrEqual(s.depths[1]!);
      expect(s.delays).toHaveLength(2);
    });
    // Its head wave is the first arrival of the few picks that see it, and the fit is as
    // good as the picks (σ 0.5 ms).
    expect(placed.layers[1]!.picks).toBeGreaterThan(0);
    expect(placed.chi2).toBeLessThan(1.5);
    expect(placed.modelled).toHaveLength(p.length);
  });

  it('is not placed where P and S see one refractor', () => {
    const dry = picks(DRY, 'P');
    const dryBedrock = timeTerms(picks(DRY, 'S')).interfaces.at(-1)!.points;
    expect(() => withHiddenLayer(dry, timeTerms(dry), dryBedrock)).toThrow(
      /is not below the deepest P refractor .*nothing is hidden between them/,
    );
  });

  it('needs a bedrock to place it over', () => {
    expect(() => withHiddenLayer(p, plain, [])).toThrow(InversionError);
  });
});
