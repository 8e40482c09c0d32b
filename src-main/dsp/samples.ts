/** Sample arrays every DSP function accepts; results are Float64Array (filters need the range). */
export type Samples = Float32Array | Float64Array;

/**
 * Whether a trace recorded anything: finite samples that are not all one value. A dead
 * channel records zeros (or a constant offset); field pick files still carry picks for some.
 */
export function hasSignal(samples: ArrayLike<number>): boolean {
  let moved = false;
  for (let i = 0; i < samples.length; i++) {
    const v = samples[i]!;
    if (!Number.isFinite(v)) return false;
    if (v !== samples[0]) moved = true;
  }
  return moved;
}
