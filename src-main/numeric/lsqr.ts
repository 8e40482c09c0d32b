/**
 * LSQR (Paige & Saunders 1982, ACM TOMS 8:43–71): min ‖A x − b‖² + damp²‖x‖² for a sparse A,
 * by Golub–Kahan bidiagonalisation. It needs only A·v and Aᵀ·u, never AᵀA, whose condition
 * number is the square of A's: what the regularised tomography systems could not afford.
 */

/** A sparse matrix in compressed sparse row form. */
export interface SparseMatrix {
  readonly rows: number;
  readonly columns: number;
  /** rows + 1 offsets into columnIndex/values. */
  readonly rowStart: Int32Array;
  readonly columnIndex: Int32Array;
  readonly values: Float64Array;
}

/** Builds a SparseMatrix row by row, growing its arrays as needed. */
export class SparseRowsBuilder {
  private starts: number[] = [0];
  private indices = new Int32Array(1024);
  private entries = new Float64Array(1024);
  private size = 0;

  constructor(private readonly columns: number) {}

  get rowCount(): number {
    return this.starts.length - 1;
  }

  addRow(columns: ArrayLike<number>, values: ArrayLike<number>): void {
    const need = this.size + columns.length;
    if (need > this.indices.length) {
      const capacity = Math.max(need, 2 * this.indices.length);
      const indices = new Int32Array(capacity);
      const entries = new Float64Array(capacity);
      indices.set(this.indices);
      entries.set(this.entries);
      this.indices = indices;
      this.entries = entries;
    }
    for (let i = 0; i < columns.length; i++) {
      this.indices[this.size] = columns[i]!;
      this.entries[this.size++] = values[i]!;
    }
    this.starts.push(this.size);
  }

  build(): SparseMatrix {
    return {
      rows: this.rowCount,
      columns: this.columns,
      rowStart: Int32Array.from(this.starts),
      columnIndex: this.indices.slice(0, this.size),
      values: this.entries.slice(0, this.size),
    };
  }
}

/** y ← A x. */
export function multiply(a: SparseMatrix, x: Float64Array, y: Float64Array): void {
  for (let r = 0; r < a.rows; r++) {
    let sum = 0;
    for (let p = a.rowStart[r]!; p < a.rowStart[r + 1]!; p++) {
      sum += a.values[p]! * x[a.columnIndex[p]!]!;
    }
    y[r] = sum;
  }
}

/** x ← Aᵀ y. */
export function multiplyTransposed(a: SparseMatrix, y: Float64Array, x: Float64Array): void {
  x.fill(0);
  for (let r = 0; r < a.rows; r++) {
    const yr = y[r]!;
    if (yr === 0) continue;
    for (let p = a.rowStart[r]!; p < a.rowStart[r + 1]!; p++) {
      x[a.columnIndex[p]!]! += a.values[p]! * yr;
    }
  }
}

export interface LsqrOptions {
  damp?: number;
  /** Stop when ‖Aᵀr‖ / (‖A‖·‖r‖) falls below this (a least-squares solution). */
  atol?: number;
  /** Stop when ‖r‖ falls below btol·‖b‖ (a consistent system solved). */
  btol?: number;
  maxIterations?: number;
}

export interface LsqrResult {
  x: Float64Array;
  iterations: number;
}

function norm(v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i]! * v[i]!;
  return Math.sqrt(s);
}

function scale(v: Float64Array, f: number): void {
  for (let i = 0; i < v.length; i++) v[i]! *= f;
}

export function lsqr(a: SparseMatrix, b: Float64Array, options: LsqrOptions = {}): LsqrResult {
  const damp = options.damp ?? 0;
  const atol = options.atol ?? 1e-6;
  const btol = options.btol ?? 1e-6;
  const maxIterations = options.maxIterations ?? 2 * a.columns;
  const x = new Float64Array(a.columns);
  const u = Float64Array.from(b);
  const v = new Float64Array(a.columns);
  const av = new Float64Array(a.rows);
  const atu = new Float64Array(a.columns);

  let beta = norm(u);
  if (beta === 0) return { x, iterations: 0 };
  scale(u, 1 / beta);
  multiplyTransposed(a, u, v);
  let alpha = norm(v);
  if (alpha === 0) return { x, iterations: 0 };
  scale(v, 1 / alpha);
  const w = Float64Array.from(v);
  const bnorm = beta;
  let phibar = beta;
  let rhobar = alpha;
  let anorm2 = 0;

  let iteration = 0;
  while (iteration < maxIterations) {
    iteration++;
    // Bidiagonalisation: β u = A v − α u, α v = Aᵀ u − β v.
    multiply(a, v, av);
    for (let i = 0; i < u.length; i++) u[i] = av[i]! - alpha * u[i]!;
    beta = norm(u);
    if (beta > 0) {
      scale(u, 1 / beta);
      anorm2 += alpha * alpha + beta * beta + damp * damp;
      multiplyTransposed(a, u, atu);
      for (let i = 0; i < v.length; i++) v[i] = atu[i]! - beta * v[i]!;
      alpha = norm(v);
      if (alpha > 0) scale(v, 1 / alpha);
    }
    // Eliminate the damping, then the subdiagonal, by plane rotations.
    const rhobar1 = Math.hypot(rhobar, damp);
    const cs1 = rhobar / rhobar1;
    phibar *= cs1;
    const rho = Math.hypot(rhobar1, beta);
    const cs = rhobar1 / rho;
    const sn = beta / rho;
    const theta = sn * alpha;
    rhobar = -cs * alpha;
    const phi = cs * phibar;
    phibar *= sn;
    const t1 = phi / rho;
    const t2 = -theta / rho;
    for (let i = 0; i < x.length; i++) {
      x[i]! += t1 * w[i]!;
      w[i] = v[i]! + t2 * w[i]!;
    }
    // phibar estimates ‖r‖, phibar·α·|c| estimates ‖Aᵀ r‖.
    // (The rotations may flip phibar's sign: only magnitudes are norms.)
    const rnorm = Math.abs(phibar);
    const arnorm = rnorm * alpha * Math.abs(cs);
    if (rnorm <= btol * bnorm) break;
    if (arnorm <= atol * Math.sqrt(anorm2) * rnorm) break;
    if (alpha === 0 || beta === 0) break;
  }
  return { x, iterations: iteration };
}
