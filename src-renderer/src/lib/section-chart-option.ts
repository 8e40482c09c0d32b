import type { EChartsCoreOption } from 'echarts';
import type { SectionMisfit, SectionPoint } from '../../../src-main/api/contract';
import { extentOf } from '../../../src-main/numeric/extent';
import type { PlotPalette } from './gather-plot';
import { shotColour } from './travel-time-chart-option';

/** What a section shows: velocity, or the ratios of a P and an S section. */
export type SectionQuantity = 'velocity' | 'vpVs' | 'poisson';

export interface SectionPlot {
  quantity: SectionQuantity;
  /** Grid: x ascending, z elevations descending, values row-major; null = no value. */
  x: readonly number[];
  z: readonly number[];
  values: readonly (number | null)[];
  /** Ray length per cell (tomography): cells no ray crossed are drawn faint. */
  coverage: readonly number[] | null;
  surface: readonly SectionPoint[];
  sources: readonly SectionPoint[];
  receivers: readonly SectionPoint[];
  interfaces: readonly { layer: number; points: SectionPoint[] }[];
  waterTable: readonly { x: number; z: number | null }[];
}

/** A drawn cell: [x, z, value, covered (1) or not (0)]. */
export type SectionCell = [number, number, number, number];

export function sectionCells(plot: SectionPlot): SectionCell[] {
  const cells: SectionCell[] = [];
  const nx = plot.x.length;
  plot.z.forEach((z, j) => {
    plot.x.forEach((x, i) => {
      const k = j * nx + i;
      const v = plot.values[k];
      if (v === null || v === undefined) return;
      cells.push([x, z, v, plot.coverage === null || (plot.coverage[k] ?? 0) > 0 ? 1 : 0]);
    });
  });
  return cells;
}

/** The narrowest velocity scale, as a share of its middle: two layers 1 % apart look alike. */
const MIN_VELOCITY_SPAN = 0.2;

/**
 * The colour scale's range: a velocity section's own range over covered cells, at least 20 %
 * of its middle wide (otherwise a 1,695 over 1,717 m/s section would look like dry ground
 * over rock); the ratios on fixed scales that say the same on every line (Vp/Vs 1.4–4: dry
 * rock to saturated sediment; ν 0–0.5).
 */
export function colourRange(plot: SectionPlot, cells: readonly SectionCell[]): [number, number] {
  if (plot.quantity === 'vpVs') return [1.4, 4];
  if (plot.quantity === 'poisson') return [0, 0.5];
  const covered = cells.filter((c) => c[3] === 1);
  const range = extentOf((covered.length ? covered : cells).map((c) => c[2]));
  if (!range) return [0, 1];
  const middle = (range[0] + range[1]) / 2;
  const half = Math.max(range[1] - range[0], MIN_VELOCITY_SPAN * middle, 2) / 2;
  return range[1] - range[0] >= 2 * half ? range : [middle - half, middle + half];
}

export const QUANTITY_LABELS: Record<SectionQuantity, string> = {
  velocity: 'Velocity (m/s)',
  vpVs: 'Vp/Vs',
  poisson: "Poisson's ratio",
};

/** Low to high: dark blue (slow, dry) to yellow (fast or saturated), readable when printed grey. */
const SCALE = [
  '#30123b',
  '#4662d7',
  '#36aaf9',
  '#1ae4b6',
  '#72fe5e',
  '#c7ef34',
  '#fbb938',
  '#f56918',
];

/** Regular spacing of a grid axis (the distance between its first two values). */
const step = (values: readonly number[]) =>
  values.length > 1 ? Math.abs(values[1]! - values[0]!) : 1;

export function sectionChartOption(plot: SectionPlot, palette: PlotPalette): EChartsCoreOption {
  const cells = sectionCells(plot);
  const [low, high] = colourRange(plot, cells);
  const dx = step(plot.x);
  const dz = step(plot.z);
  const line = (points: readonly SectionPoint[]) => points.map((p) => [p.x, p.z]);
  const scaleEnd = (v: number) => (plot.quantity === 'velocity' ? v.toFixed(0) : v.toFixed(2));
  return {
    animation: false,
    grid: { left: 64, right: 96, top: 32, bottom: 48 },
    // What the colours measure, above the scale (and in the exported PNG).
    title: {
      text: QUANTITY_LABELS[plot.quantity],
      right: 8,
      top: 0,
      textStyle: { color: palette.text, fontSize: 13, fontWeight: 'normal' },
    },
    tooltip: { trigger: 'item' },
    xAxis: {
      type: 'value',
      name: 'Position (m)',
      nameLocation: 'middle',
      nameGap: 28,
      scale: true,
      axisLine: { onZero: false, lineStyle: { color: palette.muted } },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      name: 'Elevation (m)',
      nameLocation: 'middle',
      nameGap: 44,
      scale: true,
      axisLine: { onZero: false, lineStyle: { color: palette.muted } },
      splitLine: { show: false },
    },
    visualMap: {
      type: 'continuous',
      min: low,
      max: high,
      dimension: 2,
      seriesIndex: 0,
      right: 8,
      top: 'middle',
      calculable: false,
      precision: plot.quantity === 'velocity' ? 0 : 2,
      text: [scaleEnd(high), scaleEnd(low)],
      textStyle: { color: palette.text },
      inRange: { color: SCALE },
    },
    series: [
      {
        id: 'cells',
        type: 'custom',
        data: cells,
        // Drawn in one go: progressively (ECharts' default past 3,000 items) a grid of fine
        // cells showed its top rows only, in the view and in the PNG taken after setOption.
        progressive: 0,
        encode: { x: 0, y: 1, tooltip: [0, 1, 2] },
        renderItem: (_: unknown, api: CellApi) => {
          const x = api.value(0);
          const z = api.value(1);
          const [x0, y0] = api.coord([x - dx / 2, z + dz / 2]);
          const [x1, y1] = api.coord([x + dx / 2, z - dz / 2]);
          return {
            type: 'rect',
            shape: { x: x0, y: y0, width: x1 - x0 + 0.5, height: y1 - y0 + 0.5 },
            // Cells no ray crossed keep the starting model: drawn faint, not hidden.
            style: { fill: api.visual('color'), opacity: api.value(3) === 1 ? 1 : 0.3 },
          };
        },
      },
      {
        id: 'surface',
        type: 'line',
        data: line(plot.surface),
        showSymbol: false,
        lineStyle: { color: palette.text, width: 2 },
        silent: true,
      },
      ...plot.interfaces.map((i) => ({
        id: `interface-${i.layer}`,
        type: 'line',
        data: line(i.points),
        showSymbol: false,
        lineStyle: { color: palette.text, type: 'dashed' },
        silent: true,
      })),
      {
        id: 'water-table',
        type: 'line',
        data: plot.waterTable.map((w) => [w.x, w.z]),
        connectNulls: false,
        showSymbol: false,
        lineStyle: { color: '#66ccee', width: 3, type: 'dotted' },
        silent: true,
      },
      {
        id: 'receivers',
        type: 'scatter',
        data: line(plot.receivers),
        symbol: 'triangle',
        symbolRotate: 180,
        symbolSize: 8,
        itemStyle: { color: palette.text },
      },
      {
        id: 'sources',
        type: 'scatter',
        data: line(plot.sources),
        symbol: 'pin',
        symbolSize: 14,
        itemStyle: { color: palette.danger },
      },
    ],
  };
}

/** The part of ECharts' custom-series API a cell uses. */
interface CellApi {
  value(dimension: number): number;
  coord(point: [number, number]): [number, number];
  visual(name: 'color'): string;
}

/**
 * The picks that fit worst, worst first: beyond three times the median misfit (and 1 ms), at
 * most `limit`. A bad pick shows here before it shows in the section.
 */
export function misfitOutliers(
  misfits: readonly SectionMisfit[],
  limit = 12,
): (SectionMisfit & { residual: number })[] {
  const withResidual = misfits.map((m) => ({ ...m, residual: m.observed - m.modelled }));
  const sizes = withResidual.map((m) => Math.abs(m.residual)).sort((a, b) => a - b);
  const median = sizes.length ? sizes[Math.floor(sizes.length / 2)]! : 0;
  const threshold = Math.max(3 * median, 0.001);
  return withResidual
    .filter((m) => Math.abs(m.residual) > threshold)
    .sort((a, b) => Math.abs(b.residual) - Math.abs(a.residual))
    .slice(0, limit);
}

/** Observed (points) against modelled (lines) travel times, one colour per shot. */
export function fitChartOption(
  misfits: readonly SectionMisfit[],
  palette: PlotPalette,
): EChartsCoreOption {
  const shots = [...new Set(misfits.map((m) => m.shotId))].sort((a, b) => a - b);
  const ms = (s: number) => +(s * 1000).toFixed(3);
  return {
    animation: false,
    grid: { left: 64, right: 16, top: 16, bottom: 48 },
    tooltip: { trigger: 'item' },
    xAxis: {
      type: 'value',
      name: 'Receiver (m)',
      nameLocation: 'middle',
      nameGap: 28,
      scale: true,
      axisLine: { lineStyle: { color: palette.muted } },
      splitLine: { show: false },
    },
    yAxis: {
      type: 'value',
      name: 'Time (ms)',
      nameLocation: 'middle',
      nameGap: 44,
      axisLine: { lineStyle: { color: palette.muted } },
      splitLine: { lineStyle: { color: palette.grid } },
    },
    series: shots.flatMap((shotId, k) => {
      const picks = misfits
        .filter((m) => m.shotId === shotId)
        .sort((a, b) => a.receiverX - b.receiverX);
      const colour = shotColour(k);
      return [
        {
          id: `observed-${shotId}`,
          type: 'scatter',
          data: picks.map((m) => [m.receiverX, ms(m.observed), m.pickId]),
          symbolSize: 5,
          itemStyle: { color: colour },
        },
        {
          id: `modelled-${shotId}`,
          type: 'line',
          data: picks.map((m) => [m.receiverX, ms(m.modelled)]),
          showSymbol: false,
          lineStyle: { color: colour, width: 1.5 },
          silent: true,
        },
      ];
    }),
  };
}
