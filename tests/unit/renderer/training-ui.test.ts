import { describe, expect, it } from 'vitest';
import type {
  ModelEvaluation,
  ModelInfo,
  ProjectSummary,
  TrainingEpoch,
} from '../../../src-main/api/contract';
import {
  evaluationRows,
  latestEvaluation,
  toleranceMs,
} from '../../../src-renderer/src/lib/evaluation-table';
import {
  binCentresMs,
  lossChartOption,
  residualHistogramOption,
  type ChartColours,
} from '../../../src-renderer/src/lib/model-charts';
import {
  defaultInit,
  labelCount,
  suggestModelName,
  trainingRequest,
  TRAINING_DEFAULTS,
  type TrainingSettings,
} from '../../../src-renderer/src/lib/training-request';

const model = (id: number, name: string, isDefault = false): ModelInfo => ({
  id,
  name,
  architecture: 'phasenet',
  sampleRate: 4000,
  inputChannels: 1,
  isDefault,
  source: '',
  licence: 'MIT',
  evaluations: [],
  validatedPhases: ['P', 'S'],
});
const models = [model(1, 'near-surface', true), model(2, 'near-surface-tuned')];
const settings = (patch: Partial<TrainingSettings> = {}): TrainingSettings => ({
  ...TRAINING_DEFAULTS,
  init: 1,
  name: 'line-7',
  ...patch,
});

describe('training form', () => {
  it('starts from the default model and suggests a free name', () => {
    expect(defaultInit(models)).toBe(1);
    expect(defaultInit([])).toBe('bundled');
    expect(suggestModelName(1, models)).toBe('near-surface-tuned-2');
    expect(suggestModelName(2, models)).toBe('near-surface-tuned-tuned');
    expect(suggestModelName('scratch', models)).toBe('line-model');
  });

  it('builds the API input, with loading and freezing only from a model', () => {
    expect(
      trainingRequest(settings({ freeze: 'deepest', deepest: 2, window: 256, epochs: 3 }), models),
    ).toEqual({
      input: {
        init: { model: 1 },
        name: 'line-7',
        load: 'all',
        freeze: 'deepest:2',
        epochs: 3,
        batch: 16,
        steps: 25,
        lr: 0.0003,
        window: 256,
      },
    });
    expect(
      trainingRequest(settings({ init: 'scratch', freeze: 'encoder', channels: 3 }), models),
    ).toEqual({
      input: {
        init: 'scratch',
        name: 'line-7',
        channels: 3,
        epochs: 10,
        batch: 16,
        steps: 25,
        lr: 0.0003,
      },
    });
    const layers = trainingRequest(
      settings({ init: 'bundled', freeze: 'layers', layersFrom: 'input', layersTo: 'encoder_2' }),
      models,
    );
    expect(layers).toMatchObject({ input: { init: 'bundled', freeze: 'layers:input-encoder_2' } });
  });

  it('says what to fix first', () => {
    const problem = (patch: Partial<TrainingSettings>) =>
      (trainingRequest(settings(patch), models) as { problem: string }).problem;
    expect(problem({ name: ' ' })).toBe('Name the new model.');
    expect(problem({ name: 'near-surface' })).toBe(
      'A model named "near-surface" is registered already: choose another name.',
    );
    expect(problem({ init: 9 })).toBe('Choose the model to start from.');
    expect(problem({ freeze: 'deepest', deepest: 0 })).toMatch(/^Freeze the deepest levels/);
    expect(problem({ freeze: 'layers', layersTo: 'a b' })).toMatch(/^Freeze layers/);
    expect(problem({ steps: 1.5 })).toBe('Steps per epoch: give a whole number from 1.');
    expect(problem({ lr: 0 })).toBe('Learning rate: a number above 0, at most 1.');
    expect(problem({ window: 32 })).toMatch(/^Window: a whole number of samples from 64/);
  });

  it('counts manual and accepted picks as labels', () => {
    const summary = {
      picks: [
        { phase: 'P', origin: 'manual', status: 'proposed', count: 3 },
        { phase: 'P', origin: 'imported', status: 'accepted', count: 40 },
        { phase: 'P', origin: 'auto', status: 'accepted', count: 5 },
        { phase: 'P', origin: 'auto', status: 'proposed', count: 70 },
        { phase: 'S', origin: 'manual', status: 'rejected', count: 2 },
      ],
    } as ProjectSummary;
    expect(labelCount(summary)).toBe(48);
    expect(labelCount(null)).toBe(0);
  });
});

const colours: ChartColours = {
  text: '#eee',
  muted: '#aaa',
  grid: '#333',
  loss: '#4fa3ff',
  valLoss: '#f2c14e',
  P: '#ff8c42',
  S: '#56b4e9',
};

const evaluation: ModelEvaluation = {
  at: '2026-01-02T00:00:00.000Z',
  tolerance: 0.002,
  dataset: { project: 'Line', shots: 2, reference: [], trainedOnProject: false },
  seconds: 1,
  phases: [
    {
      phase: 'P',
      labels: 48,
      picks: 47,
      tp: 40,
      fp: 7,
      fn: 8,
      precision: 40 / 47,
      recall: 40 / 48,
      f1: 80 / 95,
      residual: { mean: -0.00056, std: 0.001, mae: 0.0012 },
      withinMs: [1, 2, 5, 10].map((limit, i) => ({
        limit,
        count: 0,
        share: [0.5, 0.6875, null, 0.896][i]!,
      })),
      histogram: { start: -0.002, binWidth: 0.0002, counts: Array.from({ length: 20 }, () => 2) },
    },
  ],
};

describe('model charts and evaluation table', () => {
  it('draws the losses per epoch, training solid and validation dashed', () => {
    const epochs: TrainingEpoch[] = [
      { epoch: 1, epochs: 4, loss: 0.4, valLoss: 0.3, learningRate: 1e-3, seconds: 2, best: true },
      {
        epoch: 2,
        epochs: 4,
        loss: 0.3,
        valLoss: 0.35,
        learningRate: 1e-3,
        seconds: 2,
        best: false,
      },
    ];
    const option = lossChartOption(epochs, colours) as {
      xAxis: { max: number };
      series: { name: string; data: number[][]; lineStyle: { type: string } }[];
    };
    expect(option.xAxis.max).toBe(4);
    expect(option.series.map((s) => [s.name, s.lineStyle.type, s.data])).toEqual([
      [
        'training loss',
        'solid',
        [
          [1, 0.4],
          [2, 0.3],
        ],
      ],
      [
        'validation loss',
        'dashed',
        [
          [1, 0.3],
          [2, 0.35],
        ],
      ],
    ]);
  });

  it('labels the histogram bins by their centres, in the phase colour', () => {
    const centres = binCentresMs(evaluation.phases[0]!.histogram);
    expect(centres[0]).toBe('-1.90');
    expect(centres[19]).toBe('1.90');
    const option = residualHistogramOption(evaluation.phases, colours) as {
      series: { name: string; color: string; data: number[] }[];
    };
    expect(option.series.map((s) => [s.name, s.color, s.data.length])).toEqual([
      ['P', '#ff8c42', 20],
    ]);
  });

  it('lists the measures as rows and the phases as columns', () => {
    expect(evaluationRows(evaluation)).toEqual([
      { label: 'reference picks', values: ['48'] },
      { label: 'model picks', values: ['47'] },
      { label: 'precision', values: ['0.851'] },
      { label: 'recall', values: ['0.833'] },
      { label: 'F1', values: ['0.842'] },
      { label: 'mean residual', values: ['-0.56 ms'] },
      { label: 'mean |residual|', values: ['1.20 ms'] },
      { label: 'within 1 ms', values: ['50.0 %'] },
      { label: 'within 2 ms', values: ['68.8 %'] },
      { label: 'within 5 ms', values: ['–'] },
      { label: 'within 10 ms', values: ['89.6 %'] },
    ]);
    const later = { ...evaluation, at: '2026-01-03T00:00:00.000Z', tolerance: 0.005 };
    expect(latestEvaluation([later, evaluation])).toBe(later);
    expect(latestEvaluation([])).toBeNull();
    expect([0.005, 0.0033, 0.0001].map(toleranceMs)).toEqual([5, 3.3, 0.1]);
  });
});
