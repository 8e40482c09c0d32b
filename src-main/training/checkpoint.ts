import fs from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { tf } from '../ml/backend';
import { loadModel, saveModel, type ModelDescription } from '../picking/model-dir';
import type { RngState } from './random';

/**
 * What an interrupted training run needs to continue as if it had not stopped, written after
 * every epoch into `<out>/.training/`: the network after that epoch (a model directory), the
 * Adam moments and step count (`optimizer.bin`, float32 in the optimizer's own order, which
 * follows the trainable weights), and `state.json` with the epoch, the random generator's
 * state, the epoch history, early-stopping bookkeeping and the settings the run was started
 * with (a resume with other settings is refused, it would not be the same run).
 */

export const CHECKPOINT_DIR = '.training';
const STATE_FILE = 'state.json';
const OPTIMIZER_FILE = 'optimizer.bin';
const MODEL_SUBDIR = 'last';

export interface EpochRecord {
  epoch: number;
  loss: number;
  valLoss: number;
  learningRate: number;
  seconds: number;
  windows: number;
}

const StateSchema = z.object({
  version: z.literal(1),
  /** Epochs completed. */
  epoch: z.number().int().min(0),
  rng: z.object({
    words: z.tuple([z.number(), z.number(), z.number(), z.number()]),
    spare: z.number().nullable(),
  }),
  history: z.array(
    z.object({
      epoch: z.number(),
      loss: z.number(),
      valLoss: z.number(),
      learningRate: z.number(),
      seconds: z.number(),
      windows: z.number(),
    }),
  ),
  bestValLoss: z.number().nullable(),
  bestEpoch: z.number().int().nullable(),
  /** Epochs since the best one. */
  stale: z.number().int().min(0),
  optimizerShapes: z.array(z.array(z.number().int())),
  settings: z.string(),
});

export type TrainingState = Omit<z.infer<typeof StateSchema>, 'version' | 'optimizerShapes'> & {
  rng: RngState;
};

export function checkpointDir(out: string): string {
  return path.join(out, CHECKPOINT_DIR);
}

export function hasCheckpoint(out: string): boolean {
  return fs.existsSync(path.join(checkpointDir(out), STATE_FILE));
}

/** Writes the checkpoint; the state file last, so a crash mid-way leaves the previous one. */
export async function saveCheckpoint(
  out: string,
  state: TrainingState,
  model: tf.LayersModel,
  description: ModelDescription,
  optimizer: tf.Optimizer,
): Promise<void> {
  const dir = checkpointDir(out);
  const staging = path.join(dir, `${MODEL_SUBDIR}.partial`);
  fs.rmSync(staging, { recursive: true, force: true });
  saveModel(staging, description, model);
  const weights = await optimizer.getWeights();
  const arrays = weights.map((w) => Float32Array.from(w.tensor.dataSync()));
  // The step count comes as a fresh scalar; the moments are the optimizer's own variables.
  tf.dispose(weights.filter((w) => !(w.tensor instanceof tf.Variable)).map((w) => w.tensor));
  const total = arrays.reduce((n, a) => n + a.length, 0);
  const bytes = new Float32Array(total);
  arrays.reduce((at, a) => (bytes.set(a, at), at + a.length), 0);
  fs.writeFileSync(path.join(dir, `${OPTIMIZER_FILE}.partial`), new Uint8Array(bytes.buffer));
  const stateText = JSON.stringify({
    version: 1,
    ...state,
    optimizerShapes: weights.map((w) => w.tensor.shape),
  });
  fs.rmSync(path.join(dir, MODEL_SUBDIR), { recursive: true, force: true });
  fs.renameSync(staging, path.join(dir, MODEL_SUBDIR));
  fs.renameSync(path.join(dir, `${OPTIMIZER_FILE}.partial`), path.join(dir, OPTIMIZER_FILE));
  fs.writeFileSync(path.join(dir, STATE_FILE), stateText);
}

/** Restores weights into `model` and moments into `optimizer`; returns the state. */
export async function loadCheckpoint(
  out: string,
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  settings: string,
): Promise<TrainingState> {
  const dir = checkpointDir(out);
  const file = path.join(dir, STATE_FILE);
  const parsed = StateSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: not a training checkpoint this version reads`);
  const { optimizerShapes, ...stored } = parsed.data;
  const state: TrainingState = {
    epoch: stored.epoch,
    rng: stored.rng,
    history: stored.history,
    bestValLoss: stored.bestValLoss,
    bestEpoch: stored.bestEpoch,
    stale: stored.stale,
    settings: stored.settings,
  };
  if (state.settings !== settings) {
    throw new Error(
      `${dir} was written by a run with other settings; start afresh (without --resume) or resume with the same settings`,
    );
  }
  const saved = loadModel(path.join(dir, MODEL_SUBDIR));
  try {
    model.setWeights(saved.model.getWeights());
  } finally {
    saved.model.dispose();
  }
  const bytes = fs.readFileSync(path.join(dir, OPTIMIZER_FILE));
  const values = new Float32Array(
    bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength),
  );
  let at = 0;
  const tensors = optimizerShapes.map((shape, i) => {
    const size = shape.reduce((a, b) => a * b, 1);
    const tensor = tf.tensor(values.subarray(at, at + size), shape);
    at += size;
    return { name: `restored_${i}`, tensor };
  });
  if (at !== values.length) throw new Error(`${dir}: ${OPTIMIZER_FILE} does not match state.json`);
  await optimizer.setWeights(tensors);
  tf.dispose(tensors.map((t) => t.tensor));
  return state;
}

export function removeCheckpoint(out: string): void {
  fs.rmSync(checkpointDir(out), { recursive: true, force: true });
}
