import type { BarSeriesOption, EChartsCoreOption, LineSeriesOption } from 'echarts';
import type { EvaluationPhase, TrainingEpoch } from '../../../src-main/api/contract';

/** The colours of the training and evaluation charts, from app.css. */
export interface ChartColours {
  text: string;
  muted: string;
  grid: string;
  /** Training loss and validation loss: blue and yellow, told apart with colour blindness. */
  loss: string;
  valLoss: string;
  P: string;
  S: string;
}

export function chartColours(element: Element): ChartColours {
  const css = getComputedStyle(element);
  const v = (name: string) => css.getPropertyValue(name).trim();
  return {
    text: v('--text'),
    muted: v('--muted'),
    grid: v('--border'),
    loss: v('--accent'),
    valLoss: v('--warn'),
    P: v('--p-colour'),
    S: v('--s-colour'),
  };
}

function axis(name: string, c: ChartColours) {
  return {
    name,
    nameTextStyle: { color: c.muted },
    axisLabel: { color: c.muted },
    axisLine: { lineStyle: { color: c.grid } },
    splitLine: { lineStyle: { color: c.grid } },
  };
}

const base = (c: ChartColours) => ({
  animation: false,
  textStyle: { color: c.text },
  legend: { top: 0, textStyle: { color: c.text } },
  tooltip: { trigger: 'axis' as const },
  grid: { left: 56, right: 16, top: 32, bottom: 36 },
});

/**
 * Training and validation loss per finished epoch. The two differ in line style and symbol
 * as well as colour, so they read apart in greyscale too.
 */
export function lossChartOption(
  epochs: readonly TrainingEpoch[],
  c: ChartColours,
): EChartsCoreOption {
  const series = (
    name: string,
    colour: string,
    pick: (e: TrainingEpoch) => number,
    dashed: boolean,
  ): LineSeriesOption => ({
    type: 'line',
    name,
    data: epochs.map((e) => [e.epoch, pick(e)]),
    color: colour,
    symbol: dashed ? 'diamond' : 'circle',
    symbolSize: 7,
    lineStyle: { type: dashed ? 'dashed' : 'solid', width: 2 },
  });
  const last = epochs.at(-1)?.epochs ?? 1;
  return {
    ...base(c),
    xAxis: { type: 'value', min: 1, max: Math.max(2, last), minInterval: 1, ...axis('epoch', c) },
    yAxis: { type: 'value', scale: true, ...axis('loss', c) },
    series: [
      series('training loss', c.loss, (e) => e.loss, false),
      series('validation loss', c.valLoss, (e) => e.valLoss, true),
    ],
  };
}

/** Bin centres in ms, the histogram's category labels. */
export function binCentresMs(h: EvaluationPhase['histogram']): string[] {
  return h.counts.map((_, i) => (1000 * (h.start + (i + 0.5) * h.binWidth)).toFixed(2));
}

/** Residuals (pick − reference) of the true positives per phase, in the phase colours. */
export function residualHistogramOption(
  phases: readonly EvaluationPhase[],
  c: ChartColours,
): EChartsCoreOption {
  const first = phases[0];
  return {
    ...base(c),
    xAxis: {
      type: 'category',
      data: first ? binCentresMs(first.histogram) : [],
      ...axis('residual, ms', c),
      nameLocation: 'middle',
      nameGap: 24,
    },
    yAxis: { type: 'value', minInterval: 1, ...axis('picks', c) },
    series: phases.map((p): BarSeriesOption => ({
      type: 'bar',
      name: p.phase,
      data: p.histogram.counts,
      color: c[p.phase],
      barGap: '0%',
    })),
  };
}
