import {
  interfaceDepth,
  velocity,
  type Layer,
  type VelocityModel,
  type WaveType,
} from '../training/synth/velocity-model';

/**
 * How far a velocity section is from the layered model it was simulated from. Sections are
 * regular grids (x ascending, z elevations descending, row-major nz × nx, NaN where there is
 * no value) over the simulator's flat ground at elevation 0, so depth = −z.
 */
export interface GridValues {
  x: Float64Array;
  z: Float64Array;
  values: Float64Array;
}

/** Vp/Vs at or above this marks a cell as saturated (the threshold, ν ≈ 0.4). */
export const SATURATED_VP_VS = 2.5;

/** Index of the layer at this depth under x. */
export function layerAt(model: VelocityModel, x: number, depth: number): number {
  let layer = 0;
  model.interfaces.forEach((face, j) => {
    if (depth > interfaceDepth(face, x)) layer = j + 1;
  });
  return layer;
}

/** A property of the model's layers sampled on the grid's nodes. */
export function sampleModel(
  model: VelocityModel,
  grid: Pick<GridValues, 'x' | 'z'>,
  value: (layer: Layer) => number,
): Float64Array {
  const nx = grid.x.length;
  const out = new Float64Array(nx * grid.z.length);
  grid.z.forEach((z, j) =>
    grid.x.forEach((x, i) => (out[j * nx + i] = value(model.layers[layerAt(model, x, -z)]!))),
  );
  return out;
}

/** RMS of estimate/truth − 1 over the cells `use` admits that have a finite estimate. */
export function relativeRms(
  estimate: Float64Array,
  truth: Float64Array,
  use: (k: number) => boolean,
): number {
  let sum = 0;
  let count = 0;
  estimate.forEach((e, k) => {
    if (!use(k) || !Number.isFinite(e)) return;
    sum += (e / truth[k]! - 1) ** 2;
    count++;
  });
  return count ? Math.sqrt(sum / count) : NaN;
}

/**
 * Per interface of the model (by index): the RMS relative error of its depth over the
 * section's columns inside `xRange`, the depth read where the column's velocity first
 * reaches the geometric mean of the layers' velocities on either side (linearly between
 * nodes). A column that never reaches it counts as a 100 % error.
 */
export function interfaceDepthErrors(
  section: GridValues,
  model: VelocityModel,
  wave: WaveType,
  interfaces: readonly number[],
  [xMin, xMax]: [number, number],
): number[] {
  const nx = section.x.length;
  return interfaces.map((j) => {
    const level = Math.sqrt(
      velocity(model.layers[j]!, wave) * velocity(model.layers[j + 1]!, wave),
    );
    let sum = 0;
    let count = 0;
    section.x.forEach((x, i) => {
      if (x < xMin || x > xMax) return;
      const truth = interfaceDepth(model.interfaces[j]!, x);
      const found = crossing(section, i, nx, level);
      sum += found === null ? 1 : (found / truth - 1) ** 2;
      count++;
    });
    return count ? Math.sqrt(sum / count) : NaN;
  });
}

/** Depth where column i first reaches `level`, or null. */
function crossing(section: GridValues, i: number, nx: number, level: number): number | null {
  let previous: { depth: number; v: number } | null = null;
  for (let j = 0; j < section.z.length; j++) {
    const v = section.values[j * nx + i]!;
    if (!Number.isFinite(v)) continue;
    const depth = -section.z[j]!;
    if (v >= level) {
      if (!previous) return depth;
      return previous.depth + ((level - previous.v) / (v - previous.v)) * (depth - previous.depth);
    }
    previous = { depth, v };
  }
  return null;
}

/**
 * Shares of the admitted cells marked saturated (Vp/Vs ≥ 2.5) where the model's Vp/Vs is at
 * least that (`inside`) and where it is not (`outside`); NaN for a set with no cells.
 */
export function saturationMarks(
  ratio: Float64Array,
  truth: Float64Array,
  use: (k: number) => boolean,
): { inside: number; outside: number } {
  const n = { inside: 0, insideMarked: 0, outside: 0, outsideMarked: 0 };
  ratio.forEach((r, k) => {
    if (!use(k) || !Number.isFinite(r)) return;
    const marked = r >= SATURATED_VP_VS ? 1 : 0;
    if (truth[k]! >= SATURATED_VP_VS) {
      n.inside++;
      n.insideMarked += marked;
    } else {
      n.outside++;
      n.outsideMarked += marked;
    }
  });
  return {
    inside: n.inside ? n.insideMarked / n.inside : NaN,
    outside: n.outside ? n.outsideMarked / n.outside : NaN,
  };
}
