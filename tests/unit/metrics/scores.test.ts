import { describe, expect, it } from 'vitest';
import { scorePicks, type KeyedTime } from '../../../src-main/metrics/scores';

const P = (trace: number, time: number | null, file = 'a.dat'): KeyedTime => ({
  file,
  trace,
  phase: 'P',
  time,
});

describe('scorePicks', () => {
  it("reproduces the report's worked example: 142 labels, 144 picks, 134 within tolerance", () => {
    // 154 seismograms. Traces 0-141 have a P label. Picks: 0-133 within 0.1 s (134), 134-137
    // 0.3 s off (4), none on 138-141, and 6 on unlabelled traces 142-147; 148-153 are quiet.
    const reference = Array.from({ length: 154 }, (_, i) => P(i, i < 142 ? 10 : null));
    const predicted = [
      ...Array.from({ length: 134 }, (_, i) => P(i, 10.05)),
      ...Array.from({ length: 4 }, (_, i) => P(134 + i, 10.3)),
      ...Array.from({ length: 6 }, (_, i) => P(142 + i, 3)),
    ];
    const [s, ...rest] = scorePicks(predicted, reference, { tolerance: 0.1 });
    expect(rest).toHaveLength(0);
    expect(s).toMatchObject({ phase: 'P', labels: 142, picks: 144, tp: 134, fp: 10, fn: 8, tn: 6 });
    expect(s).toMatchObject({ missed: 4, mislocated: 4, spurious: 6 });
    expect(s!.precision).toBe(134 / 144);
    expect(s!.recall).toBe(134 / 142);
    expect(s!.f1).toBeCloseTo((2 * (134 / 144) * (134 / 142)) / (134 / 144 + 134 / 142), 15);
    expect(s!.residual!.mean).toBeCloseTo(0.05, 12);
    expect(s!.residual!.std).toBeCloseTo(0, 12);
  });

  it('matches the nearest of several picks for a key and counts the others as FP', () => {
    const reference = [P(0, 1.0), P(1, 2.0)];
    const predicted = [P(0, 1.02), P(0, 0.99), P(0, 1.5), P(1, 2.03)];
    const [s] = scorePicks(predicted, reference, {
      tolerance: 0.05,
      sampleInterval: 0.01,
      withinSamples: [1, 3],
      withinMs: [20],
    });
    expect(s).toMatchObject({ tp: 2, fp: 2, fn: 0, tn: 0, labels: 2, picks: 4 });
    // TP residuals −0.01 and +0.03: mean 0.01, population std 0.02, MAE 0.02.
    expect(s!.residual!.mean).toBeCloseTo(0.01, 12);
    expect(s!.residual!.std).toBeCloseTo(0.02, 12);
    expect(s!.residual!.mae).toBeCloseTo(0.02, 12);
    // 0.99 − 1.0 is −0.01000…0009 in binary: still within one sample.
    expect(s!.withinSamples).toEqual([
      { limit: 1, count: 1, share: 0.5 },
      { limit: 3, count: 2, share: 1 },
    ]);
    expect(s!.withinMs).toEqual([{ limit: 20, count: 1, share: 0.5 }]);
  });

  it('uses a strict "less than" for the tolerance, per phase, and keys by file too', () => {
    const reference = [P(0, 1), { file: 'a.dat', trace: 0, phase: 'S' as const, time: 2 }];
    const predicted = [
      P(0, 1.25),
      P(0, 1, 'b.dat'),
      { file: 'a.dat', trace: 0, phase: 'S' as const, time: 2.1 },
    ];
    const [p, s] = scorePicks(predicted, reference, { tolerance: 0.25 });
    expect(p).toMatchObject({ phase: 'P', tp: 0, fp: 2, fn: 1, mislocated: 1, spurious: 1 });
    expect(p!.residual).toBeNull();
    expect(p!.precision).toBe(0);
    expect(p!.f1).toBe(0);
    expect(s).toMatchObject({ phase: 'S', tp: 1, fp: 0, fn: 0 });
    expect(s!.withinSamples).toEqual([]);
  });

  it('gives null ratios without denominators and counts examined-but-empty keys as TN', () => {
    const [s] = scorePicks([P(0, null)], [P(0, null), P(1, null)], { tolerance: 0.1 });
    expect(s).toMatchObject({
      tp: 0,
      fp: 0,
      fn: 0,
      tn: 2,
      precision: null,
      recall: null,
      f1: null,
    });
    expect(s!.withinMs.every((w) => w.share === null)).toBe(true);
  });

  it('refuses a duplicated reference key and a tolerance that is not positive', () => {
    expect(() => scorePicks([], [P(3, 1), P(3, 2)], { tolerance: 0.1 })).toThrow(
      /two rows for file a.dat, trace 3, phase P/,
    );
    expect(() => scorePicks([], [], { tolerance: 0 })).toThrow(/tolerance/);
  });
});
