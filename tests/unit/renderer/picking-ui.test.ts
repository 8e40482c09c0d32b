import type { ModelInfo, QcReport, ShotProbabilities } from '../../../src-main/api/contract';
import { describe, expect, it } from 'vitest';
import { suggestDemoFolder } from '../../../src-renderer/src/lib/demo-folder';
import type { PlotPalette, PlotTrace } from '../../../src-renderer/src/lib/gather-plot';
import { pixelMap } from '../../../src-renderer/src/lib/gather-plot';
import { commandFor } from '../../../src-renderer/src/lib/gather-shortcuts';
import {
  elapsedSeconds,
  formatDuration,
  remainingSeconds,
} from '../../../src-renderer/src/lib/job-eta';
import {
  defaultExportPath,
  exportPhase,
  exportRequest,
} from '../../../src-renderer/src/lib/pick-exchange-forms';
import { pickRenderer } from '../../../src-renderer/src/lib/pick-layer';
import { stepPick } from '../../../src-renderer/src/lib/pick-stepping';
import { DEFAULT_V_MAX as SERVICES_V_MAX } from '../../../src-main/picking/search-start';
import {
  chosenModel,
  DEFAULT_V_MAX,
  validatedPhases,
  pickingRequest,
  type PickingSettings,
} from '../../../src-renderer/src/lib/picking-request';
import { visibleRows } from '../../../src-renderer/src/lib/pixel-rows';
import {
  PROBABILITY_REACH,
  probabilityRenderer,
  rises,
} from '../../../src-renderer/src/lib/probability-layer';
import { flagCounts, qcMarks } from '../../../src-renderer/src/lib/qc-marks';
import { belowConfidence } from '../../../src-renderer/src/lib/trace-cursor';
import {
  decodeProbabilities,
  ProbabilityCache,
} from '../../../src-renderer/src/lib/shot-probabilities';

const base64 = (values: number[]) =>
  Buffer.from(new Float32Array(values).buffer).toString('base64');

describe('job progress', () => {
  it('estimates the time left from the rate so far, once it means something', () => {
    expect(remainingSeconds(0.25, 10)).toBeCloseTo(30);
    expect(remainingSeconds(0.01, 10)).toBeNull();
    expect(remainingSeconds(0.5, 0.5)).toBeNull();
    expect(remainingSeconds(1, 10)).toBeNull();
    expect(formatDuration(8.4)).toBe('8 s');
    expect(formatDuration(125)).toBe('2 min 05 s');
    expect(formatDuration(4800)).toBe('1 h 20 min');
    const startedAt = '2026-01-01T00:00:00.000Z';
    expect(elapsedSeconds({ startedAt, endedAt: null }, Date.parse(startedAt) + 4000)).toBe(4);
    expect(elapsedSeconds({ startedAt, endedAt: '2026-01-01T00:00:02.000Z' }, 1e15)).toBe(2);
  });
});

describe('demo folder', () => {
  it('sits beside the typed project folder, with its separator', () => {
    expect(suggestDemoFolder('/data/line-12', '/home/ana')).toBe('/data/pickline-demo');
    expect(suggestDemoFolder('/data/line-12/', '/home/ana')).toBe('/data/pickline-demo');
    expect(suggestDemoFolder('C:\\surveys\\line-3', 'C:\\Users\\ana')).toBe(
      'C:\\surveys\\pickline-demo',
    );
    expect(suggestDemoFolder('', '/home/ana')).toBe('/home/ana/pickline-demo');
    expect(suggestDemoFolder('line-3', 'C:\\Users\\ana')).toBe('C:\\Users\\ana\\pickline-demo');
  });
});

describe('auto-pick request', () => {
  const models = [
    { name: 'phasenet', isDefault: false },
    { name: 'near-surface', isDefault: true },
  ] as ModelInfo[];
  const settings: PickingSettings = {
    method: 'phasenet',
    model: null,
    P: true,
    S: true,
    threshold: 0.4,
    strategy: 'gather',
    vMax: 6000,
    hum: 'off',
    scope: 'all',
    lowConfidence: 0.5,
  };
  it('uses the chosen model when the project has it, else the default', () => {
    expect(chosenModel({ model: 'phasenet' }, models)).toBe('phasenet');
    expect(chosenModel({ model: 'from-another-project' }, models)).toBe('near-surface');
    expect(chosenModel({ model: null }, [])).toBeNull();
  });
  it("starts the phase boxes at the chosen model's validated phases", () => {
    const validated = [
      { name: 'phasenet', isDefault: false, validatedPhases: ['P', 'S'] },
      { name: 'near-surface', isDefault: true, validatedPhases: ['P'] },
    ] as ModelInfo[];
    const bundled = { name: 'near-surface', validatedPhases: ['P' as const] };
    expect(validatedPhases({ model: null }, validated, bundled)).toEqual(['P']);
    expect(validatedPhases({ model: 'phasenet' }, validated, bundled)).toEqual(['P', 'S']);
    // No model yet: picking will register the bundled one.
    expect(validatedPhases({ model: null }, [], bundled)).toEqual(['P']);
    expect(validatedPhases({ model: null }, [], null)).toEqual(['P', 'S']);
  });
  it("starts at the services' fastest velocity", () => {
    expect(DEFAULT_V_MAX).toBe(SERVICES_V_MAX);
  });
  it('builds the input, or says why it cannot start', () => {
    expect(pickingRequest(settings, models, null)).toEqual({
      input: {
        method: 'phasenet',
        phases: ['P', 'S'],
        vMax: 6000,
        hum: 'off',
        threshold: 0.4,
        strategy: 'gather',
        model: 'near-surface',
      },
    });
    expect(pickingRequest({ ...settings, strategy: 'trace' }, models, null)).toMatchObject({
      input: { strategy: 'trace' },
    });
    // Classical pickers: P only, no threshold or model.
    expect(pickingRequest({ ...settings, method: 'stalta', scope: 'current' }, models, 7)).toEqual({
      input: { method: 'stalta', phases: ['P'], vMax: 6000, hum: 'off', shotIds: [7] },
    });
    // Hum goes with either kind of picker.
    expect(pickingRequest({ ...settings, method: 'aic', hum: 60 }, models, null)).toMatchObject({
      input: { hum: 60 },
    });
    // An empty velocity searches from the shot on; a negative one is refused.
    expect(pickingRequest({ ...settings, vMax: null }, models, null)).toMatchObject({
      input: { vMax: null },
    });
    expect(pickingRequest({ ...settings, vMax: -5 }, models, null)).toHaveProperty('problem');
    expect(pickingRequest({ ...settings, method: 'aic', P: false }, models, null)).toEqual({
      problem: 'Choose P, S or both.',
    });
    expect(pickingRequest({ ...settings, threshold: 1.2 }, models, null)).toHaveProperty('problem');
    expect(pickingRequest({ ...settings, scope: 'current' }, models, null)).toHaveProperty(
      'problem',
    );
  });
});

describe('export form', () => {
  it('takes one phase for formats without a phase column', () => {
    expect(exportPhase('sgt', 'both')).toBe('P');
    expect(exportPhase('csv', 'both')).toBeNull();
    expect(exportPhase('vs', 'S')).toBe('S');
    expect(exportRequest('csv', 'both', false, ' /x/picks.csv ')).toEqual({
      format: 'csv',
      out: '/x/picks.csv',
      status: 'all',
    });
    expect(exportRequest('sgt', 'S', true, '/x/s.sgt')).toEqual({
      format: 'sgt',
      out: '/x/s.sgt',
      status: 'accepted',
      phase: 'S',
    });
  });
  it('suggests a path in the project folder, by phase and format', () => {
    expect(defaultExportPath('/p/line', 'sgt', 'P')).toBe('/p/line/picks-P.sgt');
    expect(defaultExportPath('/p/line/', 'csv', null)).toBe('/p/line/picks-PS.csv');
    expect(defaultExportPath('/p/line', 'pyrefra', 'S')).toBe('/p/line/pyrefra-S');
    expect(defaultExportPath('C:\\p\\line', 'summary', null)).toBe('C:\\p\\line\\picks-PS.txt');
  });
});

describe('stepping through picks', () => {
  const picks = [
    { id: 3, x: 10, time: 0.2 },
    { id: 1, x: 0, time: 0.1 },
    { id: 2, x: 10, time: 0.1 },
  ];
  it('visits picks left to right, early to late on one trace', () => {
    expect(stepPick(picks, null, 1)?.id).toBe(1);
    expect(stepPick(picks, null, -1)?.id).toBe(3);
    expect(stepPick(picks, picks[2]!, 1)?.id).toBe(3);
    expect(stepPick(picks, picks[0]!, -1)?.id).toBe(2);
    expect(stepPick(picks, picks[0]!, 1)).toBeNull();
  });
  it('binds [ and ] to the previous and next proposal', () => {
    const key = { ctrlKey: false, metaKey: false, shiftKey: false, altKey: false };
    expect(commandFor({ ...key, key: ']' }, false)).toBe('next-proposal');
    expect(commandFor({ ...key, key: '[' }, true)).toBe('previous-proposal');
  });
});

/** A plot 1000 px high showing 0..1 s, 10 px per metre across (ECharts' coord, faked). */
const coord = ([x, t]: [number, number]) => [x * 10, t * 1000];

/** One trace at x = 20, 1 ms samples from the shot. */
function traceAt20(samples: number): PlotTrace {
  return {
    id: 1,
    x: 20,
    shift: 0,
    clock: { startTime: 0, sampleInterval: 0.001 },
    amplitudes: new Float32Array(samples),
    status: 'ok',
    component: null,
  };
}
const rect = { x: 0, y: 0, width: 1000, height: 1000 };

describe('pixel rows', () => {
  it('keeps every sample when there are few, min and max per row when there are many', () => {
    const map = pixelMap(coord);
    const few = visibleRows(
      { values: [0, 1, 2], clock: { startTime: 0.1, sampleInterval: 0.1 }, shift: 0 },
      rect,
      map,
    )!;
    expect(few.map((r) => [Math.round(r.y), r.lo, r.hi])).toEqual([
      [100, 0, 0],
      [200, 1, 1],
      [300, 2, 2],
    ]);
    const values = new Float32Array(100_000);
    values[50_000] = 5;
    const many = visibleRows(
      { values, clock: { startTime: 0, sampleInterval: 1e-5 }, shift: 0 },
      rect,
      map,
    )!;
    expect(many.length).toBeLessThanOrEqual(1001);
    expect(Math.max(...many.map((r) => r.hi))).toBe(5);
    // A reduced trace is drawn `shift` earlier.
    const shifted = visibleRows(
      { values: [0, 1, 2], clock: { startTime: 0.1, sampleInterval: 0.1 }, shift: 0.05 },
      rect,
      map,
    )!;
    expect(shifted[0]!.y).toBeCloseTo(50);
  });
});

describe('probability overlay', () => {
  it('draws only the rises above the floor, from and back to the axis', () => {
    const rows = [0, 0, 0.5, 0.9, 0.2, 0, 0, 0.3, 0].map((v, y) => ({ y, lo: v, hi: v }));
    expect(rises(rows, 0.01)).toEqual([
      [
        [0, 1],
        [0.5, 2],
        [0.9, 3],
        [0.2, 4],
        [0, 5],
      ],
      [
        [0, 6],
        [0.3, 7],
        [0, 8],
      ],
    ]);
  });

  it('draws a weak proposal dashed, and nothing a person picked or judged', () => {
    const trace = traceAt20(100);
    const palette = { P: 'orange', S: 'blue', background: 'white' } as PlotPalette;
    const base = { id: 1, traceIndex: 0, phase: 'P' as const, time: 0.02, origin: 'auto' as const };
    const picks = [
      { ...base, status: 'proposed' as const, weak: true },
      { ...base, status: 'proposed' as const, weak: false },
      { ...base, status: 'accepted' as const, weak: true },
    ];
    const render = pickRenderer(picks, [trace], 4, palette);
    const dash = (i: number) => {
      const group = render({ dataIndex: i, coordSys: rect } as never, { coord } as never) as {
        children: { type: string; style: { lineDash?: number[] } }[];
      };
      return group.children.find((c) => c.type === 'path')!.style.lineDash ?? null;
    };
    expect([dash(0), dash(1), dash(2)]).toEqual([[2, 2], null, null]);
    // Weak: a picker's pick under the level; a person's never, nor one without a probability.
    expect(belowConfidence({ origin: 'auto', probability: 0.04 }, 0.5)).toBe(true);
    expect(belowConfidence({ origin: 'auto', probability: 0.5 }, 0.5)).toBe(false);
    expect(belowConfidence({ origin: 'manual', probability: 0.04 }, 0.5)).toBe(false);
    expect(belowConfidence({ origin: 'auto', probability: null }, 0.5)).toBe(false);
  });

  it('puts each curve on its trace at the model grid times, the threshold level beside it', () => {
    // P peaks at sample 30 of a 10 ms grid starting at -0.1 s: 0.2 s; S at 0.5 s.
    const P = new Float32Array(100);
    const S = new Float32Array(100);
    P.set([0.5, 1, 0.5], 29);
    S.set([0.2, 0.6, 0.2], 59);
    const trace = traceAt20(1000);
    const palette = { P: 'orange', S: 'blue', muted: 'grey' } as PlotPalette;
    const render = probabilityRenderer(
      [trace],
      { curves: [{ clock: { startTime: -0.1, sampleInterval: 0.01 }, P, S }], threshold: 0.5 },
      4,
      palette,
    );
    const group = render({ dataIndex: 0, coordSys: rect } as never, { coord } as never) as {
      children: {
        type: string;
        shape: { points?: number[][]; x1?: number };
        style: { stroke?: string; fill?: string };
      }[];
    };
    const reach = PROBABILITY_REACH * 4 * 10;
    const peak = (colour: string) => {
      const line = group.children.find((c) => c.type === 'polyline' && c.style.stroke === colour)!;
      return line.shape.points!.reduce((a, b) => (b[0]! > a[0]! ? b : a));
    };
    expect(peak('orange')[0]).toBe(200 + reach);
    expect(peak('orange')[1]).toBeCloseTo(200, 9);
    expect(peak('blue')[1]).toBeCloseTo(500, 9);
    expect(peak('blue')[0]).toBeCloseTo(200 + 0.6 * reach, 4);
    const levels = group.children.filter((c) => c.type === 'line');
    expect(levels.map((l) => l.shape.x1)).toEqual([200 + 0.5 * reach, 200 + 0.5 * reach]);
    // Both peaks cross 0.5: both are filled.
    expect(group.children.filter((c) => c.type === 'polygon').map((c) => c.style.fill)).toEqual([
      'orange',
      'blue',
    ]);
  });

  it('decodes a shot once and keeps recent shots, retrying after a failure', async () => {
    const answer: ShotProbabilities = {
      model: 'm',
      traces: [{ traceId: 4, dt: 0.01, startTime: 0, p: base64([0.1, 0.9]), s: base64([0, 0.2]) }],
    };
    const asked: string[] = [];
    let fail = true;
    const cache = new ProbabilityCache(async (shotId, model) => {
      asked.push(`${shotId}:${model}`);
      if (fail) throw new Error('no default model');
      return answer;
    }, 2);
    await expect(cache.get('/p', 1, null)).rejects.toThrow('no default model');
    fail = false;
    const first = await cache.get('/p', 1, null);
    expect([...first.byTrace.get(4)!.P]).toEqual([expect.closeTo(0.1, 6), expect.closeTo(0.9, 6)]);
    await cache.get('/p', 1, null);
    await cache.get('/p', 2, 'm');
    await cache.get('/other', 1, null);
    await cache.get('/p', 1, null);
    expect(asked).toEqual(['1:null', '1:null', '2:m', '1:null', '1:null']);
    expect(decodeProbabilities(answer).byTrace.get(4)!.clock).toEqual({
      startTime: 0,
      sampleInterval: 0.01,
    });
  });
});

describe('QC marks', () => {
  const item = (pickId: number, offset: number, time: number | null, flags: string[] = []) => ({
    pickId,
    traceId: pickId,
    offset,
    time,
    predicted: Math.abs(offset) / 1000,
    residual: null,
    flags: flags as never,
    corrected: null,
  });
  const report = {
    phase: 'P',
    shots: [
      {
        shotId: 1,
        recordId: '1',
        picks: 4,
        flagged: 2,
        apparentVelocities: [],
        items: [
          item(1, -8, 0.008),
          item(2, -4, 0.02, ['residual']),
          item(3, 4, 0.004),
          item(4, 8, null, ['missing', 'velocity']),
        ],
      },
    ],
  } as unknown as QcReport;
  it('places flagged picks and one fit curve per side along the axis', () => {
    const marks = qcMarks(report, 'receiver', new Map([[1, 100]]));
    expect(marks.flagged.map((f) => [f.pickId, f.position, f.timeMs])).toEqual([
      [2, 96, 20],
      [4, 108, 8],
    ]);
    expect(marks.fits).toEqual([
      {
        shotId: 1,
        side: 'negative',
        points: [
          [92, 8],
          [96, 4],
        ],
      },
      {
        shotId: 1,
        side: 'positive',
        points: [
          [104, 4],
          [108, 8],
        ],
      },
    ]);
    expect(qcMarks(report, 'offset', new Map()).flagged[0]!.position).toBe(-4);
    // Against receiver position, a shot without a source position cannot be placed.
    expect(qcMarks(report, 'receiver', new Map()).flagged).toEqual([]);
    expect(flagCounts(report)).toEqual({ residual: 1, missing: 1, velocity: 1 });
  });
});
