import {
  interfaceDepth,
  quality,
  velocity,
  type VelocityModel,
  type WaveType,
} from './velocity-model';

/**
 * Exact ray-theory travel times of a source and a receiver on the flat surface of a layered
 * model with planar, possibly dipping interfaces (velocity-model.ts):
 *
 * - direct wave: along the surface in the top layer, |x_r - x_s| / v_0;
 * - head wave on interface j: exists when the layer below is faster than every layer above.
 *   With planar interfaces the critically refracted wave leaves the refractor as a plane
 *   wave, so every ray of it has the same slowness vector in each layer. We build that vector
 *   from the critical angle at interface j and carry it up with Snell's law in vector form
 *   (the slowness component along each interface is continuous), then trace one ray down
 *   from the source to the entry point A and one from the receiver (the time reverse of the
 *   up-going ray) to the exit point B. The time is t(S→A) + |AB| / v_{j+1} + t(B→R), valid
 *   when B lies beyond A in the direction of travel; before that (inside the critical
 *   distance) there is no head wave. For flat layers this is the textbook
 *   t = x / v_n + sum 2 h_k cos(theta_k) / v_k, for one dipping layer the up-dip/down-dip
 *   formulas t = x sin(theta_c ± dip) / v_0 + 2 h cos(theta_c) / v_0 (the tests check both).
 * - reflection on interface j: the ray is the stationary, here minimum-time, path through the
 *   layers down to the interface and back (Fermat). Time is a convex function of the points
 *   where the path crosses the interfaces, so Newton's method on those x coordinates (the
 *   Hessian is tridiagonal) finds it to rounding precision.
 *
 * The first arrival is the minimum over all branches. Reflections are kept in that minimum:
 * in the models generated here they are never first, but the minimum stays right for any
 * layered model without having to argue it. A branch whose path would cross an interface
 * outside the model extent is left out: planar interfaces may meet there, so the model says
 * nothing about such a path.
 */

export type Branch = 'direct' | 'head' | 'reflection';

export interface RayArrival {
  wave: WaveType;
  branch: Branch;
  /** Interface of a head wave or reflection; null for the direct wave. */
  interface: number | null;
  /** Travel time, s. */
  time: number;
  /** Length of the ray path, m. */
  length: number;
  /** Attenuation time t* = sum over the path of (segment time / Q), s. */
  tStar: number;
  /** Head waves only: the distance run along the refractor, m. */
  along?: number;
}

type Vec = [number, number];

const dot = (a: Vec, b: Vec) => a[0] * b[0] + a[1] * b[1];
const scaled = (a: Vec, k: number): Vec => [a[0] * k, a[1] * k];
const plus = (a: Vec, b: Vec): Vec => [a[0] + b[0], a[1] + b[1]];

/** Unit normal of an interface, pointing down into the layer below it. */
function downNormal(slope: number): Vec {
  const k = 1 / Math.hypot(1, slope);
  return [-slope * k, k];
}

function speed(model: VelocityModel, wave: WaveType, layer: number): number {
  return velocity(model.layers[layer]!, wave);
}

/** True when every crossing point lies where the model is defined (its extent). */
function inside(model: VelocityModel, xs: number[]): boolean {
  const [xmin, xmax] = model.extent;
  return xs.every((x) => x >= xmin && x <= xmax);
}

export function directArrival(
  model: VelocityModel,
  wave: WaveType,
  sx: number,
  rx: number,
): RayArrival {
  const length = Math.abs(rx - sx);
  const time = length / speed(model, wave, 0);
  return {
    wave,
    branch: 'direct',
    interface: null,
    time,
    length,
    tStar: time / quality(model.layers[0]!, wave),
  };
}

/**
 * Slowness vectors, layers 0..j, of the down-going ray that meets interface j at the critical
 * angle and then runs along it toward +x (direction 1) or -x (direction -1); null when
 * there is no such ray (a layer above as fast as the refractor, or total reflection on the
 * way up).
 */
function criticalRay(
  model: VelocityModel,
  wave: WaveType,
  j: number,
  direction: 1 | -1,
): Vec[] | null {
  const refractor = speed(model, wave, j + 1);
  for (let k = 0; k <= j; k++) if (speed(model, wave, k) >= refractor) return null;
  const slope = model.interfaces[j]!.slope;
  const tangent = scaled([1, slope], direction / Math.hypot(1, slope));
  const along = 1 / refractor;
  let p = plus(
    scaled(tangent, along),
    scaled(downNormal(slope), Math.sqrt(speed(model, wave, j) ** -2 - along ** 2)),
  );
  const rays: Vec[] = [p];
  for (let k = j - 1; k >= 0; k--) {
    const normal = downNormal(model.interfaces[k]!.slope);
    const tangential = plus(p, scaled(normal, -dot(p, normal)));
    const rest = speed(model, wave, k) ** -2 - dot(tangential, tangential);
    if (rest <= 0) return null;
    p = plus(tangential, scaled(normal, Math.sqrt(rest)));
    rays.unshift(p);
  }
  return rays;
}

interface Leg {
  /** Crossing points, the last on the target interface. */
  points: Vec[];
  time: number;
  length: number;
  tStar: number;
}

/** Follows a down-going ray with these per-layer slownesses from (x0, 0). */
function traceDown(model: VelocityModel, wave: WaveType, rays: Vec[], x0: number): Leg {
  let point: Vec = [x0, 0];
  const leg: Leg = { points: [], time: 0, length: 0, tStar: 0 };
  rays.forEach((p, k) => {
    const layer = model.layers[k]!;
    const v = velocity(layer, wave);
    const face = model.interfaces[k]!;
    // The ray point + v² p t meets z = depth + slope x at this t; p points into the
    // interface (positive normal component), so t > 0.
    const t = (interfaceDepth(face, point[0]) - point[1]) / (v * v * (p[1] - face.slope * p[0]));
    point = plus(point, scaled(p, v * v * t));
    leg.points.push(point);
    leg.time += t;
    leg.length += v * t;
    leg.tStar += t / quality(layer, wave);
  });
  return leg;
}

/** The head wave on interface j, or null where it does not exist (see above). */
export function headWaveArrival(
  model: VelocityModel,
  wave: WaveType,
  j: number,
  sx: number,
  rx: number,
): RayArrival | null {
  if (rx === sx) return null;
  const direction = rx > sx ? 1 : -1;
  const down = criticalRay(model, wave, j, direction);
  const up = criticalRay(model, wave, j, direction === 1 ? -1 : 1);
  if (!down || !up) return null;
  const a = traceDown(model, wave, down, sx);
  const b = traceDown(model, wave, up, rx);
  const run = direction * (b.points[j]![0] - a.points[j]![0]);
  if (
    run < 0 ||
    !inside(
      model,
      [...a.points, ...b.points].map((p) => p[0]),
    )
  )
    return null;
  const refractor = model.layers[j + 1]!;
  const along = run * Math.hypot(1, model.interfaces[j]!.slope);
  const t = along / velocity(refractor, wave);
  return {
    wave,
    branch: 'head',
    interface: j,
    time: a.time + t + b.time,
    length: a.length + along + b.length,
    tStar: a.tStar + t / quality(refractor, wave) + b.tStar,
    along,
  };
}

/** Solves a symmetric tridiagonal system (Thomas algorithm); null if a pivot is not positive. */
function solveTridiagonal(diag: number[], off: number[], rhs: number[]): number[] | null {
  const n = diag.length;
  const c: number[] = new Array(n).fill(0);
  const d: number[] = new Array(n).fill(0);
  let pivot = diag[0]!;
  if (!(pivot > 0)) return null;
  c[0] = (off[0] ?? 0) / pivot;
  d[0] = rhs[0]! / pivot;
  for (let i = 1; i < n; i++) {
    pivot = diag[i]! - off[i - 1]! * c[i - 1]!;
    if (!(pivot > 0)) return null;
    c[i] = (off[i] ?? 0) / pivot;
    d[i] = (rhs[i]! - off[i - 1]! * d[i - 1]!) / pivot;
  }
  const x: number[] = new Array(n).fill(0);
  x[n - 1] = d[n - 1]!;
  for (let i = n - 2; i >= 0; i--) x[i] = d[i]! - c[i]! * x[i + 1]!;
  return x;
}

const MAX_NEWTON_STEPS = 100;
/**
 * Newton stops when the time it still expects to gain, half the Newton decrement g·H⁻¹g, is
 * below this (s): far under anything a sample (≥ 1e-5 s) can show, yet above the ~1e-17 s to
 * which double precision resolves a travel time, below which no step can make progress. A
 * step criterion in metres would not do: on long, grazing reflections the time is so flat in
 * the crossing points that rounding alone moves them by 1e-10 m.
 */
const CONVERGED = 1e-14;

/**
 * The reflection from interface j: the minimum-time path down to it and back up; null when
 * that path leaves the model extent.
 */
export function reflectionArrival(
  model: VelocityModel,
  wave: WaveType,
  j: number,
  sx: number,
  rx: number,
): RayArrival | null {
  const m = 2 * j + 1; // crossing points: interfaces 0..j down, j-1..0 up
  const faceOf = (i: number) => model.interfaces[i <= j ? i : 2 * j - i]!;
  const layerOf = (k: number) => model.layers[k <= j ? k : 2 * j + 1 - k]!;
  const v = Array.from({ length: m + 1 }, (_, k) => velocity(layerOf(k), wave));
  // Point i is (x_i, depth_i + slope_i x_i); the source and receiver are fixed at z = 0.
  const point = (x: number[], i: number): Vec =>
    i < 0 ? [sx, 0] : i >= m ? [rx, 0] : [x[i]!, interfaceDepth(faceOf(i), x[i]!)];
  const slopeOf = (i: number) => (i < 0 || i >= m ? 0 : faceOf(i).slope);

  const time = (x: number[]) => {
    let t = 0;
    for (let k = 0; k <= m; k++) {
      const a = point(x, k - 1);
      const b = point(x, k);
      t += Math.hypot(b[0] - a[0], b[1] - a[1]) / v[k]!;
    }
    return t;
  };

  let x = Array.from({ length: m }, (_, i) => sx + ((rx - sx) * (i + 1)) / (m + 1));
  let converged = false;
  for (let step = 0; step < MAX_NEWTON_STEPS && !converged; step++) {
    const grad: number[] = new Array(m).fill(0);
    const diag: number[] = new Array(m).fill(0);
    const off: number[] = new Array(Math.max(0, m - 1)).fill(0);
    for (let k = 0; k <= m; k++) {
      // Segment k joins point k-1 (a) and point k (b); r = b - a.
      const a = point(x, k - 1);
      const b = point(x, k);
      const r: Vec = [b[0] - a[0], b[1] - a[1]];
      const length = Math.hypot(r[0], r[1]);
      const w = 1 / (length * v[k]!);
      const ja: Vec = [-1, -slopeOf(k - 1)]; // dr / dx_a
      const jb: Vec = [1, slopeOf(k)]; // dr / dx_b
      // Hessian of |r| / v: J^T (I - r r^T / |r|^2) J / (|r| v). In 2-D,
      // u.t - (u.r)(t.r)/|r|^2 = (u x r)(t x r)/|r|^2, which has no cancellation for rays
      // nearly along u.
      const cross = (u: Vec) => u[0] * r[1] - u[1] * r[0];
      const project = (u: Vec, t: Vec) => (cross(u) * cross(t)) / length ** 2;
      if (k - 1 >= 0) {
        grad[k - 1]! += dot(r, ja) * w;
        diag[k - 1]! += project(ja, ja) * w;
      }
      if (k < m) {
        grad[k]! += dot(r, jb) * w;
        diag[k]! += project(jb, jb) * w;
      }
      if (k - 1 >= 0 && k < m) off[k - 1]! += project(ja, jb) * w;
    }
    // Newton direction; steepest descent if the Hessian is not positive definite.
    const newton = solveTridiagonal(diag, off, grad) ?? grad;
    const before = time(x);
    const slopeAlong = -dot2(grad, newton);
    let t = 1;
    let next = x.map((xi, i) => xi - t * newton[i]!);
    // Backtracking (Armijo): the path time must go down enough.
    while (time(next) > before + 1e-4 * t * slopeAlong && t > 1e-12) {
      t /= 2;
      next = x.map((xi, i) => xi - t * newton[i]!);
    }
    converged = dot2(grad, newton) / 2 < CONVERGED;
    x = next;
  }
  // Outside the extent the planar interfaces may cross, where the path time has kinks that
  // stop Newton's method; the model does not hold there anyway.
  if (!converged || !inside(model, x)) return null;

  let total = 0;
  let length = 0;
  let tStar = 0;
  for (let k = 0; k <= m; k++) {
    const a = point(x, k - 1);
    const b = point(x, k);
    const segment = Math.hypot(b[0] - a[0], b[1] - a[1]);
    total += segment / v[k]!;
    length += segment;
    tStar += segment / v[k]! / quality(layerOf(k), wave);
  }
  return { wave, branch: 'reflection', interface: j, time: total, length, tStar };
}

function dot2(a: number[], b: number[]): number {
  return a.reduce((s, ai, i) => s + ai * b[i]!, 0);
}

/** Every branch that reaches the receiver: direct, head waves, reflections. */
export function rayArrivals(
  model: VelocityModel,
  wave: WaveType,
  sx: number,
  rx: number,
): RayArrival[] {
  const out = [directArrival(model, wave, sx, rx)];
  model.interfaces.forEach((_, j) => {
    const head = headWaveArrival(model, wave, j, sx, rx);
    const reflection = reflectionArrival(model, wave, j, sx, rx);
    if (head) out.push(head);
    if (reflection) out.push(reflection);
  });
  return out;
}

/** The earliest of these arrivals: the first arrival the label gives. */
export function firstArrival(arrivals: readonly RayArrival[]): RayArrival {
  if (arrivals.length === 0) throw new RangeError('no arrivals to choose from');
  return arrivals.reduce((best, a) => (a.time < best.time ? a : best));
}
