import { describe, expect, it } from 'vitest';
import { layeredSection } from '../../../src-main/inversion/layered-section';

describe('a time-term layer model as a section', () => {
  it('puts each layer between the ground and its refractor, nothing above the ground', () => {
    const surface = [
      { x: 0, z: 10 },
      { x: 100, z: 0 },
    ];
    const grid = layeredSection(
      surface,
      [
        { layer: 1, velocity: 400 },
        { layer: 2, velocity: 1800 },
      ],
      [
        {
          layer: 2,
          points: [
            { x: 0, z: 5 },
            { x: 100, z: -5 },
          ],
        },
      ],
    );
    const nx = grid.x.length;
    const at = (x: number, z: number) => {
      const i = grid.x.findIndex((v) => v >= x);
      const j = grid.z.findIndex((v) => v <= z);
      return grid.velocity[j * nx + i]!;
    };
    expect(grid.x[0]).toBe(0);
    expect(grid.x[nx - 1]).toBe(100);
    expect(grid.z[0]).toBe(10);
    // Below the deepest refractor by at least 5 m.
    expect(grid.z[grid.z.length - 1]).toBeLessThanOrEqual(-10);
    expect(at(50, 4)).toBe(400);
    expect(at(50, -2)).toBe(1800);
    expect(at(90, 5)).toBeNaN(); // above the ground there (1 m)
    expect(at(10, 7)).toBe(400);
  });

  it('refuses a model without ground or layers', () => {
    expect(() => layeredSection([], [{ layer: 1, velocity: 300 }], [])).toThrow(/ground/);
  });
});
