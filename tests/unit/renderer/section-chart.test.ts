import { describe, expect, it } from 'vitest';
import type { SectionMisfit } from '../../../src-main/api/contract';
import {
  colourRange,
  fitChartOption,
  misfitOutliers,
  sectionCells,
  type SectionPlot,
} from '../../../src-renderer/src/lib/section-chart-option';
import type { PlotPalette } from '../../../src-renderer/src/lib/gather-plot';

const palette = { text: '#fff', muted: '#999', grid: '#333', danger: '#f00' } as PlotPalette;

const plot: SectionPlot = {
  quantity: 'velocity',
  x: [0, 10],
  z: [5, 0],
  values: [null, 500, 800, 2000],
  coverage: [0, 3, 0, 12],
  surface: [],
  sources: [],
  receivers: [],
  interfaces: [],
  waterTable: [],
};

describe('a section as the chart draws it', () => {
  it('draws the cells with values, faint where no ray passed', () => {
    expect(sectionCells(plot)).toEqual([
      [10, 5, 500, 1],
      [0, 0, 800, 0],
      [10, 0, 2000, 1],
    ]);
  });

  it("scales colours to the covered cells' velocities, the ratios on fixed scales", () => {
    const cells = sectionCells(plot);
    expect(colourRange(plot, cells)).toEqual([500, 2000]);
    expect(colourRange({ ...plot, quantity: 'vpVs' }, cells)).toEqual([1.4, 4]);
    expect(colourRange({ ...plot, quantity: 'poisson' }, cells)).toEqual([0, 0.5]);
  });

  it('keeps a velocity scale at least 20 % of its middle wide, so close layers look close', () => {
    const close = { ...plot, values: [1695, 1717, 1695, 1717], coverage: null };
    const [low, high] = colourRange(close, sectionCells(close));
    expect((low + high) / 2).toBeCloseTo(1706, 6);
    expect(high - low).toBeCloseTo(0.2 * 1706, 6);
    const one = { ...plot, values: [5, 5, 5, 5], coverage: null };
    expect(colourRange(one, sectionCells(one))).toEqual([4, 6]);
  });
});

describe('the picks that fit worst', () => {
  const misfit = (pickId: number, residualMs: number): SectionMisfit => ({
    pickId,
    traceId: pickId,
    shotId: pickId % 2 ? 1 : 2,
    sourceX: 0,
    receiverX: pickId,
    observed: 0.02 + residualMs / 1000,
    modelled: 0.02,
  });

  it('are beyond three times the median misfit and 1 ms, worst first', () => {
    const misfits = [
      ...Array.from({ length: 20 }, (_, i) => misfit(i + 1, i % 2 ? 0.3 : -0.3)),
      misfit(50, 4),
      misfit(51, -9),
      misfit(52, 0.95),
    ];
    expect(misfitOutliers(misfits).map((m) => m.pickId)).toEqual([51, 50]);
    expect(misfitOutliers(misfits, 1)).toHaveLength(1);
  });

  it('draw observed points and modelled lines per shot', () => {
    const option = fitChartOption([misfit(1, 1), misfit(2, 0), misfit(3, 0)], palette) as {
      series: { id: string; data: number[][] }[];
    };
    expect(option.series.map((s) => s.id)).toEqual([
      'observed-1',
      'modelled-1',
      'observed-2',
      'modelled-2',
    ]);
    expect(option.series[0]!.data).toEqual([
      [1, 21, 1],
      [3, 20, 3],
    ]);
  });
});
