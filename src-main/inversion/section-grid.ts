/**
 * The node grid of a velocity section: x along the profile, z elevation (up positive), one
 * spacing h in both. Nodes above the ground surface are air and take no part in the
 * travel-time solution, so the grid follows topography as a staircase of whole nodes.
 */

export interface SurfacePoint {
  x: number;
  z: number;
}

export interface SectionGrid {
  readonly nx: number;
  readonly nz: number;
  /** Node spacing in x and z, m. */
  readonly h: number;
  /** Node x, ascending: x[j] = x[0] + j·h. */
  readonly x: Float64Array;
  /** Node elevations, descending from the top: z[i] = z[0] − i·h. */
  readonly z: Float64Array;
  /** Surface elevation at each node column. */
  readonly surface: Float64Array;
  /** nz·nx, row-major: 1 for a node at or below the surface, 0 for air. */
  readonly active: Uint8Array;
}

export interface SectionGridSpec {
  /** Profile extent the grid must cover (sources and receivers). */
  xMin: number;
  xMax: number;
  surface: readonly SurfacePoint[];
  /** How far below the lowest surface point the grid reaches, m. */
  depth: number;
  cellSize: number;
}

/** Cells of margin beyond the outermost station, so that no ray runs along the grid's edge. */
const MARGIN_CELLS = 2;

/**
 * Elevation of the piecewise-linear surface through the points (sorted by x), held flat
 * beyond the first and last point.
 */
export function surfaceAt(sorted: readonly SurfacePoint[], x: number): number {
  const n = sorted.length;
  if (x <= sorted[0]!.x) return sorted[0]!.z;
  if (x >= sorted[n - 1]!.x) return sorted[n - 1]!.z;
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]!.x <= x) lo = mid;
    else hi = mid;
  }
  const a = sorted[lo]!;
  const b = sorted[hi]!;
  return b.x === a.x ? Math.min(a.z, b.z) : a.z + ((x - a.x) / (b.x - a.x)) * (b.z - a.z);
}

/**
 * The grid from a cell's width above the highest surface point down to `depth` below the
 * lowest. The top row sits exactly one cell above the highest point, so a flat surface lies
 * on a row of nodes and surface stations read times from nodes rather than across air.
 */
export function sectionGrid(spec: SectionGridSpec): SectionGrid {
  const h = spec.cellSize;
  const sorted = [...spec.surface].sort((a, b) => a.x - b.x);
  const x0 = spec.xMin - MARGIN_CELLS * h;
  const nx = Math.ceil((spec.xMax + MARGIN_CELLS * h - x0) / h - 1e-9) + 1;
  const x = Float64Array.from({ length: nx }, (_, j) => x0 + j * h);
  const surface = x.map((xj) => surfaceAt(sorted, xj));
  let high = -Infinity;
  let low = Infinity;
  for (const p of sorted) {
    high = Math.max(high, p.z);
    low = Math.min(low, p.z);
  }
  const zTop = high + h;
  const nz = Math.ceil((zTop - (low - spec.depth)) / h - 1e-9) + 1;
  const z = Float64Array.from({ length: nz }, (_, i) => zTop - i * h);
  const active = new Uint8Array(nx * nz);
  // A node within a millionth of a cell of the surface counts as on it (rounding of i·h).
  const tolerance = 1e-6 * h;
  for (let i = 0; i < nz; i++) {
    for (let j = 0; j < nx; j++) active[i * nx + j] = z[i]! <= surface[j]! + tolerance ? 1 : 0;
  }
  return { nx, nz, h, x, z, surface, active };
}

/** The four corners of a point's cell and their bilinear weights, over active corners only. */
export interface CellCorners {
  readonly nodes: Int32Array;
  readonly weights: Float64Array;
  /** How many of nodes/weights are filled (0 to 4). */
  count: number;
  /** True when all four corners are active (the weights are then plain bilinear). */
  complete: boolean;
}

export function cellCorners(): CellCorners {
  return { nodes: new Int32Array(4), weights: new Float64Array(4), count: 0, complete: false };
}

/**
 * Fills `out` with the active corners of the cell holding (x, z) and their bilinear weights,
 * renormalised to sum to 1 when some corners are air (a point on a sloping surface has air
 * above it). A point outside the grid is clamped onto its edge. Returns out.count.
 */
export function locateInCell(grid: SectionGrid, x: number, z: number, out: CellCorners): number {
  const { nx, nz, h } = grid;
  const fx = Math.min(Math.max((x - grid.x[0]!) / h, 0), nx - 1);
  const fz = Math.min(Math.max((grid.z[0]! - z) / h, 0), nz - 1);
  const j = Math.min(Math.floor(fx), nx - 2);
  const i = Math.min(Math.floor(fz), nz - 2);
  const u = fx - j;
  const v = fz - i;
  const k = i * nx + j;
  const corners = [k, k + 1, k + nx, k + nx + 1];
  const weights = [(1 - u) * (1 - v), u * (1 - v), (1 - u) * v, u * v];
  out.count = 0;
  let total = 0;
  for (let c = 0; c < 4; c++) {
    const node = corners[c]!;
    if (!grid.active[node]) continue;
    out.nodes[out.count] = node;
    out.weights[out.count++] = weights[c]!;
    total += weights[c]!;
  }
  out.complete = out.count === 4;
  if (out.count > 0 && !out.complete) {
    if (total > 0) for (let c = 0; c < out.count; c++) out.weights[c]! /= total;
    else out.weights.fill(1 / out.count, 0, out.count);
  }
  return out.count;
}
