/**
 * Weighted linear least squares for the small designs of the QC fits (2 to 6 columns).
 */

/**
 * Solves A x = b by Gaussian elimination with partial pivoting; null when A is singular to
 * working precision (a pivot below 1e-12 of the largest entry of its column).
 */
export function solveLinearSystem(a: readonly number[][], b: readonly number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    let columnMax = 0;
    for (let row = col; row < n; row++) {
      const v = Math.abs(m[row]![col]!);
      columnMax = Math.max(columnMax, v);
      if (v > Math.abs(m[pivot]![col]!)) pivot = row;
    }
    if (columnMax === 0 || Math.abs(m[pivot]![col]!) <= 1e-12 * columnMax) return null;
    [m[col], m[pivot]] = [m[pivot]!, m[col]!];
    const pivotRow = m[col]!;
    for (let row = col + 1; row < n; row++) {
      const r = m[row]!;
      const factor = r[col]! / pivotRow[col]!;
      if (factor === 0) continue;
      for (let k = col; k <= n; k++) r[k]! -= factor * pivotRow[k]!;
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    const r = m[row]!;
    let sum = r[n]!;
    for (let k = row + 1; k < n; k++) sum -= r[k]! * x[k]!;
    x[row] = sum / r[row]!;
  }
  return x;
}

/**
 * Minimises Σ wᵢ (yᵢ − xᵢ·β)² through the normal equations. Columns are scaled to unit
 * maximum first: offsets in metres next to a column of ones would otherwise square the
 * condition number well past what elimination tolerates. Null when the weighted design is
 * rank deficient (for example a hinge column whose points all have zero weight).
 */
export function weightedLeastSquares(
  design: readonly number[][],
  y: readonly number[],
  weights?: readonly number[],
): number[] | null {
  const n = design.length;
  const p = design[0]?.length ?? 0;
  if (p === 0) return null;
  const columnScale = new Float64Array(p);
  for (const row of design) {
    for (let j = 0; j < p; j++) columnScale[j] = Math.max(columnScale[j]!, Math.abs(row[j]!));
  }
  if (columnScale.some((s) => s === 0)) return null;
  const normal = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const rhs = new Array<number>(p).fill(0);
  const scaled = new Float64Array(p);
  for (let i = 0; i < n; i++) {
    const w = weights ? weights[i]! : 1;
    if (w === 0) continue;
    const row = design[i]!;
    for (let j = 0; j < p; j++) scaled[j] = row[j]! / columnScale[j]!;
    for (let j = 0; j < p; j++) {
      const wx = w * scaled[j]!;
      rhs[j]! += wx * y[i]!;
      const normalRow = normal[j]!;
      for (let k = j; k < p; k++) normalRow[k]! += wx * scaled[k]!;
    }
  }
  for (let j = 0; j < p; j++) for (let k = 0; k < j; k++) normal[j]![k] = normal[k]![j]!;
  const solution = solveLinearSystem(normal, rhs);
  return solution && solution.map((v, j) => v / columnScale[j]!);
}

export function residualsOf(
  design: readonly number[][],
  y: readonly number[],
  coefficients: readonly number[],
): number[] {
  return design.map((row, i) => {
    let fitted = 0;
    for (let j = 0; j < row.length; j++) fitted += row[j]! * coefficients[j]!;
    return y[i]! - fitted;
  });
}
