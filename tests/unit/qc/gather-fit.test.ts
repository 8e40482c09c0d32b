import { describe, expect, it } from 'vitest';
import { fitGather, predictSide, type GatherPick } from '../../../src-main/qc/gather-fit';
import { firstArrival, type LayerModel } from './helpers/refraction-simulator';

const DIPPING: LayerModel = { velocities: [500, 2200], thicknesses: [5], dipDegrees: 6 };

function gather(model: LayerModel, source: number, receivers: number[]): GatherPick[] {
  return receivers.map((r) => ({
    id: `r${r}`,
    offset: r - source,
    time: firstArrival(model, source, r),
  }));
}

describe('fitGather', () => {
  it('fits each side of the source on its own: updip and downdip velocities differ', () => {
    const picks = gather(
      DIPPING,
      46,
      Array.from({ length: 48 }, (_, i) => 2 * i),
    );
    const fit = fitGather(picks);
    const [negative, positive] = fit.sides;
    expect(negative!.side).toBe('negative');
    expect(positive!.side).toBe('positive');
    if (negative!.model !== 'branches' || positive!.model !== 'branches')
      throw new Error('branches expected');
    // Apparent refractor velocity v1 / sin(θc ∓ dip): faster updip (towards smaller x).
    const critical = Math.asin(500 / 2200);
    const dip = (6 * Math.PI) / 180;
    expect(1 / negative!.branches.slopes[1]!).toBeCloseTo(500 / Math.sin(critical - dip), 1);
    expect(1 / positive!.branches.slopes[1]!).toBeCloseTo(500 / Math.sin(critical + dip), 1);
    for (const p of fit.picks) expect(Math.abs(p.residual!)).toBeLessThan(1e-9);
  });

  it('judges the pick at the source against the better-populated side, but fits it on both', () => {
    const picks = gather(
      { velocities: [400, 1800], thicknesses: [6] },
      20,
      Array.from({ length: 48 }, (_, i) => 2 * i),
    );
    const fit = fitGather(picks);
    const atSource = fit.picks.find((p) => p.offset === 0)!;
    expect(atSource.side).toBe('positive');
    expect(fit.sides.map((s) => s.count)).toEqual([11, 38]);
  });

  it('predicts a time for a missing pick and leaves its residual empty', () => {
    const picks = gather(
      { velocities: [400, 1800], thicknesses: [6] },
      0,
      Array.from({ length: 30 }, (_, i) => 2 * i),
    );
    picks[10] = { ...picks[10]!, time: null };
    const fit = fitGather(picks);
    const missing = fit.picks[10]!;
    expect(missing.residual).toBeNull();
    expect(missing.predicted).toBeCloseTo(
      firstArrival({ velocities: [400, 1800], thicknesses: [6] }, 0, 20),
      9,
    );
  });

  it('leaves a side without enough picks unfitted', () => {
    const picks = gather({ velocities: [1000], thicknesses: [] }, 5, [0, 2, 10, 20, 30, 40]);
    const fit = fitGather(picks);
    expect(fit.sides.map((s) => s.side)).toEqual(['positive']);
    expect(fit.picks.filter((p) => p.side === 'negative').every((p) => p.predicted === null)).toBe(
      true,
    );
  });

  it("fits the report's log-offset variant when asked", () => {
    const picks = Array.from({ length: 40 }, (_, i) => ({
      id: i,
      offset: 2 * (i - 20),
      time: i === 20 ? 0 : 0.004 + 0.015 * Math.log(Math.abs(2 * (i - 20))),
    }));
    const fit = fitGather(picks, { model: 'log-offset' });
    expect(fit.sides).toHaveLength(2);
    for (const side of fit.sides) {
      expect(side.model).toBe('log-offset');
      expect(predictSide(side, 10)).toBeCloseTo(0.004 + 0.015 * Math.log(10), 9);
    }
    expect(fit.picks[20]!.predicted).toBeNull();
  });
});
