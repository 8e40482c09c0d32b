import { describe, expect, it } from 'vitest';
import { chi2Quantile, resolvesMore } from '../../../src-main/inversion/layer-count';

describe('chi2Quantile', () => {
  it('matches the tables at one in a thousand (z = 3.09), never below, at most 3.5 % above', () => {
    // χ²₀.₉₉₉ for k = 1, 2, 10, 60 degrees of freedom.
    for (const [k, table] of [
      [1, 10.83],
      [2, 13.82],
      [10, 29.59],
      [60, 99.61],
    ] as const) {
      expect(chi2Quantile(k, 3.09) / table - 1).toBeGreaterThan(0);
      expect(chi2Quantile(k, 3.09) / table - 1).toBeLessThan(0.035);
    }
  });
});

describe('resolvesMore', () => {
  const simpler = { chi2: 500, picks: 480, parameters: 60 };

  it('keeps the richer model when χ² drops by more than its extra parameters explain', () => {
    // 10 extra parameters: the bound is about 29.8.
    expect(resolvesMore({ chi2: 460, picks: 480, parameters: 70 }, simpler)).toBe(true);
    expect(resolvesMore({ chi2: 480, picks: 480, parameters: 70 }, simpler)).toBe(false);
  });

  it('measures the drop in the richer fit’s χ² per degree of freedom when that exceeds 1', () => {
    // The same drop of 40 with χ²/ν = 2: 20 in that unit, too little for 10 parameters.
    const drop = 40;
    const richer = { chi2: 2 * (480 - 70), picks: 480, parameters: 70 };
    expect(resolvesMore(richer, { ...simpler, chi2: richer.chi2 + drop })).toBe(false);
  });

  it('keeps no model that has as many parameters as picks', () => {
    expect(resolvesMore({ chi2: 0, picks: 70, parameters: 70 }, simpler)).toBe(false);
  });
});
