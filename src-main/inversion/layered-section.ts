import type { SectionPoint } from '../api/sections-contract';
import { maxOf, minOf } from '../numeric/extent';
import { surfaceAt } from './section-grid';

/**
 * A time-term result drawn as a section: each layer's velocity between the surface and the
 * refractors' elevations, on a regular grid, so a layer model is drawn, exported and compared
 * with an S section like a tomogram. Cells above the ground are NaN.
 */
export interface LayeredGrid {
  x: Float64Array;
  /** Elevations, descending. */
  z: Float64Array;
  /** nz × nx, row-major. */
  velocity: Float64Array;
}

/** Columns and rows per section: fine enough to show a refractor, small enough to send. */
const COLUMNS = 200;
const ROWS = 80;

export function layeredSection(
  surface: readonly SectionPoint[],
  layers: readonly { layer: number; velocity: number }[],
  interfaces: readonly { layer: number; points: SectionPoint[] }[],
): LayeredGrid {
  if (surface.length === 0 || layers.length === 0) {
    throw new Error('a layered section needs the ground and at least one layer');
  }
  const xs = surface.map((p) => p.x);
  const x0 = minOf(xs);
  const x1 = maxOf(xs);
  const bounds = interfaces
    .filter((i) => i.points.length > 0)
    .map((i) => ({ layer: i.layer, points: [...i.points].sort((a, b) => a.x - b.x) }))
    .sort((a, b) => a.layer - b.layer);
  const top = maxOf(surface.map((p) => p.z));
  const lowest = minOf([...surface, ...bounds.flatMap((b) => b.points)].map((p) => p.z));
  // Below the deepest refractor, a third of the model's thickness again (at least 5 m).
  const bottom = lowest - Math.max(5, (top - lowest) / 3);
  const nx = x1 > x0 ? COLUMNS : 1;
  const x = Float64Array.from({ length: nx }, (_, i) =>
    nx > 1 ? x0 + ((x1 - x0) * i) / (nx - 1) : x0,
  );
  const z = Float64Array.from({ length: ROWS }, (_, j) => top - ((top - bottom) * j) / (ROWS - 1));
  const speed = new Map(layers.map((l) => [l.layer, l.velocity]));
  const velocity = new Float64Array(ROWS * nx);
  for (let i = 0; i < nx; i++) {
    const ground = surfaceAt(surface, x[i]!);
    const depths = bounds.map((b) => ({ layer: b.layer, z: surfaceAt(b.points, x[i]!) }));
    for (let j = 0; j < ROWS; j++) {
      // The deepest refractor above this cell names its layer.
      let layer = 1;
      for (const d of depths) if (z[j]! <= d.z) layer = d.layer;
      velocity[j * nx + i] = z[j]! > ground ? NaN : (speed.get(layer) ?? NaN);
    }
  }
  return { x, z, velocity };
}
