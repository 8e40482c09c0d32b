import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { predictSvr, trainSvr } from '../../../src-main/qc/svr';

/**
 * Reference predictions from libsvm 3.22 (the libsvm-js 0.2.1 asm build: EPSILON_SVR, RBF,
 * shrinking off, tolerance 1e-6) on the same problems, computed once outside this repository.
 */
const LIBSVM_REFERENCE = [
  {
    name: 'a smooth curve',
    x: Array.from({ length: 40 }, (_, i) => i / 39),
    f: (x: number) => Math.sin(4 * x),
    options: { gamma: 5, C: 10, epsilon: 0.01 },
    at: [0.1, 0.3, 0.5, 0.7, 0.9],
    expected: [0.37949287, 0.9303534, 0.90060044, 0.32533768, -0.44900685],
    supportVectors: 6,
  },
  {
    name: 'a refraction kink',
    x: Array.from({ length: 30 }, (_, i) => i * 2),
    f: (x: number) => Math.min(x / 4, 3 + x / 18),
    options: { gamma: 1 / 72, C: 50, epsilon: 0.1 },
    at: [5, 17, 29, 41, 53],
    expected: [1.231579, 3.9267733, 4.5142987, 5.1834353, 5.9589605],
    supportVectors: 12,
  },
  {
    name: 'a step the box constraint will not let it follow',
    x: Array.from({ length: 25 }, (_, i) => i),
    f: (x: number) => (x > 12 ? 5 : 0),
    options: { gamma: 0.1, C: 0.5, epsilon: 0.2 },
    at: [2.5, 7.5, 12.5, 17.5, 22.5],
    expected: [0.22209315, 0.19528681, 2.4051348, 4.7994218, 4.5446935],
    supportVectors: 25,
  },
];

describe('trainSvr', () => {
  for (const problem of LIBSVM_REFERENCE) {
    it(`agrees with libsvm on ${problem.name}`, () => {
      const model = trainSvr(problem.x, problem.x.map(problem.f), {
        ...problem.options,
        tolerance: 1e-6,
      });
      expect(model.converged).toBe(true);
      expect(model.supportVectors).toHaveLength(problem.supportVectors);
      problem.at.forEach((x, i) =>
        expect(predictSvr(model, x)).toBeCloseTo(problem.expected[i]!, 5),
      );
    });
  }

  it('meets the optimality conditions of ε-SVR', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 5, maxLength: 30 }),
        fc.double({ min: 0.01, max: 0.3, noNaN: true }),
        fc.double({ min: 0.1, max: 100, noNaN: true }),
        (targets, epsilon, C) => {
          const x = targets.map((_, i) => i);
          const model = trainSvr(x, targets, { C, epsilon, gamma: 0.5, tolerance: 1e-8 });
          expect(model.converged).toBe(true);
          // Σ(α − α*) = 0, |α − α*| ≤ C.
          expect(model.coefficients.reduce((a, b) => a + b, 0)).toBeCloseTo(0, 6);
          for (const c of model.coefficients)
            expect(Math.abs(c)).toBeLessThanOrEqual(C * (1 + 1e-12));
          // Within the tube: no weight. On its edge: free weight. Outside: weight C.
          const coefficientAt = new Map(
            model.supportVectors.map((sv, k) => [sv, model.coefficients[k]!]),
          );
          x.forEach((xi, i) => {
            const error = targets[i]! - predictSvr(model, xi);
            const c = coefficientAt.get(xi) ?? 0;
            const slack = 1e-5;
            if (Math.abs(error) < epsilon - slack) expect(c).toBe(0);
            if (Math.abs(error) > epsilon + slack) expect(Math.abs(c)).toBeCloseTo(C, 6);
            if (c !== 0 && Math.abs(c) < C * (1 - 1e-6))
              expect(Math.abs(error)).toBeCloseTo(epsilon, 4);
            if (c !== 0) expect(Math.sign(c)).toBe(Math.sign(error));
          });
        },
      ),
      { numRuns: 50, seed: 1 },
    );
  });

  it('returns the flat centre of the targets when the tube holds them all', () => {
    const model = trainSvr([0, 1, 2, 3], [1, 1.05, 0.95, 1], { C: 1, epsilon: 0.1, gamma: 1 });
    expect(model.supportVectors).toHaveLength(0);
    expect(predictSvr(model, 1.5)).toBeGreaterThanOrEqual(0.95);
    expect(predictSvr(model, 1.5)).toBeLessThanOrEqual(1.05);
  });

  it('refuses inputs and targets of different lengths', () => {
    expect(() => trainSvr([0, 1], [1], { C: 1, epsilon: 0.1, gamma: 1 })).toThrow(
      /as many targets/,
    );
  });
});
