/**
 * The smallest and largest of many numbers. `Math.min(...values)` passes every value as an
 * argument on the stack, which throws RangeError past about 100,000 of them (a file of a
 * million one-sample traces did); these loop instead and agree with Math.min/max otherwise:
 * NaN anywhere gives NaN, and no values give Infinity / -Infinity.
 */

export function minOf(values: ArrayLike<number>): number {
  let min = Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) return NaN;
    if (v < min) min = v;
  }
  return min;
}

export function maxOf(values: ArrayLike<number>): number {
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) return NaN;
    if (v > max) max = v;
  }
  return max;
}

/** [min, max] of the values, or null when there are none. */
export function extentOf(values: ArrayLike<number>): [number, number] | null {
  return values.length ? [minOf(values), maxOf(values)] : null;
}
