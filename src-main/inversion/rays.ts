/**
 * Rays for the Jacobian of travel time with respect to slowness: a ray runs from the receiver
 * back to the source down the travel-time gradient, and the time of a small change of
 * slowness is the ray's length where it changed (Fermat: the path itself does not move to
 * first order). Path length is shared among the four corners of each cell it crosses with
 * bilinear weights, the same interpolation that reads slowness between nodes.
 *
 * Inside the source's analytic disc the solver's time depends on the slowness at the source
 * and at the point only (eikonal.ts), so the row takes that derivative there instead of a
 * path: ∂t/∂s = t/(2s) at each end, the derivative of r/√(v₁v₂). A path through the disc
 * would tell Gauss-Newton that near-source cells matter less than they do to the forward
 * model, and its steps would overshoot.
 */
import {
  linearVelocityTime,
  nodeGradient,
  slownessAt,
  sourceRadius,
  type Point,
  type TravelTimeField,
} from './eikonal';
import { cellCorners, locateInCell, type SectionGrid } from './section-grid';

/** ∂T/∂x and ∂T/∂z (z up) at every node; 0 at air and unreached nodes. */
export interface TimeGradients {
  readonly x: Float64Array;
  readonly z: Float64Array;
}

export function timeGradients(grid: SectionGrid, field: TravelTimeField): TimeGradients {
  const n = grid.nx * grid.nz;
  const gx = new Float64Array(n);
  const gz = new Float64Array(n);
  const g: Point = { x: 0, z: 0 };
  for (let k = 0; k < n; k++) {
    if (field.time[k] === Infinity) continue;
    nodeGradient(grid, field.time, k, g);
    gx[k] = g.x;
    gz[k] = g.z;
  }
  return { x: gx, z: gz };
}

/** One row of the Jacobian: ∂t/∂s (m, a ray length) per node, as parallel arrays. */
export interface RayRow {
  readonly nodes: Int32Array;
  readonly lengths: Float64Array;
}

/** Steps along the ray, in cells: small enough to follow a head wave's kink. */
const STEP_CELLS = 0.35;

/**
 * Collects path lengths per node into a dense scratch array and hands them out as sparse
 * rows, so a ray that crosses a cell in many steps still gives one entry per node.
 */
export class RayTracer {
  private readonly sums: Float64Array;
  private readonly touched: Int32Array;
  private count = 0;
  private readonly corners = cellCorners();

  constructor(private readonly grid: SectionGrid) {
    this.sums = new Float64Array(grid.nx * grid.nz);
    this.touched = new Int32Array(grid.nx * grid.nz);
  }

  /**
   * The ray from `receiver` to the field's source, down to the source disc. A ray that stalls
   * (a flat gradient) or runs longer than ten times the straight distance, which only a
   * broken field would make it do, goes straight on to the disc.
   */
  trace(
    field: TravelTimeField,
    gradients: TimeGradients,
    slowness: Float64Array,
    receiver: Point,
  ): RayRow {
    const { h } = this.grid;
    const source = field.source;
    const radius = sourceRadius(this.grid);
    const step = STEP_CELLS * h;
    const maxSteps =
      Math.ceil((10 * Math.hypot(receiver.x - source.x, receiver.z - source.z)) / step) + 10;
    let px = receiver.x;
    let pz = receiver.z;
    for (let s = 0; s < maxSteps; s++) {
      if (Math.hypot(px - source.x, pz - source.z) <= radius) break;
      let gx = 0;
      let gz = 0;
      const c = this.corners;
      locateInCell(this.grid, px, pz, c);
      for (let k = 0; k < c.count; k++) {
        gx += c.weights[k]! * gradients.x[c.nodes[k]!]!;
        gz += c.weights[k]! * gradients.z[c.nodes[k]!]!;
      }
      const norm = Math.hypot(gx, gz);
      if (!(norm > 0)) break;
      const qx = px - (step * gx) / norm;
      const qz = pz - (step * gz) / norm;
      this.addSegment(px, pz, qx, qz);
      px = qx;
      pz = qz;
    }
    const d = Math.hypot(px - source.x, pz - source.z);
    if (d > radius) {
      const f = radius / d;
      const ex = source.x + f * (px - source.x);
      const ez = source.z + f * (pz - source.z);
      this.addSegment(px, pz, ex, ez);
      px = ex;
      pz = ez;
    }
    this.addDisc(field, slowness, px, pz);
    return this.collect();
  }

  /** The disc's share: ∂t/∂s = t/(2s) at the point (px, pz) and at the source. */
  private addDisc(field: TravelTimeField, slowness: Float64Array, px: number, pz: number): void {
    const source = field.source;
    const d = Math.hypot(px - source.x, pz - source.z);
    if (d === 0) return;
    const s = slownessAt(this.grid, slowness, px, pz);
    const t = linearVelocityTime(d, 1 / field.sourceSlowness, 1 / s, field.sourceGradient);
    this.addAt(px, pz, t / (2 * s));
    this.addAt(source.x, source.z, t / (2 * field.sourceSlowness));
  }

  private addAt(x: number, z: number, amount: number): void {
    const c = this.corners;
    locateInCell(this.grid, x, z, c);
    for (let k = 0; k < c.count; k++) {
      const node = c.nodes[k]!;
      if (this.sums[node] === 0) this.touched[this.count++] = node;
      this.sums[node]! += amount * c.weights[k]!;
    }
  }

  /** Adds a segment's length, in pieces of at most half a cell, at each piece's midpoint. */
  private addSegment(ax: number, az: number, bx: number, bz: number): void {
    const length = Math.hypot(bx - ax, bz - az);
    if (length === 0) return;
    const pieces = Math.ceil(length / (0.5 * this.grid.h));
    const piece = length / pieces;
    for (let p = 0; p < pieces; p++) {
      const f = (p + 0.5) / pieces;
      this.addAt(ax + f * (bx - ax), az + f * (bz - az), piece);
    }
  }

  private collect(): RayRow {
    const nodes = this.touched.slice(0, this.count);
    const lengths = new Float64Array(this.count);
    for (let i = 0; i < this.count; i++) {
      lengths[i] = this.sums[nodes[i]!]!;
      this.sums[nodes[i]!] = 0;
    }
    this.count = 0;
    return { nodes, lengths };
  }
}
