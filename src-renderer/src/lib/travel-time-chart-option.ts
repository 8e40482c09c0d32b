import type { EChartsCoreOption, LineSeriesOption, ScatterSeriesOption } from 'echarts';
import type { LayerSegment, ShotSummary } from '../../../src-main/api/contract';
import { echarts } from './echarts-setup';
import type { PlotPalette } from './gather-plot';
import type { FitCurve, FlaggedPoint } from './qc-marks';
import { formatMs } from './time-format';
import type { TravelTimeAxis, TravelTimeLine } from './travel-time-lines';

/** A point's data: [position (m), time (ms), pick id]. */
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
  /** The straight branches through each shot's assigned layers. */
  segments: readonly LayerSegment[];
  /** Picks selected for a layer, a nudge or deletion. */
  selected: ReadonlySet<number>;
}

/** Series id of a shot's curve; the click handler reads the shot back from it. */
export const shotSeriesId = (shotId: number) => `shot-${shotId}`;

/** Series id of the QC-flagged picks, whose data is [position, ms, pick id, shot id]. */
export const FLAGGED_SERIES_ID = 'qc-flagged';

/** How flagged picks are marked: a ring around the point, so the point itself stays visible. */
export const FLAGGED_SYMBOL = { symbol: 'diamond', size: 15, borderWidth: 2 } as const;

/**
 * One colour per shot, told apart on dark and light backgrounds alike (Paul Tol's muted and
 * bright schemes, without the pure greys), reused in order after twelve shots.
 */
export const SHOT_COLOURS = [
  '#4477aa',
  '#ee6677',
  '#228833',
  '#ccbb44',
  '#66ccee',
  '#aa3377',
  '#cc6677',
  '#117733',
  '#88ccee',
  '#999933',
  '#882255',
  '#44aa99',
] as const;

export function shotColour(index: number): string {
  return SHOT_COLOURS[index % SHOT_COLOURS.length]!;
}

/** A point's symbol by its layer: one shape per branch, so branches read without colour. */
export function layerSymbol(layer: number | null): string {
  switch (layer) {
    case 1:
      return 'circle';
    case 2:
      return 'rect';
    case 3:
      return 'triangle';
    case null:
      return 'emptyCircle';
    default:
      return 'diamond';
  }
}

/** Where a segment's line lies along the chart's axis: its end distances on its side. */
function segmentEnds(segment: LayerSegment, source: number | undefined, axis: TravelTimeAxis) {
  const sign = segment.side === 'negative' ? -1 : 1;
  const along = (d: number) => (axis === 'receiver' ? source! + sign * d : sign * d);
  const at = (d: number): [number, number] => [
    along(d),
    (segment.intercept + d / segment.velocity!) * 1000,
  ];
  return [at(segment.from), at(segment.to)];
}

/**
 * Travel times of every shot against receiver position (or offset): a line per shot in its
 * own colour with its record id at its end, the current shot drawn thicker, points shaped by
 * their layer, each layer's straight segment with its apparent velocity, and the sources as
 * triangles at time zero (against receiver position), so a wrong shot position shows.
 */
export function travelTimeOption(input: TravelTimeChartInput): EChartsCoreOption {
  const { lines, shots, currentShotId, phase, axis, palette, qc, segments, selected } = input;
  const names = new Map(shots.map((s) => [s.id, s.file]));
  const order = new Map(shots.map((s, i) => [s.id, i]));
  const records = new Map(shots.map((s) => [s.id, s.recordId]));
  const colourOf = (shotId: number) => shotColour(order.get(shotId) ?? shotId);
  const shotName = (shotId: number) => names.get(shotId) ?? `shot ${shotId}`;
  const curves: LineSeriesOption[] = lines.map((line) => {
    const current = line.shotId === currentShotId;
    const colour = colourOf(line.shotId);
    return {
      id: shotSeriesId(line.shotId),
      name: shotName(line.shotId),
      type: 'line',
      z: current ? 3 : 2,
      symbolSize: current ? 8 : 6,
      showSymbol: true,
      lineStyle: { color: colour, width: current ? 3 : 1.5, opacity: current ? 1 : 0.8 },
      itemStyle: { color: colour },
      emphasis: { focus: 'series', lineStyle: { width: 3 } },
      endLabel: {
        show: true,
        formatter: records.get(line.shotId) ?? '',
        color: colour,
        fontWeight: 'bold',
      },
      data: line.points.map((p) => ({
        value: [p.position, p.time * 1000, p.pickId] as TravelTimeDatum,
        symbol: layerSymbol(p.layer),
      })),
    };
  });
  const sourceX = new Map(
    shots.flatMap((s) => (s.sourceAlong === null ? [] : [[s.id, s.sourceAlong] as const])),
  );
  // Every shot's source, picked or not, so the plot spans the line from the first pick on.
  const sources: ScatterSeriesOption = {
    id: 'sources',
    name: 'sources',
    type: 'scatter',
    symbol: 'triangle',
    symbolSize: 11,
    z: 4,
    silent: true,
    // Sources sit at time 0, on the axis: draw the whole triangle.
    clip: false,
    data:
      axis === 'receiver'
        ? shots
            .filter((s) => s.sourceAlong !== null)
            .map((s) => ({ value: [s.sourceAlong!, 0], itemStyle: { color: colourOf(s.id) } }))
        : [],
  };
  // Each layer's straight branch, solid, labelled with its apparent velocity.
  const branches: LineSeriesOption[] = segments
    .filter((s) => s.velocity !== null && (axis === 'offset' || sourceX.has(s.shotId)))
    .map((s) => ({
      id: `segment-${s.shotId}-${s.side}-${s.layer}`,
      type: 'line',
      z: 5,
      silent: true,
      showSymbol: false,
      lineStyle: { color: colourOf(s.shotId), width: 2.5, type: 'solid', opacity: 0.9 },
      label: { show: false },
      endLabel: {
        show: true,
        formatter: `${Math.round(s.velocity!)} m/s`,
        color: palette.text,
        backgroundColor: palette.background,
        padding: [1, 3],
      },
      data: segmentEnds(s, sourceX.get(s.shotId), axis),
    }));
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
    z: 6,
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
  const chosen: ScatterSeriesOption = {
    id: 'selected',
    type: 'scatter',
    z: 7,
    silent: true,
    symbol: 'circle',
    symbolSize: 16,
    itemStyle: { color: 'transparent', borderColor: palette.accent, borderWidth: 2.5 },
    data: lines.flatMap((l) =>
      l.points.filter((p) => selected.has(p.pickId)).map((p) => [p.position, p.time * 1000]),
    ),
  };
  const axisLine = { onZero: false, lineStyle: { color: palette.grid } };
  const axisLabel = { color: palette.muted, hideOverlap: true };
  const nameTextStyle = { color: palette.text };
  return {
    animation: false,
    backgroundColor: 'transparent',
    grid: { left: 64, right: 72, top: 16, bottom: 48 },
    tooltip: {
      trigger: 'item',
      backgroundColor: palette.background,
      borderColor: palette.grid,
      textStyle: { color: palette.text },
      formatter: (params: unknown) => {
        const { seriesId, seriesName, data, value } = params as {
          seriesId: string;
          seriesName: string;
          data: { flags: string[] };
          /** A curve's TravelTimeDatum, or a flagged pick's [position, ms, pick id, shot id]. */
          value: number[];
        };
        const where = `${axis === 'receiver' ? 'receiver x' : 'offset'} ${+value[0]!.toFixed(2)} m · ${formatMs(value[1]! / 1000)} ms`;
        // Tooltips are HTML and file names come from the user's disk: escape them.
        if (seriesId === FLAGGED_SERIES_ID) {
          return `${echarts.format.encodeHTML(shotName(value[3]!))}<br>${where}<br>QC: ${data.flags.join(', ')}`;
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
    series: [...fits, ...curves, ...branches, sources, flagged, chosen],
  };
}
