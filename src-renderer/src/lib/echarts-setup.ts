import { BarChart, CustomChart, LineChart, ScatterChart } from 'echarts/charts';
import {
  AxisPointerComponent,
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  TooltipComponent,
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
  TooltipComponent,
  CanvasRenderer,
]);

export { echarts };

/**
 * A canvas chart on `container` that follows the container's size, as every view's chart
 * starts; `unmount` stops following and frees the chart (for onMount's cleanup).
 */
export function mountChart(container: HTMLElement): {
  chart: echarts.ECharts;
  unmount: () => void;
} {
  const chart = echarts.init(container, undefined, { renderer: 'canvas' });
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
