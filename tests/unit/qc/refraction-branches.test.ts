import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPlausibleVelocity, predictBranches, segmentAt } from '../../../src-main/qc/branch-model';
import { fitRefractionBranches } from '../../../src-main/qc/refraction-branches';
import { seededRandom } from '../../../src-main/qc/seeded-random';
import { firstArrival, gaussian, type LayerModel } from './helpers/refraction-simulator';

const DT = 0.00025;
const DISTANCES = Array.from({ length: 47 }, (_, i) => 2 + 2 * i);

/** Intercept time of the head wave along the top of layer n (0 = direct wave). */
function delay(model: LayerModel, n: number): number {
  const v = model.velocities;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    sum += (2 * model.thicknesses[i]! * Math.sqrt(v[n]! ** 2 - v[i]! ** 2)) / (v[n]! * v[i]!);
  }
  return sum;
}

/** Where the head waves along layers n − 1 and n cross. */
function crossover(model: LayerModel, n: number): number {
  const v = model.velocities;
  return (delay(model, n) - delay(model, n - 1)) / (1 / v[n - 1]! - 1 / v[n]!);
}

const TWO_LAYERS: LayerModel = { velocities: [400, 1800], thicknesses: [6] };
const THREE_LAYERS: LayerModel = { velocities: [300, 900, 2500], thicknesses: [3, 8] };

describe('fitRefractionBranches', () => {
  for (const [name, model] of [
    ['two layers', TWO_LAYERS],
    ['three layers', THREE_LAYERS],
  ] as const) {
    it(`recovers velocities and crossover distances of exact times: ${name}`, () => {
      const times = DISTANCES.map((d) => firstArrival(model, 0, d));
      const fit = fitRefractionBranches(DISTANCES, times)!;
      expect(fit.slopes).toHaveLength(model.velocities.length);
      fit.slopes.forEach((s, i) => expect(1 / s).toBeCloseTo(model.velocities[i]!, 3));
      fit.breakpoints.forEach((b, i) => expect(b).toBeCloseTo(crossover(model, i + 1), 3));
      expect(fit.intercept).toBeCloseTo(0, 9);
      expect(Math.max(...fit.residuals.map(Math.abs))).toBeLessThan(1e-9);
    });
  }

  it('chooses the true segment count on noisy picks, whatever the seed', () => {
    for (const model of [
      { velocities: [1500], thicknesses: [] },
      TWO_LAYERS,
      THREE_LAYERS,
      { velocities: [600, 1500, 4000], thicknesses: [4, 10] },
    ]) {
      for (const seed of [1, 2, 3]) {
        const normal = gaussian(seededRandom(seed));
        const times = DISTANCES.map(
          (d) => Math.round((firstArrival(model, 0, d) + 0.5 * DT * normal()) / DT) * DT,
        );
        const fit = fitRefractionBranches(DISTANCES, times)!;
        expect(fit.slopes).toHaveLength(model.velocities.length);
        fit.slopes.forEach((s, i) => {
          expect(Math.abs(1 / s / model.velocities[i]! - 1)).toBeLessThan(0.05);
        });
        // The robust scale is the pick noise: half a sample plus rounding (~0.58 sample).
        expect(fit.scale / DT).toBeGreaterThan(0.3);
        expect(fit.scale / DT).toBeLessThan(0.9);
        const chosen = fit.criteria.find((c) => c.segments === fit.slopes.length)!;
        expect(Math.min(...fit.criteria.map((c) => c.bic))).toBe(chosen.bic);
      }
    }
  });

  it('is not pulled off by gross errors, with Huber or RANSAC', () => {
    // One pick in seven 10 ms late, none among the four of the direct wave: one late pick
    // in four, at the end of a segment, would tilt that segment under any robust fit.
    const late = (i: number) => i % 7 === 5;
    const times = DISTANCES.map((d, i) => firstArrival(THREE_LAYERS, 0, d) + (late(i) ? 0.01 : 0));
    for (const estimator of ['huber', 'ransac'] as const) {
      const fit = fitRefractionBranches(DISTANCES, times, { estimator })!;
      expect(fit.slopes).toHaveLength(3);
      fit.slopes.forEach((s, i) =>
        expect(Math.abs(1 / s / THREE_LAYERS.velocities[i]! - 1)).toBeLessThan(0.01),
      );
      fit.residuals.forEach((r, i) => {
        if (late(i)) expect(r).toBeGreaterThan(0.009);
        else expect(Math.abs(r)).toBeLessThan(2e-4);
      });
    }
  });

  it('only bends towards faster branches unless told otherwise', () => {
    // Slow beyond 40 m: no plane-layer first-arrival curve steepens.
    const times = DISTANCES.map((d) => d / 2000 + Math.max(0, d - 40) * (1 / 500 - 1 / 2000));
    const concave = fitRefractionBranches(DISTANCES, times)!;
    expect(concave.slopes.every((s, i) => i === 0 || s <= concave.slopes[i - 1]!)).toBe(true);
    const free = fitRefractionBranches(DISTANCES, times, { concave: false })!;
    expect(free.breakpoints).toEqual([expect.closeTo(40, 3)]);
    expect(1 / free.slopes[1]!).toBeCloseTo(500, 3);
  });

  it('drops a segment count whose branches need an implausible velocity', () => {
    // The last three picks are 30 km/s apart in apparent velocity: a better fit, but no rock.
    const d = DISTANCES.slice(0, 20);
    const times = d.map((x) => (x <= 34 ? x / 1000 : 0.034 + (x - 34) / 30000));
    expect(
      fitRefractionBranches(d, times, { velocityBounds: { min: 100, max: 50000 } })!.slopes,
    ).toHaveLength(2);
    const bounded = fitRefractionBranches(d, times)!;
    expect(bounded.slopes).toHaveLength(1);
  });

  it('needs minPointsPerSegment points per segment', () => {
    expect(fitRefractionBranches([1, 2], [0.001, 0.002])).toBeNull();
    expect(fitRefractionBranches([1, 2, 3], [0.001, 0.002, 0.003])!.slopes).toHaveLength(1);
  });
});

describe('branch models', () => {
  it('are continuous at every breakpoint and straight between', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -0.01, max: 0.01, noNaN: true }),
        fc.array(fc.double({ min: 1e-4, max: 1e-2, noNaN: true }), { minLength: 1, maxLength: 4 }),
        fc.array(fc.double({ min: 1, max: 100, noNaN: true }), { minLength: 3, maxLength: 3 }),
        (intercept, slopes, gaps) => {
          const breakpoints = gaps
            .slice(0, slopes.length - 1)
            .reduce<number[]>((acc, g) => [...acc, (acc.at(-1) ?? 0) + g], []);
          const model = { intercept, slopes, breakpoints };
          expect(predictBranches(model, 0)).toBeCloseTo(intercept, 15);
          breakpoints.forEach((b, j) => {
            const h = 1e-7;
            expect(predictBranches(model, b + h) - predictBranches(model, b - h)).toBeCloseTo(0, 8);
            expect(segmentAt(model, b - h)).toBe(j);
            expect(segmentAt(model, b + h)).toBe(j + 1);
            const after = b + 0.5;
            expect(predictBranches(model, after + 0.1) - predictBranches(model, after)).toBeCloseTo(
              0.1 * slopes[j + 1]!,
              12,
            );
          });
        },
      ),
      { seed: 1 },
    );
  });

  it('call a zero or negative slope implausible', () => {
    const bounds = { min: 100, max: 8000 };
    expect(isPlausibleVelocity(1 / 1500, bounds)).toBe(true);
    expect(isPlausibleVelocity(1 / 9000, bounds)).toBe(false);
    expect(isPlausibleVelocity(1 / 50, bounds)).toBe(false);
    expect(isPlausibleVelocity(0, bounds)).toBe(false);
    expect(isPlausibleVelocity(-1 / 1500, bounds)).toBe(false);
  });
});
