import { throwIfCancelled } from '../jobs/task';
import { tf } from '../ml/backend';
import { loadModel, saveModel, type ModelDescription } from '../picking/model-dir';
import { buildPhaseNet, type PhaseNetConfig } from '../picking/phasenet/model';
import {
  hasCheckpoint,
  loadCheckpoint,
  removeCheckpoint,
  saveCheckpoint,
  type EpochRecord,
  type TrainingState,
} from './checkpoint';
import { WindowSampler, type AugmentOptions, type Batch } from './dataset';
import type { LabelOptions } from './labels';
import type { LabelledTrace } from './labelled-traces';
import { phaseLoss } from './loss';
import { learningRateAt, type LearningRateSchedule } from './lr-schedule';
import { rngFor, Rng } from './random';
import {
  freezeLayers,
  frozenLayers,
  loadInitialWeights,
  type FreezeSpec,
  type LoadMode,
  type TransferReport,
} from './transfer';

/**
 * Trains a PhaseNet on labelled traces: Adam on PhaseNet's cross-entropy (loss.ts), a
 * learning-rate schedule, a fixed validation set drawn once from held-out shots, the best
 * epoch by validation loss saved as the model directory `out`, early stopping after
 * `patience` epochs without improvement, and a checkpoint after every epoch from which an
 * interrupted run resumes exactly (checkpoint.ts). Cancellation is checked between batches.
 * Select the backend first (ensureTrainingBackend).
 */

export interface TrainConfig {
  name: string;
  architecture: PhaseNetConfig;
  sampleRate: number;
  channelOrder: string[];
  epochs: number;
  batchSize: number;
  /** Training batches per epoch (windows are drawn afresh, so an epoch is a budget). */
  stepsPerEpoch: number;
  /** Windows of the fixed validation set. */
  validationWindows: number;
  learningRate: number;
  schedule: LearningRateSchedule;
  /** Epochs without a better validation loss before stopping; 0 = never stop early. */
  patience: number;
  seed: number;
  labels: LabelOptions;
  augment: AugmentOptions;
  init: { dir: string; load: LoadMode } | null;
  freeze: FreezeSpec;
  /** Where the data came from, for the model card. */
  dataDescription: string;
}

export interface EpochReport extends EpochRecord {
  epochs: number;
  best: boolean;
  bestValLoss: number;
  /** Live tensors after the epoch: constant from epoch to epoch when nothing leaks. */
  tensors: number;
  windowsPerSecond: number;
}

export interface TrainCallbacks {
  signal?: AbortSignal;
  /** Continue from `<out>/.training` when it exists. */
  resume?: boolean;
  onEpoch?(report: EpochReport): void;
  /** Fraction of all training steps done, for a progress bar. */
  onProgress?(fraction: number, message: string): void;
}

export interface TrainResult {
  out: string;
  epochs: EpochRecord[];
  bestEpoch: number;
  bestValLoss: number;
  stoppedEarly: boolean;
  resumedFromEpoch: number | null;
  transfer: TransferReport | null;
  frozen: string[];
  trainableParameters: number;
  seconds: number;
}

function description(
  config: TrainConfig,
  notes: string,
  init: Pick<ModelDescription, 'licence' | 'validatedPhases' | 'lineTypes'> | null,
): ModelDescription {
  return {
    name: config.name,
    architecture: config.architecture,
    sampleRate: config.sampleRate,
    channelOrder: config.channelOrder,
    normalization: 'phasenet',
    source: config.init
      ? `pickline train from ${config.init.dir} (load ${config.init.load}) on ${config.dataDescription}`
      : `pickline train from scratch on ${config.dataDescription}`,
    // Weights derived from another model carry its licence and credit, what it was shown to
    // pick and the lines it is made for: a fine-tune has not validated anything more by itself.
    licence: init?.licence ?? 'MIT',
    ...(init?.validatedPhases ? { validatedPhases: init.validatedPhases } : {}),
    ...(init?.lineTypes ? { lineTypes: init.lineTypes } : {}),
    createdAt: new Date().toISOString(),
    notes,
  };
}

/** The settings that make a run the same run: a resume must not change them. */
function settingsKey(config: TrainConfig): string {
  // The name is a label (undefined drops it from the JSON); the data description is not.
  return JSON.stringify({ ...config, name: undefined });
}

function tensorsOf(batch: Batch, config: TrainConfig) {
  const { window, channels } = config.architecture;
  return {
    x: tf.tensor4d(batch.x, [batch.size, window, 1, channels]),
    y: tf.tensor4d(batch.y, [batch.size, window, 1, 3]),
    s: tf.tensor1d(batch.sLabelled),
  };
}

/** Adam keeps its rate in a field the schedule changes between steps. */
function setLearningRate(optimizer: tf.AdamOptimizer, rate: number): void {
  (optimizer as unknown as { learningRate: number }).learningRate = rate;
}

export async function trainModel(
  out: string,
  data: { train: LabelledTrace[]; validation: LabelledTrace[] },
  config: TrainConfig,
  callbacks: TrainCallbacks = {},
): Promise<TrainResult> {
  const started = performance.now();
  const { signal } = callbacks;
  const vertical = config.channelOrder.indexOf('Z');
  const setup = {
    window: config.architecture.window,
    sampleRate: config.sampleRate,
    labels: config.labels,
    augment: config.augment,
    keepChannels: vertical >= 0 ? [vertical] : [],
  };
  const sampler = new WindowSampler(data.train, setup);
  const channels = config.channelOrder.length;
  if (sampler.channels !== channels || config.architecture.channels !== channels) {
    throw new Error(`the data has ${sampler.channels} channels, the model ${channels}`);
  }

  const model = buildPhaseNet(config.architecture);
  initialiseKernels(model, rngFor(config.seed, 'init'));
  // The softmax is its own layer, so the loss can take the logits before it.
  const logits = tf.model({ inputs: model.inputs, outputs: model.getLayer('output_conv').output });
  const optimizer = tf.train.adam(config.learningRate);
  const validationBatches: Batch[] = [];
  try {
    let transfer: TransferReport | null = null;
    let initCard: Pick<ModelDescription, 'licence' | 'validatedPhases' | 'lineTypes'> | null = null;
    if (config.init) {
      const init = loadModel(config.init.dir);
      initCard = init.card;
      try {
        transfer = loadInitialWeights(
          model,
          config.architecture,
          config.channelOrder,
          init,
          config.init.load,
        );
      } finally {
        init.model.dispose();
      }
    }
    const frozen = frozenLayers(config.architecture, config.freeze);
    freezeLayers(model, frozen);
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const trainableParameters = variables.reduce((n, v) => n + v.size, 0);

    // A fixed validation set, the same every epoch and on resume.
    const validationRng = rngFor(config.seed, 'validation');
    const validationSampler = new WindowSampler(data.validation, setup);
    for (let left = config.validationWindows; left > 0; left -= config.batchSize) {
      validationBatches.push(
        validationSampler.batch(Math.min(left, config.batchSize), validationRng),
      );
    }

    let state: TrainingState = {
      epoch: 0,
      rng: rngFor(config.seed, 'train').snapshot(),
      history: [],
      bestValLoss: null,
      bestEpoch: null,
      stale: 0,
      settings: settingsKey(config),
    };
    let resumedFromEpoch: number | null = null;
    if (callbacks.resume && hasCheckpoint(out)) {
      state = await loadCheckpoint(out, model, optimizer, state.settings);
      resumedFromEpoch = state.epoch;
    }
    const rng = Rng.restore(state.rng);
    const card = (notes: string) => description(config, notes, initCard);
    const totalSteps = config.epochs * config.stepsPerEpoch;
    let stoppedEarly = false;

    while (state.epoch < config.epochs) {
      const epoch = state.epoch;
      const epochStart = performance.now();
      let lossSum = 0;
      let rate = config.learningRate;
      for (let step = 0; step < config.stepsPerEpoch; step++) {
        if (signal) throwIfCancelled(signal);
        rate = learningRateAt(
          config.schedule,
          config.learningRate,
          epoch + step / config.stepsPerEpoch,
          config.epochs,
        );
        setLearningRate(optimizer, rate);
        const batch = sampler.batch(config.batchSize, rng);
        const cost = tf.tidy(() => {
          const t = tensorsOf(batch, config);
          return optimizer.minimize(
            () => phaseLoss(t.y, logits.apply(t.x, { training: true }) as tf.Tensor, t.s),
            true,
            variables,
          )!;
        });
        lossSum += cost.dataSync()[0]!;
        cost.dispose();
        const done = epoch * config.stepsPerEpoch + step + 1;
        callbacks.onProgress?.(done / totalSteps, `epoch ${epoch + 1}/${config.epochs}`);
        // Let a cancel message or a progress event through between synchronous steps.
        await new Promise((resolve) => setImmediate(resolve));
      }
      const valLoss = validationLoss(logits, validationBatches, config);
      const seconds = (performance.now() - epochStart) / 1000;
      const windows = config.stepsPerEpoch * config.batchSize;
      const record: EpochRecord = {
        epoch: epoch + 1,
        loss: lossSum / config.stepsPerEpoch,
        valLoss,
        learningRate: rate,
        seconds,
        windows,
      };
      const { best, stop, bestValLoss, stale } = earlyStopping(state, valLoss, config.patience);
      state = {
        ...state,
        epoch: epoch + 1,
        rng: rng.snapshot(),
        history: [...state.history, record],
        bestValLoss,
        bestEpoch: best ? epoch + 1 : state.bestEpoch,
        stale,
      };
      if (best) {
        saveModel(
          out,
          card(
            `Best epoch ${epoch + 1} of ${config.epochs}: validation loss ${valLoss.toFixed(5)}.`,
          ),
          model,
        );
      }
      stoppedEarly = stop;
      await saveCheckpoint(out, state, model, card('training checkpoint'), optimizer);
      callbacks.onEpoch?.({
        ...record,
        epochs: config.epochs,
        best,
        bestValLoss: state.bestValLoss!,
        tensors: tf.memory().numTensors,
        windowsPerSecond: windows / seconds,
      });
      if (stoppedEarly) break;
    }
    removeCheckpoint(out);
    return {
      out,
      epochs: state.history,
      bestEpoch: state.bestEpoch ?? 0,
      bestValLoss: state.bestValLoss ?? NaN,
      stoppedEarly,
      resumedFromEpoch,
      transfer,
      frozen,
      trainableParameters,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

/**
 * Glorot-uniform convolution kernels (what tfjs-layers draws by default) from the run's seed,
 * so that a run repeats exactly; tfjs draws its own from an unseeded generator. Biases and
 * batch-norm weights start at their constant defaults already.
 */
function initialiseKernels(model: tf.LayersModel, rng: Rng): void {
  for (const layer of model.layers) {
    for (const weight of layer.weights) {
      if (!weight.originalName.endsWith('/kernel')) continue;
      const shape = weight.shape as [number, number, number, number];
      const [kh, kw, a, b] = shape;
      const limit = Math.sqrt(6 / (kh * kw * (a + b)));
      const values = Float32Array.from({ length: kh * kw * a * b }, () =>
        rng.between(-limit, limit),
      );
      const tensor = tf.tensor(values, shape);
      weight.write(tensor);
      tensor.dispose();
    }
  }
}

/**
 * Early-stopping bookkeeping after an epoch: whether its validation loss is the best so far,
 * and whether `patience` epochs have now passed without a better one (0 = never stop).
 */
export function earlyStopping(
  state: { bestValLoss: number | null; stale: number },
  valLoss: number,
  patience: number,
): { best: boolean; stop: boolean; bestValLoss: number; stale: number } {
  const best = state.bestValLoss === null || valLoss < state.bestValLoss;
  const stale = best ? 0 : state.stale + 1;
  return {
    best,
    stop: patience > 0 && stale >= patience,
    bestValLoss: best ? valLoss : state.bestValLoss!,
    stale,
  };
}

/** Mean loss over the validation batches, in inference mode (moving batch-norm statistics). */
function validationLoss(logits: tf.LayersModel, batches: Batch[], config: TrainConfig): number {
  let sum = 0;
  let windows = 0;
  for (const batch of batches) {
    const value = tf.tidy(() => {
      const t = tensorsOf(batch, config);
      return phaseLoss(
        t.y,
        logits.apply(t.x, { training: false }) as tf.Tensor,
        t.s,
      ).dataSync()[0]!;
    });
    sum += value * batch.size;
    windows += batch.size;
  }
  return sum / windows;
}
