/**
 * Weighted least squares for designs whose rows touch a few unknowns each: a time-term row
 * has three (slowness, source, receiver), a smoothing row three stations. The normal
 * equations are summed row by row from the non-zeros only, so a line of thousands of picks
 * costs thousands of small updates rather than a dense design; they are solved densely
 * (a line has hundreds of stations at most).
 */
import { solveLinearSystem } from '../qc/least-squares';

export interface SparseRow {
  columns: readonly number[];
  values: readonly number[];
  rhs: number;
  weight: number;
}

/**
 * Minimises Σ wᵢ (rhsᵢ − rowᵢ·β)². Callers scale their unknowns to comparable magnitudes;
 * null when the weighted design is rank deficient.
 */
export function solveSparseLeastSquares(
  unknowns: number,
  rows: readonly SparseRow[],
): Float64Array | null {
  const normal = Array.from({ length: unknowns }, () => new Array<number>(unknowns).fill(0));
  const rhs = new Array<number>(unknowns).fill(0);
  for (const row of rows) {
    const { columns, values, weight } = row;
    for (let a = 0; a < columns.length; a++) {
      const wa = weight * values[a]!;
      rhs[columns[a]!]! += wa * row.rhs;
      const normalRow = normal[columns[a]!]!;
      for (let b = 0; b < columns.length; b++) normalRow[columns[b]!]! += wa * values[b]!;
    }
  }
  const solution = solveLinearSystem(normal, rhs);
  return solution && Float64Array.from(solution);
}
