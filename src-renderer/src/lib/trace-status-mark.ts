import type { GridRect, PlotPalette, PlotTrace } from './gather-plot';

/**
 * A small mark at the top of a dead (×) or reversed (R) trace, in every display mode, so a
 * trace's status shows at any zoom; null for a trace that is OK.
 */
export function traceStatusMark(trace: PlotTrace, x: number, rect: GridRect, palette: PlotPalette) {
  if (trace.status === 'ok') return null;
  return {
    type: 'text' as const,
    silent: true,
    style: {
      text: trace.status === 'dead' ? '×' : 'R',
      x,
      y: rect.y + 4,
      align: 'center' as const,
      verticalAlign: 'top' as const,
      fill: trace.status === 'dead' ? palette.deadTrace : palette.reversedTrace,
      font: 'bold 12px system-ui, sans-serif',
    },
  };
}
