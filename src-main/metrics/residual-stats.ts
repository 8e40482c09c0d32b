import { quantile } from '../qc/robust-stats';

/**
 * How a set of picks sits against reference picks (an analyst's), as a field crew judges it:
 * the shares within 1, 2 and 5 ms, the bias (median residual) and spread (10th and 90th
 * percentiles), and the gross errors, residual = pick − reference. A reference without a
 * pick counts against every share and as a gross error.
 */

export interface ResidualStats {
  /** Reference picks. */
  references: number;
  /** Of those, the ones with a pick. */
  picked: number;
  /** Shares of the references within 1, 2 and 5 ms. */
  within1: number;
  within2: number;
  within5: number;
  /** Median residual, s (null: no pick). */
  median: number | null;
  p10: number | null;
  p90: number | null;
  /** Share of the references missed or off by more than 10 ms. */
  gross: number;
}

/** Statistics of residuals in seconds, one per reference pick (null: no pick). */
export function residualStats(residuals: readonly (number | null)[]): ResidualStats {
  const sorted = residuals.filter((r): r is number => r !== null).sort((a, b) => a - b);
  const q = (level: number) => (sorted.length ? quantile(sorted, level) : null);
  const n = residuals.length;
  // A hair of allowance, so 2.0 ms stored as 0.0019999999 counts as within 2 ms.
  const within = (ms: number) =>
    n === 0 ? 0 : sorted.filter((r) => Math.abs(r) <= ms / 1000 + 1e-9).length / n;
  return {
    references: n,
    picked: sorted.length,
    within1: within(1),
    within2: within(2),
    within5: within(5),
    median: q(0.5),
    p10: q(0.1),
    p90: q(0.9),
    gross: n === 0 ? 0 : 1 - within(10),
  };
}
