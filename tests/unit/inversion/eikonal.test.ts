import { describe, expect, it } from 'vitest';
import { timeAt, travelTimes, type Point } from '../../../src-main/inversion/eikonal';
import { sectionGrid, type SectionGrid } from '../../../src-main/inversion/section-grid';

const FLAT = [
  { x: 0, z: 0 },
  { x: 100, z: 0 },
];

/** Slowness per node: the mean over its cell, so a sharp interface sits where it should. */
function slownessOf(grid: SectionGrid, velocity: (x: number, z: number) => number, sub = 1) {
  const s = new Float64Array(grid.nx * grid.nz);
  for (let i = 0; i < grid.nz; i++) {
    for (let j = 0; j < grid.nx; j++) {
      let sum = 0;
      for (let p = 0; p < sub; p++) {
        for (let q = 0; q < sub; q++) {
          const dx = sub === 1 ? 0 : ((p + 0.5) / sub - 0.5) * grid.h;
          const dz = sub === 1 ? 0 : ((q + 0.5) / sub - 0.5) * grid.h;
          sum += 1 / velocity(grid.x[j]! + dx, grid.z[i]! + dz);
        }
      }
      s[i * grid.nx + j] = sum / (sub * sub);
    }
  }
  return s;
}

/** Largest |modelled − exact| / exact over receivers more than two cells from the source. */
function worstRelativeError(
  grid: SectionGrid,
  slowness: Float64Array,
  source: Point,
  receivers: Point[],
  exact: (r: Point) => number,
): number {
  const field = travelTimes(grid, slowness, source);
  let worst = 0;
  for (const r of receivers) {
    if (Math.hypot(r.x - source.x, r.z - source.z) <= 2 * grid.h) continue;
    const e = exact(r);
    worst = Math.max(worst, Math.abs(timeAt(grid, field, slowness, r.x, r.z) - e) / e);
  }
  return worst;
}

/** Receivers on the flat surface and at depths, off the nodes (x steps of 1.7 m). */
function receivers(depths: number[]): Point[] {
  const out: Point[] = [];
  for (let x = 0; x <= 100; x += 1.7) for (const d of depths) out.push({ x, z: -d });
  return out;
}

const sources = [
  { x: 10.3, z: 0 },
  { x: 61.7, z: 0 },
  { x: 40.2, z: -5.1 },
];

describe('travelTimes against closed forms (flat surface, h = 0.5 m)', () => {
  const grid = sectionGrid({ xMin: 0, xMax: 100, surface: FLAT, depth: 40, cellSize: 0.5 });

  it('a homogeneous half-space: t = r / v within 0.5 %', () => {
    const v = 1200;
    const s = slownessOf(grid, () => v);
    for (const src of sources) {
      const worst = worstRelativeError(
        grid,
        s,
        src,
        receivers([0, 3.3, 10.1, 25]),
        (r) => Math.hypot(r.x - src.x, r.z - src.z) / v,
      );
      expect(worst).toBeLessThan(0.005);
    }
  });

  it('a constant vertical gradient: t = acosh(1 + g²r² / 2v(s)v(r)) / g within 0.5 %', () => {
    const v0 = 400;
    const g = 30;
    const v = (_x: number, z: number) => v0 - g * z;
    const s = slownessOf(grid, v);
    for (const src of sources) {
      const worst = worstRelativeError(
        grid,
        s,
        src,
        receivers([0, 3.3, 10.1, 25]),
        (r) =>
          Math.acosh(
            1 + (g * g * ((r.x - src.x) ** 2 + (r.z - src.z) ** 2)) / (2 * v(0, src.z) * v(0, r.z)),
          ) / g,
      );
      expect(worst).toBeLessThan(0.005);
    }
  });
});

describe('travelTimes over a dipping refractor (h = 0.25 m)', () => {
  // Layer 1 over layer 2, the interface 8 m deep at x = 0 and dipping 6° down to +x.
  const v1 = 600;
  const v2 = 2400;
  const dip = (6 * Math.PI) / 180;
  const interfaceZ = (x: number) => -(8 + x * Math.tan(dip));
  const velocity = (x: number, z: number) => (z > interfaceZ(x) ? v1 : v2);
  const critical = Math.asin(v1 / v2);
  const along = { x: Math.cos(dip), z: -Math.sin(dip) };
  const normal = { x: Math.sin(dip), z: Math.cos(dip) };
  /** Distance from p up to the interface, measured along its normal. */
  const above = (p: Point) => p.x * normal.x + (p.z + 8) * normal.z;
  /** The head wave of a planar interface: (h_s + h_r)·cos(ic)/v1 + L/v2, where it exists. */
  const headWave = (p: Point, q: Point) => {
    const hp = above(p);
    const hq = above(q);
    const l = Math.abs((q.x - p.x) * along.x + (q.z - p.z) * along.z);
    return l < (hp + hq) * Math.tan(critical)
      ? Infinity
      : ((hp + hq) * Math.cos(critical)) / v1 + l / v2;
  };

  it('gives min(direct, head wave) within 0.5 %, shooting down-dip and up-dip', () => {
    const grid = sectionGrid({ xMin: 0, xMax: 100, surface: FLAT, depth: 30, cellSize: 0.25 });
    const s = slownessOf(grid, velocity, 8);
    const stations = receivers([0, 2.2]);
    for (const src of [
      { x: 5.3, z: 0 },
      { x: 94.1, z: 0 },
    ]) {
      const worst = worstRelativeError(grid, s, src, stations, (r) =>
        Math.min(Math.hypot(r.x - src.x, r.z - src.z) / v1, headWave(src, r)),
      );
      expect(worst).toBeLessThan(0.005);
    }
  });
});

describe('travelTimes under topography', () => {
  it('gives straight-ray times under a planar 8.5° slope, within 2 % beyond 20 cells (the staircase costs up to 1.6 %)', () => {
    const slope = 0.15;
    const h = 0.5;
    const grid = sectionGrid({
      xMin: 0,
      xMax: 100,
      surface: [
        { x: 0, z: 0 },
        { x: 100, z: 100 * slope },
      ],
      depth: 40,
      cellSize: h,
    });
    expect(grid.active.some((a) => a === 0)).toBe(true);
    const v = 1000;
    const s = slownessOf(grid, () => v);
    for (const sx of [10.3, 90.1]) {
      const src = { x: sx, z: sx * slope };
      const stations: Point[] = [];
      for (let x = 0; x <= 100; x += 1.7) {
        if (Math.abs(x - sx) > 20 * h) stations.push({ x, z: x * slope }, { x, z: x * slope - 3 });
      }
      const worst = worstRelativeError(
        grid,
        s,
        src,
        stations,
        (r) => Math.hypot(r.x - src.x, r.z - src.z) / v,
      );
      expect(worst).toBeLessThan(0.02);
    }
  });
});
