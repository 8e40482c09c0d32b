import { describe, expect, it } from 'vitest';
import { flagGather } from '../../../src-main/qc/anomaly-flags';
import { fitGather, type GatherPick } from '../../../src-main/qc/gather-fit';
import { correctFlaggedPicks } from '../../../src-main/qc/svr-correction';
import { firstArrival } from './helpers/refraction-simulator';

const DT = 0.00025;
const MODEL = { velocities: [400, 1800], thicknesses: [6] };
const RECEIVERS = Array.from({ length: 48 }, (_, i) => 2 * i);

/**
 * A shot at 0 over plane layers, plus 0.3 ms of delay centred on 60 m (a low-velocity pocket
 * under a few receivers) that no straight branch follows, too small to flag.
 */
const truth = (x: number) => firstArrival(MODEL, 0, x) + 0.0003 * Math.exp(-(((x - 60) / 8) ** 2));
const onGrid = (t: number) => Math.round(t / DT) * DT;

function picks(): GatherPick[] {
  return RECEIVERS.map((x) => ({ id: x, offset: x, time: onGrid(truth(x)) }));
}

function qc(gather: GatherPick[], options: Parameters<typeof correctFlaggedPicks>[2] = {}) {
  const fit = fitGather(gather);
  const flagged = flagGather(fit);
  return { fit, flagged, corrections: correctFlaggedPicks(flagged, fit, options) };
}

describe('correctFlaggedPicks', () => {
  it('puts a displaced pick and a missing one back on the smooth trend of their neighbours', () => {
    const gather = picks();
    gather[30] = { ...gather[30]!, time: gather[30]!.time! + 30 * DT }; // 60 m, in the pocket
    gather[10] = { ...gather[10]!, time: null };
    const { fit, corrections } = qc(gather);
    expect(corrections.map((c) => c.id)).toEqual([20, 60]);
    const at60 = corrections.find((c) => c.id === 60)!;
    expect(at60.original).toBe(gather[30]!.time);
    expect(Math.abs(at60.corrected - truth(60))).toBeLessThan(2 * DT);
    // The branch fit alone misses the pocket by more than the SVR correction does.
    const fitted = fit.picks[30]!.predicted!;
    expect(Math.abs(fitted - truth(60))).toBeGreaterThan(Math.abs(at60.corrected - truth(60)));
    const at20 = corrections.find((c) => c.id === 20)!;
    expect(at20.original).toBeNull();
    expect(Math.abs(at20.corrected - truth(20))).toBeLessThan(DT);
  });

  it("learns the times themselves with trend 'none', as the report does", () => {
    const gather = picks();
    gather[30] = { ...gather[30]!, time: gather[30]!.time! - 25 * DT };
    const { corrections } = qc(gather, { trend: 'none' });
    expect(corrections).toHaveLength(1);
    expect(Math.abs(corrections[0]!.corrected - truth(60))).toBeLessThan(2 * DT);
  });

  it('corrects only the flags it is told to', () => {
    const gather = picks();
    gather[10] = { ...gather[10]!, time: null };
    expect(qc(gather, { correct: ['residual'] }).corrections).toEqual([]);
  });

  it('leaves a side with too few unflagged picks alone', () => {
    const gather = picks().slice(0, 5);
    gather[3] = { ...gather[3]!, time: gather[3]!.time! + 40 * DT };
    const { flagged, corrections } = qc(gather);
    expect(flagged[3]!.flags).toContain('residual');
    expect(corrections).toEqual([]);
  });
});
