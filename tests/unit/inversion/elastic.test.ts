import { describe, expect, it } from 'vitest';
import {
  poissonRatio,
  resample,
  vpVsRatio,
  waterTableHint,
} from '../../../src-main/inversion/elastic';
import { InversionError } from '../../../src-main/inversion/errors';

const axis = (from: number, step: number, count: number): Float64Array =>
  Float64Array.from({ length: count }, (_, i) => from + i * step);

/** Values of f on the grid, row-major nz × nx. */
function field(
  x: Float64Array,
  z: Float64Array,
  f: (x: number, z: number) => number,
): Float64Array {
  return Float64Array.from({ length: x.length * z.length }, (_, i) =>
    f(x[i % x.length]!, z[Math.floor(i / x.length)]!),
  );
}

describe('Vp/Vs and Poisson ratio', () => {
  it('follow their formulas, and are NaN where they have no meaning', () => {
    const r = vpVsRatio(
      Float64Array.from([1700, 600, NaN, 500, -1, 800]),
      Float64Array.from([300, 300, 200, 0, 100, NaN]),
    );
    expect(r[0]).toBeCloseTo(5.667, 3);
    expect(Array.from(r.slice(1))).toEqual([2, NaN, NaN, NaN, NaN]);
    const nu = poissonRatio(
      Float64Array.from([1700 / 300, 2, Math.sqrt(2), Math.sqrt(3), 1, 0.5, NaN]),
    );
    // Saturated sediment: ν ≈ 0.48; r = 2 → 1/3; r = √2 → 0; r = √3 → 1/4.
    expect(nu[0]).toBeCloseTo(0.484, 3);
    expect(nu[1]).toBeCloseTo(1 / 3, 12);
    expect(nu[2]).toBeCloseTo(0, 12);
    expect(nu[3]).toBeCloseTo(0.25, 12);
    expect(Array.from(nu.slice(4))).toEqual([NaN, NaN, NaN]);
  });

  it('refuse sections of different sizes', () => {
    expect(() => vpVsRatio(new Float64Array(4), new Float64Array(3))).toThrow(InversionError);
  });
});

describe('waterTableHint', () => {
  // 0–50 m along the line, the surface at 0 m down to −30 m, 1 m cells. Left of x = 25 m the
  // ground is saturated below −10 m (Vp 1,700, Vs 300: Vp/Vs 5.7, ν 0.48); right of it a dry,
  // stiffer layer starts at −10 m (Vp 2,000, Vs 1,150: Vp/Vs 1.7). Above, dry sand.
  const grid = { x: axis(0, 5, 11), z: axis(0, -1, 31) };
  const saturated = (x: number): boolean => x < 25;
  const vp = field(grid.x, grid.z, (x, z) => (z > -10 ? 500 : saturated(x) ? 1700 : 2000));
  const vs = field(grid.x, grid.z, (x, z) => (z > -10 ? 270 : saturated(x) ? 300 : 1150));

  it('marks the saturated layer where it is and not the dry one', () => {
    const hint = waterTableHint(grid, vp, vs);
    expect(hint.map((h) => h.x)).toEqual(Array.from(grid.x));
    for (const h of hint) {
      if (saturated(h.x)) {
        // Vp crosses 1,500 m/s between the cells at −9 and −10 m.
        expect(h.z!).toBeLessThan(-9);
        expect(h.z!).toBeGreaterThanOrEqual(-10);
      } else {
        expect(h.z).toBeNull();
      }
    }
  });

  it('follows Vp alone without Vs, and the level it is given', () => {
    expect(waterTableHint(grid, vp, null).every((h) => h.z !== null)).toBe(true);
    expect(waterTableHint(grid, vp, vs, { vpLevel: 1800 }).every((h) => h.z === null)).toBe(true);
  });

  it('finds the table under a gradual climb and below a dry stiff crust', () => {
    // Column 0: Vp climbs linearly from 400 m/s at 0 m to 2,000 at −20 m, Vs stays 250.
    // Column 1: a dry crust (Vp 1,800, Vs 1,000) to −3 m over slow sand, saturated from
    // −12 m. Column 2 starts above the level (no climb to judge); column 3 has no values.
    const x = axis(0, 1, 4);
    const z = axis(0, -1, 21);
    const hint = waterTableHint(
      { x, z },
      field(
        x,
        z,
        (xi, zi) => [400 - 80 * zi, zi > -3 ? 1800 : zi > -12 ? 500 : 1700, 1600, NaN][xi]!,
      ),
      field(x, z, (xi, zi) => (xi === 1 ? (zi > -3 ? 1000 : zi > -12 ? 280 : 300) : 250)),
    );
    expect(hint[0]!.z!).toBeCloseTo(-13.75, 9);
    expect(hint[1]!.z!).toBeLessThan(-11);
    expect(hint[1]!.z!).toBeGreaterThanOrEqual(-12);
    expect(hint.slice(2).map((h) => h.z)).toEqual([null, null]);
  });
});

describe('resample', () => {
  const from = { x: axis(0, 2, 26), z: axis(10, -1.5, 15) };
  const linear = (x: number, z: number): number => 3 * x - 2 * z + 5;
  const values = field(from.x, from.z, linear);

  it('is exact on a linear field, and NaN outside the section', () => {
    const to = { x: axis(-1, 0.7, 80), z: axis(12, -0.4, 60) };
    const out = resample({ ...from, values }, to);
    let inside = 0;
    out.forEach((v, i) => {
      const x = to.x[i % to.x.length]!;
      const z = to.z[Math.floor(i / to.x.length)]!;
      if (x < 0 || x > 50 || z > 10 || z < -11) {
        expect(v).toBeNaN();
      } else {
        expect(v).toBeCloseTo(linear(x, z), 9);
        inside++;
      }
    });
    expect(inside).toBeGreaterThan(1000);
  });

  it('reproduces the nodes, and a hole only where it is used', () => {
    const holed = values.slice();
    holed[3 * 26 + 4] = NaN; // x = 8 m, z = 5.5 m
    expect(resample({ ...from, values: holed }, from).filter(Number.isNaN).length).toBe(1);
    const between = resample(
      { ...from, values: holed },
      { x: Float64Array.of(7, 9, 11), z: Float64Array.of(5.5) },
    );
    expect(Number.isNaN(between[0]!) && Number.isNaN(between[1]!)).toBe(true);
    expect(between[2]).toBeCloseTo(linear(11, 5.5), 9);
  });

  it('refuses a grid that does not run the documented way', () => {
    expect(() => resample({ x: from.x, z: from.z.slice().reverse(), values }, from)).toThrow(
      /z must descend strictly/,
    );
  });
});
