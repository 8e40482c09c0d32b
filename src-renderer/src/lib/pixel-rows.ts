import type { GridRect, PixelMap } from './gather-plot';
import { minMaxPerBin } from './min-max-decimation';
import type { SampleClock } from './sample-grid';

/** Samples on a clock as the gather draws them: at display time (sample time − shift). */
export interface SampledSeries {
  values: ArrayLike<number>;
  clock: SampleClock;
  /** Reduced-time shift of the trace (s), 0 without reduction. */
  shift: number;
}

/** The samples `[first, last)` of a series of `length` samples between display times t0 and t1. */
function visibleSampleRange(
  clock: SampleClock,
  shift: number,
  length: number,
  t0: number,
  t1: number,
): { first: number; last: number } {
  const a = (Math.min(t0, t1) + shift - clock.startTime) / clock.sampleInterval;
  const b = (Math.max(t0, t1) + shift - clock.startTime) / clock.sampleInterval;
  return { first: Math.max(0, Math.floor(a)), last: Math.min(length, Math.ceil(b) + 1) };
}

/**
 * The samples of a series that are in view, as points down the plot: `y` is the pixel row,
 * `lo` and `hi` the values drawn there. With more than two samples per pixel row each row
 * holds the smallest and largest sample in it (min/max decimation keeps every peak and first
 * break, at two points per row); otherwise every sample is a row of its own (lo = hi).
 * Wiggles and probability curves share this, so both are decimated alike. Null when fewer
 * than two samples are in view.
 */
export function visibleRows(
  series: SampledSeries,
  rect: GridRect,
  map: PixelMap,
): { y: number; lo: number; hi: number }[] | null {
  const { values, clock, shift } = series;
  const { first, last } = visibleSampleRange(
    clock,
    shift,
    values.length,
    map.time(rect.y),
    map.time(rect.y + rect.height),
  );
  if (last - first < 2) return null;
  const rowOf = (k: number) => map.py(clock.startTime + k * clock.sampleInterval - shift);
  const rows = Math.max(1, Math.ceil(Math.abs(rowOf(last) - rowOf(first))));
  const points: { y: number; lo: number; hi: number }[] = [];
  if (last - first > 2 * rows) {
    const bins = minMaxPerBin(values, first, last, rows);
    const binSamples = (last - first) / rows;
    for (let b = 0; b < rows; b++) {
      points.push({
        y: rowOf(first + (b + 0.5) * binSamples),
        lo: bins[2 * b]!,
        hi: bins[2 * b + 1]!,
      });
    }
  } else {
    for (let k = first; k < last; k++) {
      const v = values[k]!;
      points.push({ y: rowOf(k), lo: v, hi: v });
    }
  }
  return points;
}
