import { describe, expect, it } from 'vitest';
import { timeAt, travelTimes } from '../../../src-main/inversion/eikonal';
import { RayTracer, timeGradients } from '../../../src-main/inversion/rays';
import { sectionGrid } from '../../../src-main/inversion/section-grid';

const grid = sectionGrid({
  xMin: 0,
  xMax: 100,
  surface: [{ x: 0, z: 0 }],
  depth: 40,
  cellSize: 1,
});

function slowness(velocity: (depth: number) => number): Float64Array {
  const s = new Float64Array(grid.nx * grid.nz);
  for (let i = 0; i < grid.nz; i++) {
    for (let j = 0; j < grid.nx; j++) s[i * grid.nx + j] = 1 / velocity(-grid.z[i]!);
  }
  return s;
}

describe('RayTracer', () => {
  it('in a uniform medium: total length is the distance, on nodes along the straight line', () => {
    const s = slowness(() => 1000);
    const source = { x: 10.5, z: 0 };
    const field = travelTimes(grid, s, source);
    const tracer = new RayTracer(grid);
    for (const receiver of [
      { x: 60.3, z: 0 },
      { x: 40, z: -20 },
      { x: 13, z: -1 },
    ]) {
      const row = tracer.trace(field, timeGradients(grid, field), s, receiver);
      const total = row.lengths.reduce((a, b) => a + b, 0);
      const distance = Math.hypot(receiver.x - source.x, receiver.z - source.z);
      // Steps of a third of a cell zigzag a little about the line: within 2 %.
      expect(Math.abs(total / distance - 1)).toBeLessThan(0.02);
      // Every node it touches lies within a cell of the straight line.
      for (const node of row.nodes) {
        const x = grid.x[node % grid.nx]!;
        const z = grid.z[Math.floor(node / grid.nx)]!;
        const across =
          Math.abs(
            (receiver.x - source.x) * (source.z - z) - (source.x - x) * (receiver.z - source.z),
          ) / distance;
        expect(across).toBeLessThan(1.5 * grid.h);
      }
    }
  });

  it('in a vertical gradient: the row reproduces the time (Σ length·s) and dives', () => {
    const s = slowness((d) => 400 + 60 * d);
    const source = { x: 5, z: 0 };
    const field = travelTimes(grid, s, source);
    const gradients = timeGradients(grid, field);
    const tracer = new RayTracer(grid);
    for (const x of [30, 60, 95]) {
      const row = tracer.trace(field, gradients, s, { x, z: 0 });
      let t = 0;
      let deepest = 0;
      for (let e = 0; e < row.nodes.length; e++) {
        t += row.lengths[e]! * s[row.nodes[e]!]!;
        deepest = Math.max(deepest, -grid.z[Math.floor(row.nodes[e]! / grid.nx)]!);
      }
      expect(t / timeAt(grid, field, s, x, 0)).toBeCloseTo(1, 1);
      // The circular ray of v0 + g·d bottoms at √((X/2)² + (v0/g)²) − v0/g.
      const bottom = Math.hypot((x - 5) / 2, 400 / 60) - 400 / 60;
      expect(Math.abs(deepest - bottom)).toBeLessThan(2.5);
    }
  });
});
