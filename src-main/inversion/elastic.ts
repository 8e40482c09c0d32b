/**
 * What P and S sections say together: Vp/Vs, Poisson's ratio and where the water table may
 * be. Sections are regular grids: `x` ascending, `z` elevations descending (the first row is
 * the highest), values row-major nz × nx, NaN where there is no value.
 *
 * Water fills pores without stiffening the frame: at the water table Vp climbs to at least
 * that of water (~1,500 m/s) while Vs, carried by the frame alone, hardly changes. A dry
 * layer that is simply stiffer raises both together (Vp/Vs stays near 1.5–2), which is what
 * tells the two apart.
 */
import { InversionError } from './errors';

export interface Grid {
  x: Float64Array;
  z: Float64Array;
}

/** Vp / Vs; NaN where either is NaN or ≤ 0. */
export function vpVsRatio(vp: Float64Array, vs: Float64Array): Float64Array {
  if (vp.length !== vs.length) {
    throw new InversionError(`Vp has ${vp.length} values and Vs ${vs.length}: resample one first`);
  }
  return vp.map((p, i) => {
    const s = vs[i]!;
    return p > 0 && s > 0 ? p / s : NaN;
  });
}

/**
 * Poisson's ratio of an isotropic elastic medium, ν = (r² − 2) / (2(r² − 1)) with r = Vp/Vs;
 * NaN for r ≤ 1, which no such medium has (ν runs from −1 at r = 1 to 0.5 as r grows).
 */
export function poissonRatio(vpVs: Float64Array): Float64Array {
  return vpVs.map((r) => (r > 1 ? (r * r - 2) / (2 * (r * r - 1)) : NaN));
}

/**
 * Below √2 Poisson's ratio is negative, which no soil or rock has: a Vp/Vs under it says the
 * P and S sections see different ground in that cell (e.g. a bedrock below P's deepest
 * refractor that only S resolves).
 */
const LOWEST_VP_VS = Math.SQRT2;

/** Indices of the cells whose Vp/Vs is below LOWEST_VP_VS (NaN cells are not). */
export function belowLowestRatio(vpVs: Float64Array): number[] {
  const cells: number[] = [];
  vpVs.forEach((r, k) => {
    if (r < LOWEST_VP_VS) cells.push(k);
  });
  return cells;
}

/** Below this share of the level, Vp is clearly under it: the climb is measured from there. */
const CLIMB_START = 0.8;

/**
 * Per x column: the shallowest elevation where Vp reaches ≥ 1,500 m/s (or the given level)
 * while Vs shows no matching step (its change over the same depth interval below a
 * fraction); null where none.
 *
 * The interval is the climb: from the last cell above with Vp at most 80 % of the level down
 * to the first at or above it. Changes are compared as ratios (logarithms), so that Vs, a
 * few times smaller, is judged on the same footing: the step is a water table when
 * ln(Vs ratio) < `vsStepFraction` · ln(Vp ratio) (default ½). A column that starts at or
 * near the level has no climb to judge and gives no hint. The elevation is where Vp crosses
 * the level, linearly between the two cells around it. Without Vs, the Vp level alone
 * decides.
 */
export function waterTableHint(
  grid: Grid,
  vp: Float64Array,
  vs: Float64Array | null,
  options: { vpLevel?: number; vsStepFraction?: number } = {},
): { x: number; z: number | null }[] {
  const level = options.vpLevel ?? 1500;
  const fraction = options.vsStepFraction ?? 0.5;
  const nx = grid.x.length;
  const nz = grid.z.length;
  checkValues('Vp', vp, nx, nz);
  if (vs) checkValues('Vs', vs, nx, nz);
  return Array.from(grid.x, (x, ix) => {
    let above = -1;
    let climbStart = -1;
    for (let iz = 0; iz < nz; iz++) {
      const p = vp[iz * nx + ix]!;
      if (!(p > 0)) continue;
      if (p >= level && above >= 0 && vp[above * nx + ix]! < level && climbStart >= 0) {
        const from = climbStart * nx + ix;
        const vpStep = Math.log(p / vp[from]!);
        const [below, start] = vs ? [vs[iz * nx + ix]!, vs[from]!] : [1, 1];
        // A Vs cell missing (NaN or ≤ 0) fails the comparison: no hint without the evidence.
        const vsStep = below > 0 && start > 0 ? Math.log(below / start) : NaN;
        if (vsStep < fraction * vpStep) {
          const q = vp[above * nx + ix]!;
          const t = (level - q) / (p - q);
          return { x, z: grid.z[above]! + t * (grid.z[iz]! - grid.z[above]!) };
        }
      }
      if (p <= CLIMB_START * level) climbStart = iz;
      above = iz;
    }
    return { x, z: null };
  });
}

/**
 * Resample a section on another regular grid (bilinear, NaN outside) so P and S sections
 * meet on one grid. A target point takes the four cells around it, leaving out those of
 * weight 0 (a point on a grid line uses two, on a node one), and is NaN when a cell it uses
 * is NaN.
 */
export function resample(
  from: { x: Float64Array; z: Float64Array; values: Float64Array },
  to: Grid,
): Float64Array {
  const nx = from.x.length;
  checkValues('the section', from.values, nx, from.z.length);
  checkAxis('x', from.x, 1);
  checkAxis('z', from.z, -1);
  const columns = Array.from(to.x, (x) => bracket(from.x, x, 1));
  const rows = Array.from(to.z, (z) => bracket(from.z, z, -1));
  const out = new Float64Array(to.x.length * to.z.length);
  rows.forEach((row, iz) => {
    columns.forEach((column, ix) => {
      let value = NaN;
      if (row && column) {
        value = 0;
        for (const [r, wr] of row) {
          for (const [c, wc] of column) value += wr * wc * from.values[r * nx + c]!;
        }
      }
      out[iz * to.x.length + ix] = value;
    });
  });
  return out;
}

/**
 * The grid lines around `at` with their linear weights (only those of weight > 0); null
 * outside the axis. `direction` is 1 for an ascending axis, −1 for a descending one. A point
 * within a rounding error of the ends counts as on them.
 */
function bracket(axis: Float64Array, at: number, direction: 1 | -1): [number, number][] | null {
  const n = axis.length;
  const first = axis[0]!;
  const last = axis[n - 1]!;
  const slack = 1e-9 * Math.max(Math.abs(last - first), Math.abs(first), 1);
  const u = direction * at;
  if (!(u >= direction * first - slack && u <= direction * last + slack)) return null;
  if (n === 1) return [[0, 1]];
  let lo = 0;
  let hi = n - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (direction * axis[mid]! <= u) lo = mid;
    else hi = mid;
  }
  const t = Math.min(Math.max((at - axis[lo]!) / (axis[hi]! - axis[lo]!), 0), 1);
  const weights: [number, number][] = [
    [lo, 1 - t],
    [hi, t],
  ];
  return weights.filter(([, w]) => w > 0);
}

function checkValues(name: string, values: Float64Array, nx: number, nz: number): void {
  if (values.length !== nx * nz) {
    throw new InversionError(
      `${name} has ${values.length} values for a grid of ${nz} × ${nx} = ${nx * nz}`,
    );
  }
}

function checkAxis(name: string, axis: Float64Array, direction: 1 | -1): void {
  for (let i = 1; i < axis.length; i++) {
    if (!(direction * (axis[i]! - axis[i - 1]!) > 0)) {
      throw new InversionError(
        `the grid's ${name} must ${direction > 0 ? 'ascend' : 'descend'} strictly (at index ${i})`,
      );
    }
  }
}
