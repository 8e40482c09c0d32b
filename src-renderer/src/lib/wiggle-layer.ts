import type { CustomSeriesRenderItem, CustomSeriesRenderItemReturn } from 'echarts';
import {
  pixelMap,
  visibleSampleRange,
  type GridRect,
  type PlotPalette,
  type PlotTrace,
  type WiggleScale,
} from './gather-plot';
import { minMaxPerBin } from './min-max-decimation';
import { traceStatusMark } from './trace-status-mark';

/**
 * The wiggle and variable-area drawing: one custom-series item per trace, each a polyline
 * (the wiggle) and, in variable-area mode, one polygon filling the positive lobes. One series
 * for the whole gather is about twice as fast in ECharts as a line series per trace, and only
 * the samples in view are drawn, at most two points (min and max) per pixel row.
 */

/** Pixel points of one trace's wiggle and its positive fill, in pixel rows top to bottom. */
function tracePoints(
  trace: PlotTrace,
  rect: GridRect,
  map: ReturnType<typeof pixelMap>,
  scale: WiggleScale,
): { line: number[][]; fill: number[][] } | null {
  const { first, last } = visibleSampleRange(
    trace,
    map.time(rect.y),
    map.time(rect.y + rect.height),
  );
  if (last - first < 2) return null;
  const { startTime, sampleInterval } = trace.clock;
  const base = map.px(trace.x);
  const spacingPx = scale.spacing * map.pxPerUnit;
  const perUnit = (scale.gain * spacingPx) / 2;
  const limit = scale.clip * spacingPx;
  const deflect = (v: number) => Math.max(-limit, Math.min(limit, v * perUnit));
  const rowOf = (k: number) => map.py(startTime + k * sampleInterval - trace.shift);

  const line: number[][] = [];
  const fill: number[][] = [[base, rowOf(first)]];
  const rows = Math.max(1, Math.ceil(Math.abs(rowOf(last) - rowOf(first))));
  if (last - first > 2 * rows) {
    const bins = minMaxPerBin(trace.amplitudes, first, last, rows);
    const binSamples = (last - first) / rows;
    for (let b = 0; b < rows; b++) {
      const y = rowOf(first + (b + 0.5) * binSamples);
      const lo = deflect(bins[2 * b]!);
      const hi = deflect(bins[2 * b + 1]!);
      line.push([base + lo, y], [base + hi, y]);
      fill.push([base + Math.max(0, hi), y]);
    }
  } else {
    for (let k = first; k < last; k++) {
      const y = rowOf(k);
      const d = deflect(trace.amplitudes[k]!);
      line.push([base + d, y]);
      fill.push([base + Math.max(0, d), y]);
    }
  }
  fill.push([base, line[line.length - 1]![1]!]);
  return { line, fill };
}

export function wiggleRenderer(
  traces: readonly PlotTrace[],
  scale: WiggleScale,
  filled: boolean,
  palette: PlotPalette,
): CustomSeriesRenderItem {
  return (params, api): CustomSeriesRenderItemReturn => {
    const trace = traces[params.dataIndex];
    if (!trace) return null;
    const rect = params.coordSys as unknown as GridRect;
    const map = pixelMap((value) => api.coord(value));
    const base = map.px(trace.x);
    const reach = scale.clip * scale.spacing * map.pxPerUnit;
    if (base + reach < rect.x || base - reach > rect.x + rect.width) return null;
    const points = tracePoints(trace, rect, map, scale);
    const mark = traceStatusMark(trace, base, rect, palette);
    if (!points) return mark;
    const colour =
      trace.status === 'dead'
        ? palette.deadTrace
        : trace.status === 'reversed'
          ? palette.reversedTrace
          : palette.wiggle;
    const children = [];
    if (filled && trace.status !== 'dead') {
      children.push({
        type: 'polygon' as const,
        silent: true,
        shape: { points: points.fill },
        style: { fill: colour, opacity: 0.85 },
      });
    }
    children.push({
      type: 'polyline' as const,
      silent: true,
      shape: { points: points.line },
      style: {
        stroke: colour,
        lineWidth: 1,
        fill: 'none',
        lineDash: trace.status === 'dead' ? [4, 3] : undefined,
      },
    });
    if (mark) children.push(mark);
    return { type: 'group', children };
  };
}
