import { describe, expect, it } from 'vitest';
import { residualHistogram } from '../../../src-main/metrics/residual-histogram';
import { scorePicks, type KeyedTime } from '../../../src-main/metrics/scores';

const row = (trace: number, time: number | null, phase: 'P' | 'S' = 'P'): KeyedTime => ({
  file: 'a',
  trace,
  phase,
  time,
});

describe('residual histogram', () => {
  it('bins the candidates within the tolerance, so the bars add up to the true positives', () => {
    const reference = [1, 2, 3, 4, 5, 6].map((t) => row(t, 0.1));
    const predicted = [
      row(1, 0.1 - 0.0049), // first bin
      row(2, 0.1), // the bin right of zero
      row(2, 0.1 + 0.004), // not the candidate: trace 2's nearest pick is exact
      row(3, 0.1 + 0.0049), // last bin
      row(4, 0.1 + 0.005), // at the tolerance: not a TP, not binned
      row(5, null),
      row(6, 0.1 + 0.0012, 'S'), // another phase
    ];
    const h = residualHistogram(predicted, reference, 'P', 0.005);
    expect(h.start).toBe(-0.005);
    expect(h.binWidth).toBeCloseTo(0.0005, 15);
    expect(h.counts).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    const [p] = scorePicks(predicted, reference, { tolerance: 0.005 });
    expect(h.counts.reduce((a, b) => a + b, 0)).toBe(p!.tp);
  });
});
