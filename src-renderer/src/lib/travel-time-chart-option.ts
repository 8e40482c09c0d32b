import type { EChartsCoreOption, LineSeriesOption, ScatterSeriesOption } from 'echarts';
import type { ShotSummary } from '../../../src-main/api/contract';
import { echarts } from './echarts-setup';
import type { PlotPalette } from './gather-plot';
import type { FitCurve, FlaggedPoint } from './qc-marks';
import { formatMs } from './time-format';
import type { TravelTimeAxis, TravelTimeLine } from './travel-time-lines';

/** A point's data: [position (m), time (ms), pick id]; the id opens it in the gather. */
export type TravelTimeDatum = [number, number, number];

export interface TravelTimeChartInput {
  lines: readonly TravelTimeLine[];
  shots: readonly ShotSummary[];
  currentShotId: number | null;
  phase: 'P' | 'S';
  axis: TravelTimeAxis;
  palette: PlotPalette;
  /** A QC run's flagged picks and robust fits (see qc-marks), or null before one. */
  qc: { flagged: FlaggedPoint[]; fits: FitCurve[] } | null;
}

/** Series id of a shot's curve; the click handler reads the shot back from it. */
export const shotSeriesId = (shotId: number) => `shot-${shotId}`;

/** Series id of the QC-flagged picks, whose data is [position, ms, pick id, shot id]. */
export const FLAGGED_SERIES_ID = 'qc-flagged';

/** How flagged picks are marked: a ring around the point, so the point itself stays visible. */
export const FLAGGED_SYMBOL = { symbol: 'diamond', size: 15, borderWidth: 2 } as const;

/**
 * Travel times of every shot against receiver position (or offset): a line per shot in a
 * neutral grey, the current shot drawn over them in the phase colour, and the sources as
 * triangles at time zero (against receiver position), so a wrong shot position shows.
 */
export function travelTimeOption(input: TravelTimeChartInput): EChartsCoreOption {
  const { lines, shots, currentShotId, phase, axis, palette, qc } = input;
  const names = new Map(shots.map((s) => [s.id, s.file]));
  const shotName = (shotId: number) => names.get(shotId) ?? `shot ${shotId}`;
  const highlight = palette[phase];
  const curves: LineSeriesOption[] = lines.map((line) => {
    const current = line.shotId === currentShotId;
    const colour = current ? highlight : palette.wiggle;
    return {
      id: shotSeriesId(line.shotId),
      name: shotName(line.shotId),
      type: 'line',
      z: current ? 3 : 2,
      symbol: 'circle',
      symbolSize: current ? 7 : 5,
      showSymbol: true,
      lineStyle: { color: colour, width: current ? 2.5 : 1, opacity: current ? 1 : 0.55 },
      itemStyle: { color: colour, opacity: current ? 1 : 0.7 },
      emphasis: { focus: 'series', lineStyle: { width: 3 } },
      data: line.points.map((p): TravelTimeDatum => [p.position, p.time * 1000, p.pickId]),
    };
  });
  // Every shot's source, picked or not, so the plot spans the line from the first pick on.
  const sources: ScatterSeriesOption = {
    id: 'sources',
    name: 'sources',
    type: 'scatter',
    symbol: 'triangle',
    symbolSize: 10,
    z: 4,
    silent: true,
    // Sources sit at time 0, on the axis: draw the whole triangle.
    clip: false,
    data:
      axis === 'receiver'
        ? shots
            .filter((s) => s.source !== null)
            .map((s) => ({
              value: [s.source!.x, 0],
              itemStyle: { color: s.id === currentShotId ? highlight : palette.muted },
            }))
        : [],
  };
  // The robust fit under the picks, dashed, so a pick off its curve stands out.
  const fits: LineSeriesOption[] = (qc?.fits ?? []).map((fit) => ({
    id: `qc-fit-${fit.shotId}-${fit.side}`,
    type: 'line',
    z: 1,
    silent: true,
    showSymbol: false,
    lineStyle: { color: palette.muted, width: 1.5, type: 'dashed' },
    data: fit.points,
  }));
  const flagged: ScatterSeriesOption = {
    id: FLAGGED_SERIES_ID,
    name: 'QC flagged',
    type: 'scatter',
    z: 5,
    symbol: FLAGGED_SYMBOL.symbol,
    symbolSize: FLAGGED_SYMBOL.size,
    itemStyle: {
      color: 'transparent',
      borderColor: palette.danger,
      borderWidth: FLAGGED_SYMBOL.borderWidth,
    },
    data: (qc?.flagged ?? []).map((f) => ({
      value: [f.position, f.timeMs, f.pickId, f.shotId],
      flags: f.flags,
    })),
  };
  const axisLine = { onZero: false, lineStyle: { color: palette.grid } };
  const axisLabel = { color: palette.muted, hideOverlap: true };
  const nameTextStyle = { color: palette.text };
  return {
    animation: false,
    backgroundColor: 'transparent',
    grid: { left: 64, right: 24, top: 16, bottom: 48 },
    tooltip: {
      trigger: 'item',
      backgroundColor: palette.background,
      borderColor: palette.grid,
      textStyle: { color: palette.text },
      formatter: (params: unknown) => {
        const { seriesId, seriesName, data, value } = params as {
          seriesId: string;
          seriesName: string;
          data: TravelTimeDatum | { flags: string[] };
          /** A curve's TravelTimeDatum, or a flagged pick's [position, ms, pick id, shot id]. */
          value: number[];
        };
        const where = `${axis === 'receiver' ? 'receiver x' : 'offset'} ${+value[0]!.toFixed(2)} m · ${formatMs(value[1]! / 1000)} ms`;
        // Tooltips are HTML and file names come from the user's disk: escape them.
        if (seriesId === FLAGGED_SERIES_ID) {
          const flags = (data as { flags: string[] }).flags.join(', ');
          return `${echarts.format.encodeHTML(shotName(value[3]!))}<br>${where}<br>QC: ${flags}`;
        }
        return `${echarts.format.encodeHTML(seriesName)}<br>${where}`;
      },
    },
    xAxis: {
      type: 'value',
      scale: true,
      boundaryGap: ['3%', '3%'],
      name: axis === 'receiver' ? 'Receiver x (m)' : 'Offset (m)',
      nameLocation: 'middle',
      nameGap: 28,
      nameTextStyle,
      axisLine,
      axisLabel,
      splitLine: { lineStyle: { color: palette.grid, opacity: 0.5 } },
    },
    yAxis: {
      type: 'value',
      min: 0,
      boundaryGap: ['0%', '5%'],
      name: `${phase} time (ms)`,
      nameLocation: 'middle',
      nameGap: 44,
      nameTextStyle,
      axisLine,
      axisLabel,
      splitLine: { lineStyle: { color: palette.grid, opacity: 0.5 } },
    },
    dataZoom: [
      { type: 'inside', xAxisIndex: 0, filterMode: 'none' },
      { type: 'inside', yAxisIndex: 0, filterMode: 'none' },
    ],
    series: [...fits, ...curves, sources, flagged],
  };
}
