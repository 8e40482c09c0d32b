import { describe, expect, it } from 'vitest';
import { flagGather, phaseOrderViolations } from '../../../src-main/qc/anomaly-flags';
import { fitGather, type GatherPick } from '../../../src-main/qc/gather-fit';
import { seededRandom } from '../../../src-main/qc/seeded-random';
import { firstArrival, gaussian } from './helpers/refraction-simulator';

const DT = 0.00025;
const MODEL = { velocities: [400, 1800], thicknesses: [6] };

/** Picks rounded to the sample grid, plus Gaussian noise of `noise` samples. */
function gather(seed: number, noise: number): GatherPick[] {
  const normal = gaussian(seededRandom(seed));
  return Array.from({ length: 48 }, (_, i) => ({
    id: i,
    offset: 2 * i - 46,
    time: Math.round((firstArrival(MODEL, 46, 2 * i) + noise * DT * normal()) / DT) * DT,
  }));
}

describe('flagGather', () => {
  it('flags residuals beyond k robust standard deviations of their side, and missing picks', () => {
    // Rounding to the sample grid alone: the smallest threshold, no chance false alarm.
    const picks = gather(4, 0);
    picks[5] = { ...picks[5]!, time: picks[5]!.time! + 8 * DT };
    picks[30] = { ...picks[30]!, time: picks[30]!.time! - 20 * DT };
    picks[40] = { ...picks[40]!, time: null };
    const flagged = flagGather(fitGather(picks));
    const withFlags = flagged.filter((p) => p.flags.length > 0);
    expect(withFlags.map((p) => [p.id, p.flags])).toEqual([
      [5, ['residual']],
      [30, ['residual']],
      [40, ['missing']],
    ]);
  });

  it('moves the residual threshold with k', () => {
    const picks = gather(4, 0.5);
    picks[5] = { ...picks[5]!, time: picks[5]!.time! + 8 * DT };
    const fit = fitGather(picks);
    const side = fit.sides.find((s) => s.side === 'negative')!;
    const residual = fit.picks[5]!.residual!;
    const k = Math.abs(residual) / side.scale;
    expect(flagGather(fit, { k: k * 0.99 })[5]!.flags).toEqual(['residual']);
    expect(flagGather(fit, { k: k * 1.01 })[5]!.flags).toEqual([]);
  });

  it('flags every pick of a branch with an implausible apparent velocity', () => {
    // Times that fall with distance: no wave travels backwards.
    const picks = Array.from({ length: 12 }, (_, i) => ({
      id: i,
      offset: 2 + 2 * i,
      time: 0.05 - 0.001 * i,
    }));
    expect(flagGather(fitGather(picks)).every((p) => p.flags.includes('velocity'))).toBe(true);
    // 5000 m/s passes the default bounds, not tighter ones.
    const fast = picks.map((p) => ({ ...p, time: p.offset / 5000 }));
    expect(flagGather(fitGather(fast)).some((p) => p.flags.length > 0)).toBe(false);
    expect(
      flagGather(fitGather(fast), { velocityBounds: { min: 100, max: 4000 } }).every((p) =>
        p.flags.includes('velocity'),
      ),
    ).toBe(true);
  });
});

describe('phase order', () => {
  it('finds the traces whose S pick comes before their P pick', () => {
    const traces = [
      { trace: 'a', p: 0.01, s: 0.02 },
      { trace: 'b', p: 0.03, s: 0.025 },
      { trace: 'c', p: null, s: 0.01 },
      { trace: 'd', p: 0.02, s: 0.0199 },
      { trace: 'e', p: 0, s: 0 },
    ];
    expect(phaseOrderViolations(traces).map((t) => t.trace)).toEqual(['b', 'd']);
    expect(phaseOrderViolations(traces, 0.001).map((t) => t.trace)).toEqual(['b']);
  });

  it('flags the picks it is given as out of order', () => {
    const picks = gather(4, 0);
    const flagged = flagGather(fitGather(picks), { phaseOrder: new Set([7, 9]) });
    expect(flagged.filter((p) => p.flags.length > 0).map((p) => [p.id, p.flags])).toEqual([
      [7, ['phase-order']],
      [9, ['phase-order']],
    ]);
  });
});
