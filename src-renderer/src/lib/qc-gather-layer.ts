import type { CustomSeriesRenderItem, CustomSeriesRenderItemReturn } from 'echarts';
import { pixelMap, type PlotPalette, type PlotTrace } from './gather-plot';
import { PICK_RADIUS } from './pick-layer';

/**
 * The QC of the shot on its traces: a flagged pick gets a ring in the warning colour, and where
 * the fit proposes another time, a hollow dashed marker sits there with a line from the pick,
 * so the person sees how far and which way a correction would move it before accepting it.
 */
export interface GatherQcMark {
  traceIndex: number;
  pickId: number;
  /** Seconds after the source (not reduced). */
  time: number;
  corrected: number | null;
  flags: string[];
}

export function qcGatherRenderer(
  marks: readonly GatherQcMark[],
  traces: readonly PlotTrace[],
  palette: PlotPalette,
): CustomSeriesRenderItem {
  return (params, api): CustomSeriesRenderItemReturn => {
    const mark = marks[params.dataIndex];
    const trace = mark && traces[mark.traceIndex];
    if (!mark || !trace) return null;
    const map = pixelMap((value) => api.coord(value));
    const cx = map.px(trace.x);
    const cy = map.py(mark.time - trace.shift);
    const r = PICK_RADIUS + 5;
    const children: NonNullable<CustomSeriesRenderItemReturn>[] = [
      {
        type: 'circle',
        silent: true,
        shape: { cx, cy, r },
        style: { fill: 'none', stroke: palette.danger, lineWidth: 2 },
      },
    ];
    if (mark.corrected !== null) {
      const ty = map.py(mark.corrected - trace.shift);
      children.push(
        {
          type: 'line',
          silent: true,
          shape: { x1: cx, y1: cy + Math.sign(ty - cy) * r, x2: cx, y2: ty },
          style: { stroke: palette.danger, lineWidth: 1.5, lineDash: [4, 3] },
        },
        {
          type: 'rect',
          silent: true,
          shape: { x: cx - r, y: ty - 4, width: 2 * r, height: 8, r: 2 },
          style: { fill: 'none', stroke: palette.danger, lineWidth: 2, lineDash: [3, 2] },
        },
      );
    }
    return { type: 'group', children };
  };
}
