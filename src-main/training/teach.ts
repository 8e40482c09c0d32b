import { readCard } from '../picking/model-dir';
import { DEFAULT_AUGMENT } from './dataset';
import type { LabelledTrace } from './labelled-traces';
import { parseFreeze } from './transfer';
import { trainModel, type TrainCallbacks, type TrainResult } from './trainer';

/**
 * Teaching a model a line's convention: a short fine-tuning on the receivers a person picked
 * or accepted on this line (a gather or a few). Analysts differ in where they put a first
 * break (the first deviation from the noise, a tenth of the first peak, the trough before it)
 * by a millisecond or two, which is the whole tolerance; the network learns the crew's choice
 * from a few dozen traces in a couple of minutes on a laptop.
 *
 * One gather cannot be split by shot for validation, so every fifth taught receiver validates
 * (an estimate on the same shots, good enough to keep the best of a few epochs).
 */

export interface TeachParams {
  epochs?: number;
  /** Training batches per epoch. */
  steps?: number;
  batch?: number;
  /** Adam's base learning rate, annealed along a cosine; low, so the network keeps what it knew. */
  lr?: number;
  /** Layers to keep as they are (see transfer.ts); default none. */
  freeze?: string;
  seed?: number;
}

/**
 * About a minute of training on two cores: 8 × 40 batches of 16 windows. The learning rate was
 * chosen on the real lines' teaching curves (docs/field-accuracy.md): 1e-4 hardly moved a
 * line's bias, 3e-4 overfitted one gather of 24 receivers.
 */
export const TEACH_DEFAULTS: Required<TeachParams> = {
  epochs: 8,
  steps: 40,
  batch: 16,
  lr: 2e-4,
  freeze: 'none',
  seed: 1,
};

/** Fewer taught receivers than this teach nothing reliable. */
export const MIN_TAUGHT_RECEIVERS = 10;

/** Every fifth receiver validates, the rest train. */
export function splitTaught(traces: readonly LabelledTrace[]): {
  train: LabelledTrace[];
  validation: LabelledTrace[];
} {
  return {
    train: traces.filter((_, i) => i % 5 !== 2),
    validation: traces.filter((_, i) => i % 5 === 2),
  };
}

/**
 * Fine-tunes the model in `baseDir` on the taught receivers and writes the best epoch to
 * `out` as a model named `name`. Throws when there are too few receivers to teach from.
 */
export async function teachModel(
  baseDir: string,
  traces: readonly LabelledTrace[],
  out: string,
  name: string,
  params: TeachParams = {},
  callbacks: TrainCallbacks = {},
): Promise<TrainResult> {
  if (traces.length < MIN_TAUGHT_RECEIVERS) {
    throw new RangeError(
      `teaching needs at least ${MIN_TAUGHT_RECEIVERS} picked receivers, got ${traces.length}`,
    );
  }
  const p = { ...TEACH_DEFAULTS, ...params };
  const card = readCard(baseDir);
  const shots = new Set(traces.map((t) => t.shot)).size;
  return trainModel(
    out,
    splitTaught(traces),
    {
      name,
      architecture: card.architecture,
      sampleRate: card.sampleRate,
      channelOrder: card.channelOrder,
      epochs: p.epochs,
      batchSize: p.batch,
      stepsPerEpoch: p.steps,
      validationWindows: 8 * p.batch,
      learningRate: p.lr,
      schedule: { kind: 'cosine' },
      patience: 0,
      seed: p.seed,
      labels: { shape: 'gaussian', width: 6 },
      augment: DEFAULT_AUGMENT,
      init: { dir: baseDir, load: 'all' },
      freeze: parseFreeze(p.freeze),
      dataDescription: `${card.name} taught on ${traces.length} picked receivers of ${shots} shot${shots === 1 ? '' : 's'} of the line`,
    },
    callbacks,
  );
}
