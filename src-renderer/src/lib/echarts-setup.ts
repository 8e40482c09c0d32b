import { BarChart, CustomChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  AxisPointerComponent,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only the parts the views use, so the bundle stays small; the canvas renderer draws without
// inline scripts or remote content, which the app's Content-Security-Policy requires.
echarts.use([
  BarChart,
  CustomChart,
  LineChart,
  ScatterChart,
  AxisPointerComponent,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  TitleComponent,
  TooltipComponent,
  VisualMapContinuousComponent,
  CanvasRenderer,
]);

export { echarts };

/** The smallest text the app draws, in the charts as in the page (app.css). */
export const CHART_FONT_SIZE = 13;

/**
 * Every chart's text at CHART_FONT_SIZE: ECharts' own default (12 px axis labels) is too
 * small to read in sunlight. A theme reaches every axis, legend and tooltip at once.
 */
const axis = {
  axisLabel: { fontSize: CHART_FONT_SIZE },
  nameTextStyle: { fontSize: CHART_FONT_SIZE },
};
export const CHART_THEME = {
  textStyle: { fontSize: CHART_FONT_SIZE },
  valueAxis: axis,
  categoryAxis: axis,
  logAxis: axis,
  legend: { textStyle: { fontSize: CHART_FONT_SIZE } },
  tooltip: { textStyle: { fontSize: CHART_FONT_SIZE } },
  axisPointer: { label: { fontSize: CHART_FONT_SIZE } },
};
echarts.registerTheme('pickline', CHART_THEME);

/**
 * A canvas chart on `container` that follows the container's size, as every view's chart
 * starts; `unmount` stops following and frees the chart (for onMount's cleanup).
 */
export function mountChart(container: HTMLElement): {
  chart: echarts.ECharts;
  unmount: () => void;
} {
  const chart = echarts.init(container, 'pickline', { renderer: 'canvas' });
  const resize = new ResizeObserver(() => chart.resize());
  resize.observe(container);
  return {
    chart,
    unmount: () => {
      resize.disconnect();
      chart.dispose();
    },
  };
}
