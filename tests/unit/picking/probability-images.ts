/**
 * Probability images made to order for the gather pickers' tests: a line of 24 receivers 4 m
 * apart with its source at x = 46 m, first breaks at 500 m/s near the source and on a
 * 1,500 m/s refractor (10 ms intercept) farther out, and Gaussian P peaks (σ 6 samples at
 * 4 kHz) as the network draws them.
 */
export const DT = 0.00025;
export const SAMPLES = 800;
export const SOURCE_X = 46;
export const RECEIVER_XS = Array.from({ length: 24 }, (_, i) => i * 4);

export function firstBreak(x: number): number {
  const offset = Math.abs(x - SOURCE_X);
  return Math.min(offset / 500, 0.01 + offset / 1500);
}

/** Raises `p` to a Gaussian peak of `height` at `time` (s from sample 0). */
export function peak(p: Float32Array, time: number, height: number): void {
  const centre = time / DT;
  for (let k = 0; k < p.length; k++) {
    p[k] = Math.max(p[k]!, height * Math.exp(-((k - centre) ** 2) / (2 * 36)));
  }
}
