import { describe, expect, it } from 'vitest';
import {
  reciprocalPairs,
  summariseReciprocity,
  timeAtPosition,
  type ShotGather,
} from '../../../src-main/qc/reciprocity';
import { firstArrival, type LayerModel } from './helpers/refraction-simulator';

const RECEIVERS = Array.from({ length: 48 }, (_, i) => 2 * i);
const DIPPING: LayerModel = { velocities: [500, 2200], thicknesses: [5], dipDegrees: 6 };

function shots(
  model: LayerModel,
  sources: number[],
  delays: Record<number, number> = {},
): ShotGather[] {
  return sources.map((source) => ({
    source,
    picks: RECEIVERS.map((receiver) => ({
      id: `${source}>${receiver}`,
      receiver,
      time: firstArrival(model, source, receiver) + (delays[source] ?? 0),
    })),
  }));
}

describe('reciprocalPairs', () => {
  it('finds every pair of shots on receivers, reciprocal to rounding over a dipping layer', () => {
    const pairs = reciprocalPairs(shots(DIPPING, [0, 20, 46, 94]));
    expect(pairs.map((p) => [p.a, p.b])).toEqual([
      [0, 20],
      [0, 46],
      [0, 94],
      [20, 46],
      [20, 94],
      [46, 94],
    ]);
    for (const p of pairs) {
      expect(Math.abs(p.difference)).toBeLessThan(1e-12);
      expect(p.flagged).toBe(false);
      expect(p.forward.pickIds).toEqual([`${p.a}>${p.b}`]);
      expect(p.reverse.pickIds).toEqual([`${p.b}>${p.a}`]);
    }
  });

  it('shows a trigger delay of one shot as differences of that size, flagged above the threshold', () => {
    const pairs = reciprocalPairs(shots(DIPPING, [0, 20, 46, 94], { 46: 0.002 }));
    const withDelayedShot = pairs.filter((p) => p.a === 46 || p.b === 46);
    expect(withDelayedShot).toHaveLength(3);
    for (const p of withDelayedShot) {
      // 46 is the reverse shot of (0, 46) and (20, 46), the forward one of (46, 94).
      expect(p.difference).toBeCloseTo(p.a === 46 ? 0.002 : -0.002, 12);
      expect(p.flagged).toBe(true);
    }
    expect(pairs.filter((p) => p.flagged)).toHaveLength(3);
    const summary = summariseReciprocity(pairs);
    expect(summary).toMatchObject({ count: 6, flagged: 3 });
    expect(summary.medianAbs).toBeCloseTo(0.001, 12);
    expect(summary.maxAbs).toBeCloseTo(0.002, 12);
    expect(summary.meanDifference).toBeCloseTo((-0.002 - 0.002 + 0.002) / 6, 12);
    expect(
      reciprocalPairs(shots(DIPPING, [0, 20, 46, 94], { 46: 0.002 }), { threshold: 0.0025 }).some(
        (p) => p.flagged,
      ),
    ).toBe(false);
  });

  it('reads times at shots between receivers off the bracketing picks, within the tolerance', () => {
    const gathers = shots(DIPPING, [23, 71]);
    expect(reciprocalPairs(gathers, { positionTolerance: 0.5 })).toEqual([]);
    const [pair] = reciprocalPairs(gathers, { positionTolerance: 1 });
    expect(pair!.forward.pickIds).toHaveLength(2);
    expect(pair!.forward.pickIds).toEqual(expect.arrayContaining(['23>70', '23>72']));
    // Both receivers lie on the head-wave branch, so the interpolation is exact.
    expect(Math.abs(pair!.difference)).toBeLessThan(1e-12);
  });

  it('extrapolates past the end of the spread from the two nearest receivers on that side', () => {
    const gathers = shots({ velocities: [400, 1800], thicknesses: [6] }, [-1, 46]);
    const [pair] = reciprocalPairs(gathers, { positionTolerance: 1 });
    expect(pair!.reverse.pickIds).toEqual(['46>0', '46>2']);
    expect(Math.abs(pair!.difference)).toBeLessThan(1e-12);
  });

  it('never pairs two shots at one position, nor reads a time across the source', () => {
    expect(reciprocalPairs(shots(DIPPING, [20, 20]))).toEqual([]);
    const [gather] = shots(DIPPING, [20]);
    // Receivers on the far side of the source do not stand in for a position on this side.
    const positive = { ...gather!, picks: gather!.picks.filter((p) => p.receiver > 20) };
    expect(timeAtPosition(positive, 10, 1)).toBeNull();
    expect(timeAtPosition(positive, 30, 1)!.pickIds).toEqual(['20>30']);
  });

  it('summarises no pairs as nothing', () => {
    expect(summariseReciprocity([])).toEqual({
      count: 0,
      flagged: 0,
      medianAbs: null,
      p90Abs: null,
      maxAbs: null,
      meanDifference: null,
    });
  });
});
