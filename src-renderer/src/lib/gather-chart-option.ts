import type { CustomSeriesOption, EChartsCoreOption } from 'echarts';
import { densityRenderer } from './density-layer';
import { CHART_FONT_SIZE } from './echarts-setup';
import type {
  DisplayMode,
  PlotPalette,
  PlotPick,
  PlotTrace,
  ProbabilityOverlay,
  WiggleScale,
} from './gather-plot';
import { pickRenderer } from './pick-layer';
import { qcGatherRenderer, type GatherQcMark } from './qc-gather-layer';
import { probabilityRenderer } from './probability-layer';
import { formatMs } from './time-format';
import { wiggleRenderer } from './wiggle-layer';

/** Everything the gather chart shows. */
export interface GatherChartModel {
  traces: readonly PlotTrace[];
  picks: readonly PlotPick[];
  /** The network's probabilities, when the overlay is on. */
  probabilities: ProbabilityOverlay | null;
  /** QC flags and corrections of the shot, when shown. */
  qc: readonly GatherQcMark[];
  mode: DisplayMode;
  scale: WiggleScale;
  palette: PlotPalette;
  /** Horizontal axis title, e.g. 'Offset (m)'. */
  positionName: string;
  /** Vertical axis title, e.g. 'Time (ms)'. */
  timeName: string;
}

/** Series ids, so an update can replace one layer and leave the zoom alone. */
export const SERIES = {
  traces: 'traces',
  probabilities: 'probabilities',
  qc: 'qc',
  picks: 'picks',
} as const;

/** Axis ranges that hold every trace (with room for its wiggle) and every sample. */
export function gatherExtent(traces: readonly PlotTrace[], spacing: number) {
  const xs = traces.map((t) => t.x);
  const starts = traces.map((t) => t.clock.startTime - t.shift);
  const ends = traces.map(
    (t) => t.clock.startTime + (t.amplitudes.length - 1) * t.clock.sampleInterval - t.shift,
  );
  return {
    x: [Math.min(...xs) - spacing, Math.max(...xs) + spacing] as [number, number],
    time: [Math.min(...starts), Math.max(...ends)] as [number, number],
  };
}

export function traceSeries(model: GatherChartModel): CustomSeriesOption {
  const { traces, scale, palette, mode } = model;
  const single = mode === 'density';
  return {
    id: SERIES.traces,
    type: 'custom',
    clip: true,
    silent: true,
    animation: false,
    z: 1,
    // Variable density is one image of the whole plot: one item; wiggles draw one per trace.
    data: single ? [[traces[0]?.x ?? 0, 0]] : traces.map((t, i) => [t.x, i]),
    renderItem: single
      ? densityRenderer(traces, scale.spacing, scale.gain, palette)
      : wiggleRenderer(traces, scale, mode === 'area', palette),
  };
}

/** The probability curves over the traces (no items while the overlay is off). */
export function probabilitySeries(model: GatherChartModel): CustomSeriesOption {
  const { probabilities, traces, scale, palette } = model;
  return {
    id: SERIES.probabilities,
    type: 'custom',
    clip: true,
    silent: true,
    animation: false,
    z: 2,
    data: probabilities ? traces.map((t, i) => [t.x, i]) : [],
    renderItem: probabilities
      ? probabilityRenderer(traces, probabilities, scale.spacing, palette)
      : () => null,
  };
}

export function pickSeries(model: GatherChartModel): CustomSeriesOption {
  const { picks, traces, scale, palette } = model;
  return {
    id: SERIES.picks,
    type: 'custom',
    clip: true,
    silent: true,
    animation: false,
    z: 3,
    data: picks.map((p) => {
      const trace = traces[p.traceIndex]!;
      return [trace.x, p.time - trace.shift];
    }),
    renderItem: pickRenderer(picks, traces, scale.spacing, palette),
  };
}

/** QC flags and the fit's corrections, under the picks (no items while they are hidden). */
export function qcSeries(model: GatherChartModel): CustomSeriesOption {
  const { qc, traces, palette } = model;
  return {
    id: SERIES.qc,
    type: 'custom',
    clip: true,
    silent: true,
    animation: false,
    z: 2.5,
    data: qc.map((m) => {
      const trace = traces[m.traceIndex]!;
      return [trace.x, m.time - trace.shift];
    }),
    renderItem: qcGatherRenderer(qc, traces, palette),
  };
}

/** The axes of the current model (their ranges change with reduction and trace axis). */
export function axesOption(model: GatherChartModel) {
  const { x, time } = gatherExtent(model.traces, model.scale.spacing);
  const { palette } = model;
  // At the plot's edge, not through offset 0 or time 0 (which reduction moves into view).
  const axisLine = { onZero: false, lineStyle: { color: palette.grid } };
  // The ends of a zoomed axis fall between ticks (16, 423.333): only round ticks are labelled.
  const axisLabel = {
    color: palette.muted,
    hideOverlap: true,
    showMinLabel: false,
    showMaxLabel: false,
  };
  const nameTextStyle = { color: palette.text };
  return {
    xAxis: {
      type: 'value' as const,
      position: 'top' as const,
      min: x[0],
      max: x[1],
      name: model.positionName,
      nameLocation: 'middle' as const,
      nameGap: 24,
      nameTextStyle,
      axisLine,
      axisLabel,
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value' as const,
      inverse: true,
      min: time[0],
      max: time[1],
      name: model.timeName,
      nameLocation: 'middle' as const,
      nameGap: 48,
      nameTextStyle,
      axisLine,
      axisLabel: { ...axisLabel, formatter: (v: number) => formatMs(v) },
      splitLine: { lineStyle: { color: palette.grid, opacity: 0.5 } },
      // A horizontal line follows the cursor and reads out its time: where a click would pick.
      axisPointer: {
        show: true,
        snap: false,
        triggerTooltip: false,
        lineStyle: { color: palette.muted, type: 'dashed' as const },
        label: {
          fontSize: CHART_FONT_SIZE,
          formatter: ({ value }: { value: unknown }) => `${formatMs(Number(value), 2)} ms`,
          backgroundColor: palette.grid,
          color: palette.text,
        },
      },
    },
  };
}

/**
 * The full option for a new chart or a reset view: grid, axes, zoom (wheel and drag inside
 * the plot, a slider for time on the right) opening on `timeWindow`, and every layer.
 */
export function gatherOption(
  model: GatherChartModel,
  timeWindow: [number, number],
): EChartsCoreOption {
  return {
    animation: false,
    backgroundColor: 'transparent',
    grid: { left: 64, right: 44, top: 44, bottom: 8 },
    ...axesOption(model),
    dataZoom: [
      { type: 'inside', id: 'zoom-x', xAxisIndex: 0, filterMode: 'none' },
      {
        type: 'inside',
        id: 'zoom-t',
        yAxisIndex: 0,
        filterMode: 'none',
        startValue: timeWindow[0],
        endValue: timeWindow[1],
      },
      {
        type: 'slider',
        id: 'slider-t',
        yAxisIndex: 0,
        filterMode: 'none',
        right: 8,
        width: 16,
        showDetail: false,
        showDataShadow: false,
        borderColor: model.palette.grid,
        fillerColor: 'rgba(79, 163, 255, 0.2)',
        handleStyle: { color: model.palette.muted },
        moveHandleSize: 0,
      },
    ],
    series: [traceSeries(model), probabilitySeries(model), qcSeries(model), pickSeries(model)],
  };
}
