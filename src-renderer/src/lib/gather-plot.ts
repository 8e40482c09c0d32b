import type { PickOrigin, PickStatus, TraceStatus } from '../../../src-main/api/contract';
import type { SampleClock } from './sample-grid';
import type { TraceProbabilities } from './shot-probabilities';

/** One trace as the gather chart draws it. */
export interface PlotTrace {
  id: number;
  /** Position on the horizontal axis (offset in m, or channel). */
  x: number;
  /** Reduced-time shift |x|/v (s), 0 without reduction: drawn at time − shift. */
  shift: number;
  clock: SampleClock;
  /** Processed amplitudes, largest |value| 1 (see trace-display-processing). */
  amplitudes: Float32Array;
  status: TraceStatus;
  /** Drawn in its component's colour ('E', 'N'); null: the wiggle colour. */
  component: string | null;
}

/** One pick as the gather chart draws it. */
export interface PlotPick {
  id: number;
  traceIndex: number;
  phase: 'P' | 'S';
  /** Seconds after the source (not reduced). */
  time: number;
  origin: PickOrigin;
  status: PickStatus;
  /** A proposal under the low-confidence probability: drawn dashed, for a closer look. */
  weak?: boolean;
}

export type DisplayMode = 'wiggle' | 'area' | 'density';

export interface WiggleScale {
  /** Axis units between neighbouring traces. */
  spacing: number;
  /** 1: the largest sample reaches halfway to the neighbouring trace. */
  gain: number;
  /** Largest deflection drawn, in trace spacings. */
  clip: number;
}

/** The colours the chart draws with, read from the app's CSS variables. */
export interface PlotPalette {
  P: string;
  S: string;
  wiggle: string;
  deadTrace: string;
  reversedTrace: string;
  background: string;
  text: string;
  muted: string;
  grid: string;
  /** Marks what needs attention (QC flags). */
  danger: string;
  /** The horizontals of 3-component receivers in the all-components view (Z is `wiggle`). */
  componentE: string;
  componentN: string;
  accent: string;
}

/** The pixel rectangle of a cartesian grid, as ECharts hands it to a custom series. */
export interface GridRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/**
 * The linear map from (axis x, display time) to pixels for one render, built from two calls
 * to ECharts' `coord`, so per-sample work is arithmetic and not an ECharts call.
 */
export interface PixelMap {
  /** Pixel column of axis position x. */
  px(x: number): number;
  /** Pixel row of display time t (s). */
  py(t: number): number;
  /** Display time (s) at pixel row y. */
  time(y: number): number;
  /** Pixels per axis unit, horizontally (absolute). */
  pxPerUnit: number;
}

export function pixelMap(coord: (value: [number, number]) => number[]): PixelMap {
  const [x0, y0] = coord([0, 0]) as [number, number];
  const [x1, y1] = coord([1, 1]) as [number, number];
  const perUnit = x1 - x0;
  const perSecond = y1 - y0;
  return {
    px: (x) => x0 + x * perUnit,
    py: (t) => y0 + t * perSecond,
    time: (y) => (y - y0) / perSecond,
    pxPerUnit: Math.abs(perUnit),
  };
}

/** The network's P and S probabilities over the traces, and the auto-pick threshold. */
export interface ProbabilityOverlay {
  /** By trace (same order as the traces); null where a trace has none (a second component). */
  curves: readonly (TraceProbabilities | null)[];
  /** Probability a peak must reach to become a pick: drawn as a level beside each curve. */
  threshold: number;
}

/** A velocity ruler's ends on the gather: [axis position, display time (s)]. */
export interface Ruler {
  a: [number, number];
  b: [number, number];
}
