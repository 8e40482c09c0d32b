import type { CustomSeriesRenderItem, CustomSeriesRenderItemReturn } from 'echarts';
import {
  pixelMap,
  type GridRect,
  type PixelMap,
  type PlotPalette,
  type PlotTrace,
  type WiggleScale,
} from './gather-plot';
import { visibleRows } from './pixel-rows';
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
  map: PixelMap,
  scale: WiggleScale,
): { line: number[][]; fill: number[][] } | null {
  const rows = visibleRows(
    { values: trace.amplitudes, clock: trace.clock, shift: trace.shift },
    rect,
    map,
  );
  if (!rows) return null;
  const base = map.px(trace.x);
  const spacingPx = scale.spacing * map.pxPerUnit;
  const perUnit = (scale.gain * spacingPx) / 2;
  const limit = scale.clip * spacingPx;
  const deflect = (v: number) => Math.max(-limit, Math.min(limit, v * perUnit));

  const line: number[][] = [];
  const fill: number[][] = [[base, rows[0]!.y]];
  for (const { y, lo, hi } of rows) {
    const a = deflect(lo);
    const b = deflect(hi);
    if (lo === hi) line.push([base + a, y]);
    else line.push([base + a, y], [base + b, y]);
    fill.push([base + Math.max(0, b), y]);
  }
  fill.push([base, line[line.length - 1]![1]!]);
  return { line, fill };
}

/** A trace's colour by its component: Z (or unknown) the wiggle colour, E and N their own. */
export function componentColour(component: string | null, palette: PlotPalette): string {
  if (component === 'E') return palette.componentE;
  if (component === 'N') return palette.componentN;
  return palette.wiggle;
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
          : componentColour(trace.component, palette);
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
