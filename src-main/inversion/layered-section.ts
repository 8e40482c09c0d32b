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

type Layers = readonly { layer: number; velocity: number }[];
type Interfaces = readonly { layer: number; points: SectionPoint[] }[];

/** The refractors with points, each sorted along the line, shallowest layer first. */
function sortedInterfaces(interfaces: Interfaces): { layer: number; points: SectionPoint[] }[] {
  return interfaces
    .filter((i) => i.points.length > 0)
    .map((i) => ({ layer: i.layer, points: [...i.points].sort((a, b) => a.x - b.x) }))
    .sort((a, b) => a.layer - b.layer);
}

/**
 * The layer model as a velocity at any point: the layer whose top (the surface, or its
 * refractor, taken flat beyond its ends) is the deepest above the point; NaN above the
 * ground. What tomography can start from.
 */
export function layerVelocityAt(
  surface: readonly SectionPoint[],
  layers: Layers,
  interfaces: Interfaces,
): (x: number, z: number) => number {
  const bounds = sortedInterfaces(interfaces);
  const speed = new Map(layers.map((l) => [l.layer, l.velocity]));
  return (x, z) => {
    if (z > surfaceAt(surface, x)) return NaN;
    let layer = 1;
    for (const b of bounds) if (z <= surfaceAt(b.points, x)) layer = b.layer;
    return speed.get(layer) ?? NaN;
  };
}

export function layeredSection(
  surface: readonly SectionPoint[],
  layers: Layers,
  interfaces: Interfaces,
): LayeredGrid {
  if (surface.length === 0 || layers.length === 0) {
    throw new Error('a layered section needs the ground and at least one layer');
  }
  const xs = surface.map((p) => p.x);
  const x0 = minOf(xs);
  const x1 = maxOf(xs);
  const bounds = sortedInterfaces(interfaces);
  const top = maxOf(surface.map((p) => p.z));
  const lowest = minOf([...surface, ...bounds.flatMap((b) => b.points)].map((p) => p.z));
  // Below the deepest refractor, a third of the model's thickness again (at least 5 m).
  const bottom = lowest - Math.max(5, (top - lowest) / 3);
  const nx = x1 > x0 ? COLUMNS : 1;
  const x = Float64Array.from({ length: nx }, (_, i) =>
    nx > 1 ? x0 + ((x1 - x0) * i) / (nx - 1) : x0,
  );
  const z = Float64Array.from({ length: ROWS }, (_, j) => top - ((top - bottom) * j) / (ROWS - 1));
  const at = layerVelocityAt(surface, layers, interfaces);
  const velocity = new Float64Array(ROWS * nx);
  for (let i = 0; i < nx; i++) {
    for (let j = 0; j < ROWS; j++) velocity[j * nx + i] = at(x[i]!, z[j]!);
  }
  return { x, z, velocity };
}
