/**
 * The starting model of the tomography: velocity growing linearly with depth below the
 * surface, as near-surface velocities mostly do, from startTop at the surface to startBottom
 * at the grid's depth. Without values given, both come from the picks themselves.
 */
import type { SectionGrid } from './section-grid';

export interface OffsetTime {
  offset: number;
  time: number;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/**
 * Top and bottom velocities from the picks: the median offset/time of the nearest quarter of
 * offsets (the direct wave, the slowest ground), and the inverse slope of a straight-line fit
 * to the farthest quarter (the deepest refractor or diving wave the line sees). A far slope
 * that is not faster than the top (a line too short to see deeper ground) gives twice the top.
 */
export function startingVelocities(picks: readonly OffsetTime[]): [number, number] {
  const sorted = picks.filter((p) => p.offset > 0).sort((a, b) => a.offset - b.offset);
  const quarter = Math.max(2, Math.floor(sorted.length / 4));
  const near = sorted.slice(0, quarter);
  const far = sorted.slice(-quarter);
  const top = median(near.map((p) => p.offset / p.time));
  let mo = 0;
  let mt = 0;
  for (const p of far) {
    mo += p.offset / far.length;
    mt += p.time / far.length;
  }
  let sot = 0;
  let soo = 0;
  for (const p of far) {
    sot += (p.offset - mo) * (p.time - mt);
    soo += (p.offset - mo) ** 2;
  }
  const slope = soo > 0 ? sot / soo : 0;
  const bottom = slope > 0 && 1 / slope > top ? 1 / slope : 2 * top;
  return [top, bottom];
}

/**
 * Slowness per node: velocity linear in depth below the surface from `top` to `bottom` at
 * `depth`, constant below; air nodes get the top's, which no time ever reads.
 */
export function gradientSlowness(
  grid: SectionGrid,
  top: number,
  bottom: number,
  depth: number,
): Float64Array {
  const slowness = new Float64Array(grid.nx * grid.nz);
  for (let i = 0; i < grid.nz; i++) {
    for (let j = 0; j < grid.nx; j++) {
      const below = Math.min(Math.max(grid.surface[j]! - grid.z[i]!, 0), depth);
      slowness[i * grid.nx + j] = 1 / (top + ((bottom - top) * below) / depth);
    }
  }
  return slowness;
}

/**
 * Slowness per node from a velocity model given as a function of position (clamped to the
 * bounds the caller keeps); nodes where it has no finite, positive value keep `fallback`'s.
 */
export function modelSlowness(
  grid: SectionGrid,
  velocityAt: (x: number, z: number) => number,
  fallback: Float64Array,
): Float64Array {
  const slowness = Float64Array.from(fallback);
  for (let i = 0; i < grid.nz; i++) {
    for (let j = 0; j < grid.nx; j++) {
      const v = velocityAt(grid.x[j]!, grid.z[i]!);
      if (Number.isFinite(v) && v > 0) slowness[i * grid.nx + j] = 1 / v;
    }
  }
  return slowness;
}
