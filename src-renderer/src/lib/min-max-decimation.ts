/**
 * Min/max decimation for drawing: a trace with more samples than pixels is reduced to the
 * smallest and largest value of the samples falling in each pixel, which keeps every peak and
 * first break visible (plain subsampling would skip them) while drawing 2 points per pixel.
 *
 * Returns `[min0, max0, min1, max1, …]` for `bins` equal bins over samples `[start, end)`.
 * A bin narrower than one sample repeats the sample it falls in.
 */
export function minMaxPerBin(
  values: ArrayLike<number>,
  start: number,
  end: number,
  bins: number,
): Float32Array {
  if (!(Number.isInteger(bins) && bins > 0)) {
    throw new RangeError(`bins must be a positive whole number, got ${bins}`);
  }
  const out = new Float32Array(2 * bins);
  const from = Math.max(0, Math.floor(start));
  const to = Math.min(values.length, Math.ceil(end));
  if (to <= from) return out;
  const perBin = (to - from) / bins;
  for (let b = 0; b < bins; b++) {
    const lo = from + Math.floor(b * perBin);
    const hi = Math.max(lo + 1, Math.min(to, from + Math.floor((b + 1) * perBin)));
    let min = Infinity;
    let max = -Infinity;
    for (let i = lo; i < hi; i++) {
      const v = values[i]!;
      if (v < min) min = v;
      if (v > max) max = v;
    }
    out[2 * b] = min;
    out[2 * b + 1] = max;
  }
  return out;
}
