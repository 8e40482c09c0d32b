import type { TrainingEpoch } from '../api/contract';
import type { Task } from '../jobs/task';
import type { EpochReport } from './trainer';
import { runTraining, type TrainRunParams } from './train-run';

/**
 * The 'training.run' job: a training run on a worker thread. Progress is the fraction of
 * training steps done; its message names the epoch and carries the training and validation
 * loss of the last finished one, and each finished epoch is also reported as data
 * (ctx.epoch). Cancel stops between batches and keeps the last epoch's checkpoint for a
 * resume. Parameters are TrainRunParams (plain data; the API's schema
 * validates them before they get here); the result is TrainRunResult.
 */
export type TrainingTaskParams = TrainRunParams;

/** A finished epoch as the job record keeps it (the Training view's loss curves read it). */
export function jobEpoch(e: EpochReport): TrainingEpoch {
  return {
    epoch: e.epoch,
    epochs: e.epochs,
    loss: e.loss,
    valLoss: e.valLoss,
    learningRate: e.learningRate,
    seconds: e.seconds,
    best: e.best,
  };
}

export const trainingTask: Task = (params, { signal, progress, epoch }) => {
  let last = '';
  return runTraining(params as TrainingTaskParams, {
    signal,
    onProgress: (fraction, message) => progress(fraction, `${message}${last}`),
    onEpoch: (e) => {
      last = `; epoch ${e.epoch}: loss ${e.loss.toFixed(4)}, val_loss ${e.valLoss.toFixed(4)}`;
      epoch(jobEpoch(e));
      progress(e.epoch / e.epochs, `epoch ${e.epoch}/${e.epochs} done${last}`);
    },
  });
};
