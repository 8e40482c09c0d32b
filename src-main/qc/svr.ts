/**
 * ε-support-vector regression with a Gaussian (RBF) kernel on one input variable, trained by
 * sequential minimal optimisation.
 *
 * This is libsvm's solver (Chang & Lin 2011; Fan, Chen & Lin 2005) without shrinking: the dual
 * over 2n variables β = (α, α*), min ½βᵀQβ + pᵀβ subject to Σ yₜβₜ = 0 and 0 ≤ βₜ ≤ C, where
 * yₜ = +1 for α and −1 for α*, Qₜₛ = yₜyₛK(xₜ, xₛ) and p = (ε − z, ε + z). Each step updates
 * the pair chosen by second-order working-set selection. The gathers are small (tens to a
 * few hundred picks), so the kernel matrix is kept whole. libsvm-js would need its WebAssembly
 * loaded asynchronously and freed by hand in every worker; 150 lines of TypeScript do not.
 */

export interface SvrOptions {
  /** Box constraint: the largest weight a single training point can get. */
  C: number;
  /** Half-width of the tube inside which errors cost nothing, in units of y. */
  epsilon: number;
  /** RBF kernel K(a, b) = exp(−gamma·(a − b)²), in 1/(units of x)². */
  gamma: number;
  /** Stop when the largest KKT violation is below this (libsvm's -e, default 1e-3). */
  tolerance?: number;
  maxIterations?: number;
}

export interface SvrModel {
  supportVectors: number[];
  /** α − α* of each support vector. */
  coefficients: number[];
  bias: number;
  gamma: number;
  /** False when the iteration cap stopped the solver before the tolerance was met. */
  converged: boolean;
}

/** Below this, a pair's curvature is treated as this (libsvm's TAU). */
const TAU = 1e-12;

export function trainSvr(
  x: readonly number[],
  z: readonly number[],
  options: SvrOptions,
): SvrModel {
  const n = x.length;
  if (n === 0 || z.length !== n)
    throw new Error('SVR needs as many targets as inputs, at least one');
  const { C, epsilon, gamma } = options;
  const tolerance = options.tolerance ?? 1e-3;
  const maxIterations = options.maxIterations ?? Math.max(100_000, 100 * n);

  const kernel = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = a; b < n; b++) {
      const k = Math.exp(-gamma * (x[a]! - x[b]!) ** 2);
      kernel[a * n + b] = k;
      kernel[b * n + a] = k;
    }
  }
  const m = 2 * n;
  const y = (t: number) => (t < n ? 1 : -1);
  const q = (t: number, s: number) => y(t) * y(s) * kernel[(t % n) * n + (s % n)]!;
  const diagonal = (t: number) => kernel[(t % n) * (n + 1)]!;
  const beta = new Float64Array(m);
  const gradient = Float64Array.from({ length: m }, (_, t) =>
    t < n ? epsilon - z[t]! : epsilon + z[t - n]!,
  );
  const atUpper = (t: number) => beta[t]! >= C;
  const atLower = (t: number) => beta[t]! <= 0;

  let converged = false;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    const pair = selectWorkingSet();
    if (!pair) {
      converged = true;
      break;
    }
    const [i, j] = pair;
    const oldI = beta[i]!;
    const oldJ = beta[j]!;
    let bi = oldI;
    let bj = oldJ;
    if (y(i) !== y(j)) {
      const curvature = Math.max(diagonal(i) + diagonal(j) + 2 * q(i, j), TAU);
      const delta = (-gradient[i]! - gradient[j]!) / curvature;
      const diff = bi - bj;
      bi += delta;
      bj += delta;
      if (diff > 0) {
        if (bj < 0) [bj, bi] = [0, diff];
      } else if (bi < 0) [bi, bj] = [0, -diff];
      if (diff > 0) {
        if (bi > C) [bi, bj] = [C, C - diff];
      } else if (bj > C) [bj, bi] = [C, C + diff];
    } else {
      const curvature = Math.max(diagonal(i) + diagonal(j) - 2 * q(i, j), TAU);
      const delta = (gradient[i]! - gradient[j]!) / curvature;
      const sum = bi + bj;
      bi -= delta;
      bj += delta;
      if (sum > C) {
        if (bi > C) [bi, bj] = [C, sum - C];
      } else if (bj < 0) [bj, bi] = [0, sum];
      if (sum > C) {
        if (bj > C) [bj, bi] = [C, sum - C];
      } else if (bi < 0) [bi, bj] = [0, sum];
    }
    beta[i] = bi;
    beta[j] = bj;
    const di = bi - oldI;
    const dj = bj - oldJ;
    for (let t = 0; t < m; t++) gradient[t]! += q(t, i) * di + q(t, j) * dj;
  }

  const supportVectors: number[] = [];
  const coefficients: number[] = [];
  for (let t = 0; t < n; t++) {
    const c = beta[t]! - beta[t + n]!;
    if (c === 0) continue;
    supportVectors.push(x[t]!);
    coefficients.push(c);
  }
  return { supportVectors, coefficients, bias: -rho(), gamma, converged };

  /** libsvm's WSS 2: i violates the KKT conditions most, j gains the most objective with i. */
  function selectWorkingSet(): [number, number] | null {
    let gMax = -Infinity;
    let i = -1;
    for (let t = 0; t < m; t++) {
      const g =
        y(t) === 1
          ? atUpper(t)
            ? -Infinity
            : -gradient[t]!
          : atLower(t)
            ? -Infinity
            : gradient[t]!;
      if (g >= gMax) {
        gMax = g;
        i = t;
      }
    }
    if (i < 0) return null;
    let gMax2 = -Infinity;
    let j = -1;
    let bestGain = Infinity;
    for (let t = 0; t < m; t++) {
      const up = y(t) === 1;
      if (up ? atLower(t) : atUpper(t)) continue;
      const g = up ? gradient[t]! : -gradient[t]!;
      gMax2 = Math.max(gMax2, g);
      const gradDiff = gMax + g;
      if (gradDiff <= 0) continue;
      const curvature = diagonal(i) + diagonal(t) - 2 * y(i) * y(t) * q(i, t);
      const gain = -(gradDiff * gradDiff) / (curvature > 0 ? curvature : TAU);
      if (gain <= bestGain) {
        bestGain = gain;
        j = t;
      }
    }
    return gMax + gMax2 < tolerance || j < 0 ? null : [i, j];
  }

  /** The offset from the free variables' gradients, or the middle of the feasible interval. */
  function rho(): number {
    let free = 0;
    let sumFree = 0;
    let upper = Infinity;
    let lower = -Infinity;
    for (let t = 0; t < m; t++) {
      const yg = y(t) * gradient[t]!;
      if (atUpper(t)) {
        if (y(t) === -1) upper = Math.min(upper, yg);
        else lower = Math.max(lower, yg);
      } else if (atLower(t)) {
        if (y(t) === 1) upper = Math.min(upper, yg);
        else lower = Math.max(lower, yg);
      } else {
        free++;
        sumFree += yg;
      }
    }
    return free > 0 ? sumFree / free : (upper + lower) / 2;
  }
}

export function predictSvr(model: SvrModel, x: number): number {
  let sum = model.bias;
  model.supportVectors.forEach((sv, k) => {
    sum += model.coefficients[k]! * Math.exp(-model.gamma * (x - sv) ** 2);
  });
  return sum;
}
