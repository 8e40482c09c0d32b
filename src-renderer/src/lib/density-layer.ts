import type { CustomSeriesRenderItem, CustomSeriesRenderItemReturn } from 'echarts';
import {
  pixelMap,
  type GridRect,
  type PixelMap,
  type PlotPalette,
  type PlotTrace,
} from './gather-plot';
import { traceStatusMark } from './trace-status-mark';

/**
 * Variable density: the gather as a grey-scale image, light for positive amplitudes and dark
 * for negative, drawn into one canvas the size of the plot and shown as the single item of a
 * custom series. Each trace fills the columns closer to it than to its neighbours; each pixel
 * row shows the sample of largest magnitude in that row, so a first break is never skipped.
 */

/** Grey level 0..255 of an amplitude; `gain` 1 saturates at the (normalised) peak. */
export function densityGrey(amplitude: number, gain: number): number {
  const v = Math.max(-1, Math.min(1, amplitude * gain));
  return Math.round(127.5 + 127.5 * v);
}

/** The grey of every pixel row of one trace (-1 where the trace has no sample). */
function traceColumn(trace: PlotTrace, rect: GridRect, map: PixelMap, gain: number): Int16Array {
  const column = new Int16Array(Math.ceil(rect.height)).fill(-1);
  const { startTime, sampleInterval } = trace.clock;
  const n = trace.amplitudes.length;
  const index = (y: number) => (map.time(y) + trace.shift - startTime) / sampleInterval;
  for (let r = 0; r < column.length; r++) {
    const a = index(rect.y + r);
    const b = index(rect.y + r + 1);
    const lo = Math.max(0, Math.round(Math.min(a, b)));
    const hi = Math.min(n, Math.max(lo + 1, Math.round(Math.max(a, b))));
    if (lo >= n || hi <= 0) continue;
    let extreme = 0;
    for (let k = lo; k < hi; k++) {
      const v = trace.amplitudes[k]!;
      if (Math.abs(v) > Math.abs(extreme)) extreme = v;
    }
    column[r] = trace.status === 'dead' ? 64 : densityGrey(extreme, gain);
  }
  return column;
}

/** Pixel columns [from, to) of each trace: halfway to its neighbours, at most half a spacing. */
function traceColumns(
  traces: readonly PlotTrace[],
  rect: GridRect,
  map: PixelMap,
  spacing: number,
): { from: number; to: number }[] {
  const half = (spacing * map.pxPerUnit) / 2;
  const centres = traces.map((t) => map.px(t.x));
  const sorted = [...centres].sort((a, b) => a - b);
  return centres.map((c) => {
    const at = sorted.indexOf(c);
    const left = at > 0 ? Math.max(c - half, (sorted[at - 1]! + c) / 2) : c - half;
    const right = at < sorted.length - 1 ? Math.min(c + half, (c + sorted[at + 1]!) / 2) : c + half;
    return {
      from: Math.max(0, Math.round(left - rect.x)),
      to: Math.min(Math.ceil(rect.width), Math.round(right - rect.x)),
    };
  });
}

export function densityRenderer(
  traces: readonly PlotTrace[],
  spacing: number,
  gain: number,
  palette: PlotPalette,
): CustomSeriesRenderItem {
  return (params, api): CustomSeriesRenderItemReturn => {
    const rect = params.coordSys as unknown as GridRect;
    const width = Math.ceil(rect.width);
    const height = Math.ceil(rect.height);
    if (width < 1 || height < 1) return null;
    const map = pixelMap((value) => api.coord(value));
    const image = new ImageData(width, height);
    const pixels = image.data;
    const columns = traceColumns(traces, rect, map, spacing);
    traces.forEach((trace, t) => {
      const { from, to } = columns[t]!;
      if (to <= from) return;
      const grey = traceColumn(trace, rect, map, gain);
      for (let r = 0; r < height; r++) {
        const g = grey[r]!;
        if (g < 0) continue;
        for (let c = from, p = (r * width + from) * 4; c < to; c++, p += 4) {
          pixels[p] = g;
          pixels[p + 1] = g;
          pixels[p + 2] = g;
          pixels[p + 3] = 255;
        }
      }
    });
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    canvas.getContext('2d')!.putImageData(image, 0, 0);
    const marks = traces
      .map((trace) => {
        const x = map.px(trace.x);
        const inside = x >= rect.x && x <= rect.x + rect.width;
        return inside ? traceStatusMark(trace, x, rect, palette) : null;
      })
      .filter((mark) => mark !== null);
    return {
      type: 'group',
      children: [
        {
          type: 'image',
          silent: true,
          style: { image: canvas, x: rect.x, y: rect.y, width, height },
        },
        ...marks,
      ],
    };
  };
}
