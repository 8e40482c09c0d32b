import { describe, expect, it } from 'vitest';
import { lsqr, SparseRowsBuilder, type SparseMatrix } from '../../../src-main/numeric/lsqr';
import { solveLinearSystem } from '../../../src-main/qc/least-squares';
import { seededRandom } from '../../../src-main/qc/seeded-random';

/** A random sparse m × n matrix (about half its entries zero) as dense rows and as CSR. */
function randomMatrix(m: number, n: number, seed: number) {
  const random = seededRandom(seed);
  const dense = Array.from({ length: m }, () =>
    Array.from({ length: n }, () => (random() < 0.5 ? 0 : 2 * random() - 1)),
  );
  const builder = new SparseRowsBuilder(n);
  for (const row of dense) {
    const columns = row.flatMap((v, j) => (v ? [j] : []));
    builder.addRow(
      columns,
      columns.map((j) => row[j]!),
    );
  }
  const b = Array.from({ length: m }, () => random());
  return { dense, sparse: builder.build(), b };
}

/** (AᵀA + damp²I) x = Aᵀb by elimination: the reference. */
function normalEquations(dense: number[][], b: number[], damp: number): number[] {
  const n = dense[0]!.length;
  const ata = Array.from({ length: n }, (_, i) =>
    Array.from(
      { length: n },
      (_, j) => dense.reduce((s, row) => s + row[i]! * row[j]!, 0) + (i === j ? damp * damp : 0),
    ),
  );
  const atb = Array.from({ length: n }, (_, i) =>
    dense.reduce((s, row, k) => s + row[i]! * b[k]!, 0),
  );
  return solveLinearSystem(ata, atb)!;
}

describe('lsqr', () => {
  for (const damp of [0, 0.3]) {
    it(`solves an overdetermined sparse least-squares problem (damp ${damp})`, () => {
      const { dense, sparse, b } = randomMatrix(40, 12, 3);
      const { x } = lsqr(sparse, Float64Array.from(b), { damp, atol: 1e-12, btol: 1e-12 });
      const expected = normalEquations(dense, b, damp);
      expected.forEach((v, j) => expect(x[j]).toBeCloseTo(v, 8));
    });
  }

  it('solves a consistent square system exactly', () => {
    const { dense, sparse } = randomMatrix(10, 10, 8);
    const truth = Array.from({ length: 10 }, (_, j) => j - 4.5);
    const b = dense.map((row) => row.reduce((s, v, j) => s + v * truth[j]!, 0));
    const { x } = lsqr(sparse, Float64Array.from(b), { atol: 1e-14, btol: 1e-14 });
    truth.forEach((v, j) => expect(x[j]).toBeCloseTo(v, 6));
  });

  it('returns zeros for a zero right-hand side, and stops at maxIterations', () => {
    const { sparse } = randomMatrix(20, 8, 4);
    expect(Array.from(lsqr(sparse, new Float64Array(20)).x)).toEqual(new Array(8).fill(0));
    const limited = lsqr(
      sparse,
      Float64Array.from({ length: 20 }, (_, i) => i),
      {
        maxIterations: 2,
      },
    );
    expect(limited.iterations).toBe(2);
  });

  it('builds CSR rows as given', () => {
    const builder = new SparseRowsBuilder(3);
    builder.addRow([2, 0], [5, 1]);
    builder.addRow([], []);
    builder.addRow([1], [-2]);
    const m: SparseMatrix = builder.build();
    expect(m.rows).toBe(3);
    expect(Array.from(m.rowStart)).toEqual([0, 2, 2, 3]);
    expect(Array.from(m.columnIndex)).toEqual([2, 0, 1]);
    expect(Array.from(m.values)).toEqual([5, 1, -2]);
  });
});
