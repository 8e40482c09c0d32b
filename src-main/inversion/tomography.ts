/**
 * First-arrival travel-time tomography on a section grid: regularised Gauss-Newton on log
 * slowness, each step solved by LSQR.
 *
 * - Log slowness keeps every velocity positive and makes a step mean the same relative change
 *   at 300 m/s as at 3000 m/s.
 * - Data rows are residual/σ, so chi² = 1 is a fit to within the picks' own uncertainty.
 * - Smoothness penalises first differences of the model's departure from the starting model,
 *   horizontal ones with weight 1 and vertical ones with `verticalWeight` (< 1 lets velocity
 *   change faster with depth than along the line: layered models). Cells no ray reaches keep
 *   the starting gradient instead of being flattened.
 * - λ (`smoothness`) starts large and shrinks by 0.7 every iteration down to a floor of λ/16:
 *   early steps fit the broad structure, later ones the detail, and the loop stops as soon as
 *   chi² reaches 1, before fitting noise. (Halving each time overshot: on the synthetic hammer
 *   line of the tests it stalled at chi² 1.1–2 with velocities 10–14 % off, against 7–9 %.) A step that does not lower chi² is halved once; if that
 *   fails too, or chi² improves by less than 1 %, the loop stops.
 * - The regularisation rows are scaled by √(picks / constraints), so that a λ means the same
 *   on a short line and a long one.
 */
import { lsqr, SparseRowsBuilder } from '../numeric/lsqr';
import { maxOf, minOf } from '../numeric/extent';
import { InversionError } from './errors';
import { forward, groupBySource, type ForwardResult, type SourceReceiverPair } from './forward';
import { sectionGrid, surfaceAt, type SectionGrid, type SurfacePoint } from './section-grid';
import { gradientSlowness, modelSlowness, startingVelocities } from './starting-model';

export type { SectionGrid, SurfacePoint } from './section-grid';
export { sectionGrid } from './section-grid';

export interface TomographyPick {
  sourceX: number;
  sourceZ: number;
  receiverX: number;
  receiverZ: number;
  /** s */
  time: number;
  /** s */
  sigma: number;
}

export interface TomographyOptions {
  /**
   * m; default: half the median receiver spacing, enlarged to keep ≤ 40,000 nodes, and half
   * that again when the fit ends above chi² 2 and the finer one fits better.
   */
  cellSize?: number;
  /** m below the lowest surface point; default a third of the largest offset. */
  depth?: number;
  /** m/s at the surface and at `depth`; default from the picks (startingVelocities). */
  startTop?: number;
  startBottom?: number;
  /**
   * A starting model instead of the gradient, m/s at a point (e.g. the layers of a time-term
   * inversion); where it gives no finite value the gradient stands.
   */
  startModel?: (x: number, z: number) => number;
  /** λ of the first iteration; default 200. */
  smoothness?: number;
  /** Weight of vertical against horizontal smoothness; default 0.3. */
  verticalWeight?: number;
  /** Gauss-Newton iterations at most; default 10. */
  iterations?: number;
  /** m/s; default [100, 8000]. */
  velocityBounds?: [number, number];
  /** Aborting stops the inversion between shots with the signal's reason. */
  signal?: AbortSignal;
  onProgress?: (fraction: number, message: string) => void;
}

export interface TomographyResult {
  /** Node x, ascending (nx). */
  x: Float64Array;
  /** Node elevations, descending from the top (nz). */
  z: Float64Array;
  /** nz·nx row-major (a row is one z), m/s; NaN above the surface. */
  velocity: Float64Array;
  /** nz·nx: ray length (m) attributed to the node (bilinear share), last model; 0 where none. */
  coverage: Float64Array;
  /** Surface elevation at each x. */
  surface: Float64Array;
  /** Per pick, s, in the input order. */
  modelled: Float64Array;
  /** [0] the starting model, then one per accepted iteration. */
  iterations: { chi2: number; rms: number }[];
}

/**
 * On the default grid a fit that ends above this chi² is tried again on cells half the size,
 * and the better fit is kept. A saturated layer under a dry one is often 1-3 m thick: in
 * cells of 1 m (a 2 m receiver spacing) it is one to three cells, which the model cannot
 * draw, and Gauss-Newton stalled at chi² 2.6-5.9 on the simulated lines with a water table;
 * on 0.5 m cells it ends at 0.9-2.1 (docs/velocity-sections.md). Not always finer: on a real
 * line whose reciprocal picks disagree by up to 12 ms, 0.5 m cells stall at chi² 3.3 where
 * 1 m cells reach 1.8.
 */
const REFINE_ABOVE = 2;
const DEFAULT_MAX_NODES = 40_000;
/** A grid a user asks for by cell size may be finer, but not without limit. */
const MAX_NODES = 1_000_000;
const DEFAULTS = { smoothness: 200, verticalWeight: 0.3, iterations: 10 };
const DEFAULT_BOUNDS: [number, number] = [100, 8000];
const LAMBDA_DECREASE = 0.7;
const LAMBDA_FLOOR = 1 / 16;
const LSQR_ITERATIONS = 200;

/** Forward model: first-arrival times for the pairs in a velocity model (m/s per node). */
export function modelledTimes(
  grid: SectionGrid,
  velocity: Float64Array,
  pairs: readonly SourceReceiverPair[],
): Float64Array {
  if (velocity.length !== grid.nx * grid.nz) {
    throw new InversionError(
      `the velocity model has ${velocity.length} values, the grid ${grid.nx * grid.nz} nodes`,
    );
  }
  const slowness = velocity.map((v) => 1 / v);
  // The grid's surface, column by column, is the surface to clamp stations onto.
  const ground = Array.from(grid.x, (x, j) => ({ x, z: grid.surface[j]! }));
  const onSurface = pairs.map((p) => ({
    sourceX: p.sourceX,
    sourceZ: Math.min(p.sourceZ, surfaceAt(ground, p.sourceX)),
    receiverX: p.receiverX,
    receiverZ: Math.min(p.receiverZ, surfaceAt(ground, p.receiverX)),
  }));
  return forward(grid, slowness, onSurface, groupBySource(onSurface), { rays: false }).times;
}

export function tomography(
  picks: readonly TomographyPick[],
  surface: readonly SurfacePoint[],
  options: TomographyOptions = {},
): TomographyResult {
  const { signal, onProgress } = options;
  const stop = () => {
    if (signal?.aborted) throw signal.reason ?? new Error('cancelled');
  };
  stop();
  checkPicks(picks);
  const bounds = options.velocityBounds ?? DEFAULT_BOUNDS;
  checkOptions(options, bounds);

  const ground = surfaceLine(picks, surface);
  // A source or receiver a little above the surface (rounded elevations) sits on it: the
  // wave never travels through air.
  const stations = picks.map((p) => ({
    sourceX: p.sourceX,
    sourceZ: Math.min(p.sourceZ, surfaceAt(ground, p.sourceX)),
    receiverX: p.receiverX,
    receiverZ: Math.min(p.receiverZ, surfaceAt(ground, p.receiverX)),
  }));
  // A receiver at its source has time 0 by definition and tells nothing: left out.
  const used = picks.flatMap((p, i) =>
    p.sourceX === p.receiverX && p.sourceZ === p.receiverZ ? [] : [i],
  );
  const pairs = used.map((i) => stations[i]!);
  const groups = groupBySource(pairs);
  if (groups.length < 2) {
    throw new InversionError(
      `a tomography needs picks from at least 2 shot positions; these come from ${groups.length}`,
    );
  }
  const offsets = used.map((i) => Math.abs(picks[i]!.receiverX - picks[i]!.sourceX));
  const depth = options.depth ?? maxOf(offsets) / 3;
  const grid = buildGrid(picks, ground, depth, options.cellSize);
  if (used.length < grid.nx) {
    throw new InversionError(
      `${used.length} picks cannot constrain a section ${grid.nx} cells wide; ` +
        `pick more traces or choose a larger cell size`,
    );
  }
  const setup: Setup = {
    picks,
    used,
    pairs,
    groups,
    offsets,
    depth,
    bounds,
    smoothingLength: grid.h,
    stop,
  };
  const result = invertOnGrid(setup, grid, options);
  if (options.cellSize !== undefined || finalChi2(result) <= REFINE_ABOVE) return result;
  const finer = sectionGrid({ ...gridSpec(picks, ground, depth), cellSize: grid.h / 2 });
  if (finer.nx > used.length || finer.nx * finer.nz > DEFAULT_MAX_NODES) return result;
  const refined = invertOnGrid(setup, finer, {
    ...options,
    onProgress: (fraction, message) => onProgress?.(fraction, `finer cells: ${message}`),
  });
  return finalChi2(refined) < finalChi2(result) ? refined : result;
}

const finalChi2 = (r: TomographyResult) => r.iterations[r.iterations.length - 1]!.chi2;

/** What every grid of one inversion shares: the picks used and their geometry. */
interface Setup {
  picks: readonly TomographyPick[];
  /** Indices of the picks that carry information (not a receiver at its source). */
  used: number[];
  pairs: SourceReceiverPair[];
  groups: ReturnType<typeof groupBySource>;
  /** Source-receiver offset of each used pick, m. */
  offsets: number[];
  depth: number;
  bounds: [number, number];
  /**
   * The length per which roughness rows take differences: the first grid's cell, so that a λ
   * smooths a model the same on a finer grid, whose differences are more and smaller.
   */
  smoothingLength: number;
  stop: () => void;
}

/** Regularised Gauss-Newton from the starting model on one grid. */
function invertOnGrid(
  { picks, used, pairs, groups, offsets, depth, bounds, smoothingLength, stop }: Setup,
  grid: SectionGrid,
  options: TomographyOptions,
): TomographyResult {
  const { onProgress } = options;
  const [estimatedTop, estimatedBottom] = startingVelocities(
    used.map((i, k) => ({ offset: offsets[k]!, time: picks[i]!.time })),
  );
  const clampV = (v: number) => Math.min(Math.max(v, bounds[0]), bounds[1]);
  const top = clampV(options.startTop ?? estimatedTop);
  const bottom = clampV(options.startBottom ?? estimatedBottom);
  const gradient = gradientSlowness(grid, top, bottom, depth);
  const start = options.startModel ? modelSlowness(grid, options.startModel, gradient) : gradient;

  // Parameters: log slowness at the active nodes.
  const nodeOf = Int32Array.from(Array.from(grid.active).flatMap((a, k) => (a ? [k] : [])));
  const parameterOf = new Int32Array(grid.nx * grid.nz).fill(-1);
  nodeOf.forEach((k, p) => (parameterOf[k] = p));
  const m0 = Float64Array.from(nodeOf, (k) => Math.log(start[k]!));
  const mMin = Math.log(1 / bounds[1]);
  const mMax = Math.log(1 / bounds[0]);
  const slownessOf = (m: Float64Array) => {
    const s = Float64Array.from(start);
    nodeOf.forEach((k, p) => (s[k] = Math.exp(m[p]!)));
    return s;
  };

  const observed = Float64Array.from(used, (i) => picks[i]!.time);
  const sigma = Float64Array.from(used, (i) => picks[i]!.sigma);
  const maxIterations = options.iterations ?? DEFAULTS.iterations;
  const totalPasses = maxIterations + 1;
  let pass = 0;
  const run = (m: Float64Array): ForwardResult => {
    const result = forward(grid, slownessOf(m), pairs, groups, {
      rays: true,
      afterSource: (done, total) => {
        stop();
        onProgress?.((pass + done / total) / totalPasses, `travel times, pass ${pass + 1}`);
      },
    });
    pass = Math.min(pass + 1, totalPasses - 1);
    return result;
  };
  const misfit = (times: Float64Array) => {
    let chi = 0;
    let sq = 0;
    for (let i = 0; i < times.length; i++) {
      const r = observed[i]! - times[i]!;
      chi += (r / sigma[i]!) ** 2;
      sq += r * r;
    }
    return { chi2: chi / times.length, rms: Math.sqrt(sq / times.length) };
  };

  let m: Float64Array = Float64Array.from(m0);
  let current = run(m);
  checkReached(current.times);
  let fit = misfit(current.times);
  const history = [fit];
  const roughness = roughnessPairs(
    grid,
    parameterOf,
    options.verticalWeight ?? DEFAULTS.verticalWeight,
  );
  const smoothness = options.smoothness ?? DEFAULTS.smoothness;
  const scale = Math.sqrt(used.length / Math.max(1, roughness.length)) * (smoothingLength / grid.h);

  for (let it = 0; it < maxIterations && fit.chi2 > 1; it++) {
    stop();
    const lambda = smoothness * Math.max(LAMBDA_FLOOR, LAMBDA_DECREASE ** it) * scale;
    const step = gaussNewtonStep(m, m0, current, observed, sigma, parameterOf, roughness, lambda);
    let accepted: { m: typeof m; result: ForwardResult; fit: typeof fit } | null = null;
    for (const fraction of [1, 0.5]) {
      const trial = Float64Array.from(m, (v, p) =>
        Math.min(Math.max(v + fraction * step[p]!, mMin), mMax),
      );
      const result = run(trial);
      const trialFit = misfit(result.times);
      if (trialFit.chi2 < fit.chi2) {
        accepted = { m: trial, result, fit: trialFit };
        break;
      }
    }
    if (!accepted) break;
    const gain = (fit.chi2 - accepted.fit.chi2) / fit.chi2;
    m = accepted.m;
    current = accepted.result;
    fit = accepted.fit;
    history.push(fit);
    onProgress?.(
      Math.min(1, (it + 2) / totalPasses),
      `iteration ${it + 1}: chi² ${fit.chi2.toFixed(2)}`,
    );
    if (gain < 0.01) break;
  }
  onProgress?.(1, `chi² ${fit.chi2.toFixed(2)}`);

  const slowness = slownessOf(m);
  const velocity = Float64Array.from(slowness, (s, k) => (grid.active[k] ? 1 / s : NaN));
  const coverage = new Float64Array(grid.nx * grid.nz);
  for (const row of current.rows!) {
    for (let e = 0; e < row.nodes.length; e++) coverage[row.nodes[e]!]! += row.lengths[e]!;
  }
  const modelled = new Float64Array(picks.length);
  used.forEach((i, k) => (modelled[i] = current.times[k]!));
  return {
    x: Float64Array.from(grid.x),
    z: Float64Array.from(grid.z),
    velocity,
    coverage,
    surface: Float64Array.from(grid.surface),
    modelled,
    iterations: history,
  };
}

/**
 * One Gauss-Newton step Δm of log slowness: min ‖(r − J Δm)/σ‖² + λ²‖R (m + Δm − m0)‖².
 * ∂t/∂ln s = ray length · s.
 */
function gaussNewtonStep(
  m: Float64Array,
  m0: Float64Array,
  current: ForwardResult,
  observed: Float64Array,
  sigma: Float64Array,
  parameterOf: Int32Array,
  roughness: readonly Difference[],
  lambda: number,
): Float64Array {
  const builder = new SparseRowsBuilder(m.length);
  const rhs: number[] = [];
  const rows = current.rows!;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    const columns: number[] = [];
    const values: number[] = [];
    for (let e = 0; e < row.nodes.length; e++) {
      const p = parameterOf[row.nodes[e]!]!;
      if (p < 0) continue;
      columns.push(p);
      values.push((row.lengths[e]! * Math.exp(m[p]!)) / sigma[i]!);
    }
    builder.addRow(columns, values);
    rhs.push((observed[i]! - current.times[i]!) / sigma[i]!);
  }
  for (const d of roughness) {
    const w = lambda * d.weight;
    builder.addRow([d.a, d.b], [w, -w]);
    rhs.push(-w * (m[d.a]! - m0[d.a]! - (m[d.b]! - m0[d.b]!)));
  }
  return lsqr(builder.build(), Float64Array.from(rhs), {
    atol: 1e-4,
    btol: 1e-4,
    maxIterations: LSQR_ITERATIONS,
  }).x;
}

interface Difference {
  a: number;
  b: number;
  weight: number;
}

/** First differences between neighbouring active nodes, as parameter pairs. */
function roughnessPairs(
  grid: SectionGrid,
  parameterOf: Int32Array,
  verticalWeight: number,
): Difference[] {
  const out: Difference[] = [];
  for (let i = 0; i < grid.nz; i++) {
    for (let j = 0; j < grid.nx; j++) {
      const a = parameterOf[i * grid.nx + j]!;
      if (a < 0) continue;
      const right = j + 1 < grid.nx ? parameterOf[i * grid.nx + j + 1]! : -1;
      const below = i + 1 < grid.nz ? parameterOf[(i + 1) * grid.nx + j]! : -1;
      if (right >= 0) out.push({ a, b: right, weight: 1 });
      if (below >= 0 && verticalWeight > 0) out.push({ a, b: below, weight: verticalWeight });
    }
  }
  return out;
}

/** The surface given, or flat at the lowest station when none is. */
function surfaceLine(
  picks: readonly TomographyPick[],
  surface: readonly SurfacePoint[],
): SurfacePoint[] {
  for (const p of surface) {
    if (!Number.isFinite(p.x) || !Number.isFinite(p.z)) {
      throw new InversionError(`a surface point is not a number (x ${p.x}, z ${p.z})`);
    }
  }
  if (surface.length) return [...surface].sort((a, b) => a.x - b.x);
  const z = minOf(picks.flatMap((p) => [p.sourceZ, p.receiverZ]));
  return [{ x: 0, z }];
}

/** The section's extent: from the first station to the last, down to `depth`. */
function gridSpec(picks: readonly TomographyPick[], ground: SurfacePoint[], depth: number) {
  const xs = picks.flatMap((p) => [p.sourceX, p.receiverX]);
  return { xMin: minOf(xs), xMax: maxOf(xs), surface: ground, depth };
}

function buildGrid(
  picks: readonly TomographyPick[],
  ground: SurfacePoint[],
  depth: number,
  cellSize: number | undefined,
): SectionGrid {
  const spec = gridSpec(picks, ground, depth);
  if (cellSize !== undefined) {
    const grid = sectionGrid({ ...spec, cellSize });
    if (grid.nx * grid.nz > MAX_NODES) {
      throw new InversionError(
        `a cell size of ${cellSize} m makes ${grid.nx * grid.nz} nodes, more than ${MAX_NODES}; choose a larger one`,
      );
    }
    return grid;
  }
  let h = halfSpacing(picks);
  let grid = sectionGrid({ ...spec, cellSize: h });
  while (grid.nx * grid.nz > DEFAULT_MAX_NODES) {
    h *= Math.sqrt((grid.nx * grid.nz) / DEFAULT_MAX_NODES) * 1.02;
    grid = sectionGrid({ ...spec, cellSize: h });
  }
  return grid;
}

/** Half the median receiver spacing (a hundredth of the line without one). */
function halfSpacing(picks: readonly TomographyPick[]): number {
  const receivers = [...new Set(picks.map((p) => p.receiverX))].sort((a, b) => a - b);
  const spacings = receivers.slice(1).map((x, i) => x - receivers[i]!);
  if (spacings.length === 0) {
    const xs = picks.flatMap((p) => [p.sourceX, p.receiverX]);
    return (maxOf(xs) - minOf(xs)) / 100;
  }
  return spacings.sort((a, b) => a - b)[spacings.length >> 1]! / 2;
}

function checkPicks(picks: readonly TomographyPick[]): void {
  picks.forEach((p, i) => {
    const where = `pick ${i + 1} (source x ${p.sourceX}, receiver x ${p.receiverX})`;
    for (const key of ['sourceX', 'sourceZ', 'receiverX', 'receiverZ'] as const) {
      if (!Number.isFinite(p[key])) throw new InversionError(`${where}: ${key} is not a number`);
    }
    const sameplace = p.sourceX === p.receiverX && p.sourceZ === p.receiverZ;
    if (sameplace) {
      if (p.time !== 0) {
        throw new InversionError(
          `${where}: source and receiver are at the same place, so its time must be 0, not ${p.time} s`,
        );
      }
    } else if (!Number.isFinite(p.time) || p.time <= 0) {
      throw new InversionError(
        `${where}: the time must be a positive number of seconds, not ${p.time}`,
      );
    }
    if (!Number.isFinite(p.sigma) || p.sigma <= 0) {
      throw new InversionError(`${where}: the uncertainty σ must be positive, not ${p.sigma}`);
    }
  });
}

function checkOptions(options: TomographyOptions, bounds: [number, number]): void {
  const positive = (name: string, v: number | undefined) => {
    if (v !== undefined && !(Number.isFinite(v) && v > 0)) {
      throw new InversionError(`${name} must be a positive number, not ${v}`);
    }
  };
  positive('cellSize', options.cellSize);
  positive('depth', options.depth);
  positive('startTop', options.startTop);
  positive('startBottom', options.startBottom);
  positive('smoothness', options.smoothness);
  if (options.verticalWeight !== undefined && !(options.verticalWeight >= 0)) {
    throw new InversionError(`verticalWeight must be 0 or more, not ${options.verticalWeight}`);
  }
  const iterations = options.iterations;
  if (iterations !== undefined && !(Number.isInteger(iterations) && iterations >= 0)) {
    throw new InversionError(`iterations must be a whole number ≥ 0, not ${iterations}`);
  }
  if (!(bounds[0] > 0 && bounds[1] > bounds[0] && Number.isFinite(bounds[1]))) {
    throw new InversionError(`velocityBounds must be 0 < low < high, not [${bounds.join(', ')}]`);
  }
}

/** Every pick must be reachable: a receiver in a pocket of air the front cannot reach is not. */
function checkReached(times: Float64Array): void {
  const i = times.findIndex((t) => !Number.isFinite(t));
  if (i >= 0) throw new InversionError(`no travel time reaches the receiver of pick ${i + 1}`);
}
