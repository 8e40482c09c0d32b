import path from 'node:path';
import { readCard } from '../picking/model-dir';
import { PHASENET_CONFIG, type PhaseNetConfig } from '../picking/phasenet/model';
import { DEFAULT_AUGMENT, splitByShot, type AugmentOptions } from './dataset';
import type { LabelShape } from './labels';
import type { LabelledTrace } from './labelled-traces';
import { rngFor } from './random';
import { recordTrainingRun } from './run-record';
import { loadSource, type LoadedSource } from './sources';
import { ensureTrainingBackend } from './training-backend';
import { trainModel, type EpochReport, type TrainConfig, type TrainResult } from './trainer';
import { LOAD_MODES, parseFreeze, type LoadMode } from './transfer';

/**
 * One training run as the CLI and the job run it: plain parameters with defaults, data loaded
 * from folders, the split by shot, the backend prepared, then the trainer. The parameter type
 * is plain data so that a schema (the API's) can wrap it.
 */

export interface TrainRunParams {
  /** Training data folders: pickline synth outputs, projects, NumPy gathers with picks. */
  data: string[];
  /** The model directory to write (the best epoch). */
  out: string;
  /** A model directory to start from (transfer learning); none = from scratch. */
  init?: string | null;
  /** Which layers of `init` to load; default 'all'. */
  load?: LoadMode;
  /** none | deepest:N | encoder | input-encoder | layers:A-B; default none. */
  freeze?: string;
  /** Input components: 1 (Z), 2 (E, Z) or 3 (E, N, Z); default 1. */
  channels?: number;
  epochs?: number;
  batch?: number;
  /** Training batches per epoch. */
  steps?: number;
  /** Adam's base learning rate, annealed along a cosine. */
  lr?: number;
  /** Window length in samples. */
  window?: number;
  /** The model's sample rate, Hz; data are resampled to it. */
  sampleRate?: number;
  seed?: number;
  /** Continue an interrupted run from `<out>/.training`. */
  resume?: boolean;
  /** Share of shots held out for validation. */
  validationShare?: number;
  /** Epochs without improvement before stopping early; 0 = never. */
  patience?: number;
  /** Label distributions: shape and width in samples (Gaussian σ, triangle half-width). */
  labelShape?: LabelShape;
  labelWidth?: number;
  /** Sample interval (s) of NumPy gathers, which do not record it. */
  npySampleInterval?: number;
  /**
   * Simulated data only: arrivals less than this many dB above what precedes them are not
   * labels (a buried P leaves its trace out, a buried S becomes unknown); null = keep all.
   */
  minArrivalSnr?: number | null;
  /**
   * Share of the training windows drawn from each `data` folder, in order (normalised to
   * sum 1), e.g. a few real picked gathers beside many simulated ones; absent = every trace
   * alike, so each folder in proportion to its traces.
   */
  dataShares?: number[] | null;
  /** The model's name in its card. */
  name?: string;
  /** Augmentation other than the default (dataset.ts DEFAULT_AUGMENT). */
  augment?: Partial<AugmentOptions>;
}

export const TRAIN_DEFAULTS = {
  load: 'all' as LoadMode,
  freeze: 'none',
  channels: 1,
  epochs: 30,
  batch: 32,
  steps: 100,
  lr: 1e-3,
  window: 1024,
  sampleRate: 4000,
  seed: 1,
  validationShare: 0.1,
  patience: 8,
  labelShape: 'gaussian' as LabelShape,
  labelWidth: 6,
  validationWindows: 512,
};

const CHANNEL_ORDERS: Record<number, string[]> = { 1: ['Z'], 2: ['E', 'Z'], 3: ['E', 'N', 'Z'] };

export interface TrainRunResult extends TrainResult {
  backend: string;
  /** Where the run was recorded: the first project among the data folders, if any. */
  recorded: { project: string; modelId: number; runId: number } | null;
  sources: { dir: string; kind: string; traces: number }[];
  trainTraces: number;
  validationTraces: number;
}

export interface TrainRunCallbacks {
  signal?: AbortSignal;
  onEpoch?(report: EpochReport): void;
  onProgress?(fraction: number, message: string): void;
}

function checkParams(p: TrainRunParams): void {
  const positiveInt = (name: string, v: number | undefined) => {
    if (v !== undefined && !(Number.isInteger(v) && v >= 1)) {
      throw new RangeError(`${name} must be a positive integer, got ${v}`);
    }
  };
  if (p.data.length === 0) throw new RangeError('give at least one training data folder');
  for (const key of ['epochs', 'batch', 'steps', 'window', 'labelWidth'] as const) {
    positiveInt(key, p[key]);
  }
  if (p.channels !== undefined && !CHANNEL_ORDERS[p.channels]) {
    throw new RangeError(`channels must be 1, 2 or 3, got ${p.channels}`);
  }
  if (p.load !== undefined && !LOAD_MODES.includes(p.load)) {
    throw new RangeError(`load must be ${LOAD_MODES.join(', ')}, got ${String(p.load)}`);
  }
  if (p.load !== undefined && !p.init) throw new RangeError('load needs an initial model (init)');
  if (p.dataShares) {
    if (p.dataShares.length !== p.data.length) {
      throw new RangeError(
        `give one data share per data folder: ${p.dataShares.length} shares for ${p.data.length} folders`,
      );
    }
    if (!p.dataShares.every((w) => w > 0 && Number.isFinite(w))) {
      throw new RangeError(`data shares must be positive numbers, got ${p.dataShares.join(', ')}`);
    }
  }
  for (const key of ['lr', 'sampleRate'] as const) {
    const v = p[key];
    if (v !== undefined && !(v > 0 && Number.isFinite(v))) {
      throw new RangeError(`${key} must be a positive number, got ${v}`);
    }
  }
}

/** The architecture: the initial model's levels and widths (so its layers load), or PhaseNet's. */
function architecture(init: string | null, channels: number, window: number): PhaseNetConfig {
  const base = init ? readCard(init).architecture : PHASENET_CONFIG;
  return { ...base, channels, window, classes: 3 };
}

/**
 * Every folder's traces, each folder's `shares[k]` of the windows shared equally by its
 * traces (`dataShares`); without shares, the traces as they are (every trace alike).
 */
export function tracesWithShares(
  folders: readonly LabelledTrace[][],
  shares?: readonly number[] | null,
): LabelledTrace[] {
  return folders.flatMap((traces, k) => {
    const share = shares?.[k];
    return share === undefined
      ? traces
      : traces.map((t) => ({ ...t, weight: share / traces.length }));
  });
}

const shareText = (shares: number[]) => {
  const total = shares.reduce((a, b) => a + b, 0);
  return shares.map((w) => `${Math.round((100 * w) / total)} %`).join(' / ');
};

export async function runTraining(
  params: TrainRunParams,
  callbacks: TrainRunCallbacks = {},
): Promise<TrainRunResult> {
  checkParams(params);
  const startedAt = new Date().toISOString();
  // Parameters left undefined take the defaults (a spread alone would keep the undefined).
  const given = Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined));
  const p = { ...TRAIN_DEFAULTS, ...(given as TrainRunParams) };
  const init = params.init ?? null;
  const channelOrder = CHANNEL_ORDERS[p.channels]!;
  const freeze = parseFreeze(p.freeze);
  const backend = await ensureTrainingBackend();

  callbacks.onProgress?.(0, 'reading training data');
  const target = {
    sampleRate: p.sampleRate,
    channelOrder,
    npySampleInterval: p.npySampleInterval,
    minArrivalSnr: p.minArrivalSnr,
  };
  const sources: LoadedSource[] = p.data.map((dir) => loadSource(dir, target));
  const traces = tracesWithShares(
    sources.map((s) => s.traces),
    p.dataShares,
  );
  const split = splitByShot(traces, p.validationShare, rngFor(p.seed, 'split'));

  const config: TrainConfig = {
    name: p.name ?? path.basename(path.resolve(p.out)),
    architecture: architecture(init, p.channels, p.window),
    sampleRate: p.sampleRate,
    channelOrder,
    epochs: p.epochs,
    batchSize: p.batch,
    stepsPerEpoch: p.steps,
    validationWindows: TRAIN_DEFAULTS.validationWindows,
    learningRate: p.lr,
    schedule: { kind: 'cosine' },
    patience: p.patience,
    seed: p.seed,
    labels: { shape: p.labelShape, width: p.labelWidth },
    augment: { ...DEFAULT_AUGMENT, ...p.augment },
    init: init ? { dir: path.resolve(init), load: p.load } : null,
    freeze,
    dataDescription:
      sources.map((s) => `${path.basename(s.dir)} (${s.kind})`).join(', ') +
      (p.minArrivalSnr != null
        ? `, simulated arrivals below ${p.minArrivalSnr} dB unlabelled`
        : '') +
      (p.dataShares ? `; window shares ${shareText(p.dataShares)}` : ''),
  };
  const result = await trainModel(p.out, split, config, {
    signal: callbacks.signal,
    resume: p.resume,
    onEpoch: callbacks.onEpoch,
    onProgress: callbacks.onProgress,
  });
  const project = sources.find((s) => s.kind === 'project');
  const recorded = project
    ? { project: project.dir, ...recordTrainingRun(project.dir, params, result, startedAt) }
    : null;
  return {
    ...result,
    backend: backend.name,
    recorded,
    sources: sources.map((s) => ({ dir: s.dir, kind: s.kind, traces: s.traces.length })),
    trainTraces: split.train.length,
    validationTraces: split.validation.length,
  };
}
