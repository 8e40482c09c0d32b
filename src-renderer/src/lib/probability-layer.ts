import type { CustomSeriesRenderItem, CustomSeriesRenderItemReturn } from 'echarts';
import {
  pixelMap,
  type GridRect,
  type PlotPalette,
  type PlotTrace,
  type ProbabilityOverlay,
} from './gather-plot';
import { visibleRows } from './pixel-rows';

/**
 * The probability overlay: on each trace the network's P and S probability as a curve in the
 * phase colour, 0 on the trace's axis and 1 at `PROBABILITY_REACH` trace spacings to the
 * right, and the auto-pick threshold as a dashed level beside each rise, with what crosses it
 * filled: the peaks that picking keeps. Where a probability is near 0 (most of the trace)
 * nothing is drawn, so the wiggle stays visible under the overlay.
 */

/** Trace spacings a probability of 1 reaches: short of the next trace. */
export const PROBABILITY_REACH = 0.8;

/** Probabilities below this are not drawn. */
const FLOOR = 0.01;

/**
 * The stretches of a curve that rise above `floor`, as polylines of [value, y] points, each
 * starting and ending with the point below the floor next to it (when there is one), so a
 * rise is drawn from the trace's axis and back to it.
 */
export function rises(
  rows: readonly { y: number; lo: number; hi: number }[],
  floor: number,
): [number, number][][] {
  const stretches: [number, number][][] = [];
  let current: [number, number][] | null = null;
  for (let k = 0; k < rows.length; k++) {
    const { y, lo, hi } = rows[k]!;
    if (hi < floor) {
      if (current) current.push([hi, y]);
      current = null;
      continue;
    }
    if (!current) {
      const before = rows[k - 1];
      current = before ? [[before.hi, before.y]] : [];
      stretches.push(current);
    }
    if (lo !== hi) current.push([lo, y]);
    current.push([hi, y]);
  }
  return stretches;
}

export function probabilityRenderer(
  traces: readonly PlotTrace[],
  overlay: ProbabilityOverlay,
  spacing: number,
  palette: PlotPalette,
): CustomSeriesRenderItem {
  return (params, api): CustomSeriesRenderItemReturn => {
    const trace = traces[params.dataIndex];
    const curve = overlay.curves[params.dataIndex];
    if (!trace || !curve) return null;
    const rect = params.coordSys as unknown as GridRect;
    const map = pixelMap((value) => api.coord(value));
    const base = map.px(trace.x);
    const reach = PROBABILITY_REACH * spacing * map.pxPerUnit;
    if (base + reach < rect.x || base > rect.x + rect.width) return null;
    const level = base + overlay.threshold * reach;
    const children: NonNullable<CustomSeriesRenderItemReturn>[] = [];
    for (const phase of ['P', 'S'] as const) {
      const rows = visibleRows(
        { values: curve[phase], clock: curve.clock, shift: trace.shift },
        rect,
        map,
      );
      for (const stretch of rows ? rises(rows, FLOOR) : []) {
        const ys = stretch.map(([, y]) => y);
        const top = Math.min(...ys);
        const bottom = Math.max(...ys);
        children.push({
          type: 'line',
          silent: true,
          shape: { x1: level, y1: top, x2: level, y2: bottom },
          style: { stroke: palette.muted, lineWidth: 1, lineDash: [3, 3], opacity: 0.6 },
        });
        // What crosses the threshold is filled: the peaks auto-picking would keep.
        if (stretch.some(([v]) => v >= overlay.threshold)) {
          const above = stretch.map(([v, y]) => [base + Math.max(v, overlay.threshold) * reach, y]);
          children.push({
            type: 'polygon',
            silent: true,
            shape: { points: [...above, [level, ys[ys.length - 1]!], [level, ys[0]!]] },
            style: { fill: palette[phase], opacity: 0.2 },
          });
        }
        children.push({
          type: 'polyline',
          silent: true,
          shape: { points: stretch.map(([v, y]) => [base + v * reach, y]) },
          style: { stroke: palette[phase], lineWidth: 1.5, fill: 'none' },
        });
      }
    }
    return children.length ? { type: 'group', children } : null;
  };
}
