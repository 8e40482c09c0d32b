/**
 * Theil-Sen line: the median of the pairwise slopes, then the median intercept. Tolerates
 * up to 29 % of wild points and needs no scale, which makes it the starting point of the
 * Huber line fits.
 */
import { median } from './robust-stats';

export interface Line {
  slope: number;
  intercept: number;
}

export function theilSenLine(x: readonly number[], y: readonly number[]): Line | null {
  const slopes: number[] = [];
  for (let i = 0; i < x.length; i++) {
    for (let j = i + 1; j < x.length; j++) {
      if (x[j] !== x[i]) slopes.push((y[j]! - y[i]!) / (x[j]! - x[i]!));
    }
  }
  if (slopes.length === 0) return null;
  const slope = median(slopes);
  return { slope, intercept: median(y.map((v, i) => v - slope * x[i]!)) };
}
