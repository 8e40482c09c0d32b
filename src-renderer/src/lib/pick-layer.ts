import type { CustomSeriesRenderItem, CustomSeriesRenderItemReturn } from 'echarts';
import { pixelMap, type PlotPalette, type PlotPick, type PlotTrace } from './gather-plot';
import { crossPath, glyphPath, glyphStyle } from './pick-glyphs';

/** Radius (px) of a pick's marker: large enough to grab with the mouse. */
export const PICK_RADIUS = 5;

/**
 * The picks over the traces: a short line across the trace at the pick time (the time is the
 * line, so the marker never hides the onset) and a marker on it whose colour, shape and fill
 * say phase, origin and status (see pick-glyphs).
 */
export function pickRenderer(
  picks: readonly PlotPick[],
  traces: readonly PlotTrace[],
  spacing: number,
  palette: PlotPalette,
): CustomSeriesRenderItem {
  return (params, api): CustomSeriesRenderItemReturn => {
    const pick = picks[params.dataIndex];
    const trace = pick && traces[pick.traceIndex];
    if (!pick || !trace) return null;
    const map = pixelMap((value) => api.coord(value));
    const cx = map.px(trace.x);
    const cy = map.py(pick.time - trace.shift);
    const half = Math.max(PICK_RADIUS + 3, Math.min(16, 0.4 * spacing * map.pxPerUnit));
    const colour = palette[pick.phase];
    const style = glyphStyle(colour, pick.status, palette.background, pick.weak);
    const children: NonNullable<CustomSeriesRenderItemReturn>[] = [
      {
        type: 'line',
        silent: true,
        shape: { x1: cx - half, y1: cy, x2: cx + half, y2: cy },
        style: { stroke: colour, lineWidth: 2, opacity: style.opacity },
      },
      {
        type: 'path',
        silent: true,
        shape: { pathData: glyphPath(pick.origin, cx, cy, PICK_RADIUS) },
        style: {
          fill: style.fill,
          stroke: style.stroke,
          lineWidth: style.lineWidth,
          opacity: style.opacity,
          ...(style.lineDash ? { lineDash: style.lineDash } : {}),
        },
      },
    ];
    if (style.crossed) {
      children.push({
        type: 'path',
        silent: true,
        shape: { pathData: crossPath(cx, cy, PICK_RADIUS) },
        style: { stroke: colour, lineWidth: 1.5, fill: 'none' },
      });
    }
    return { type: 'group', children };
  };
}
