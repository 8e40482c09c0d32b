import type { JobKind, TrainingEpoch } from '../api/contract';

/** workerData of a job worker. */
export interface JobStart {
  kind: JobKind;
  params: unknown;
}

/** Messages from a job worker to the runner. */
export type WorkerMessage =
  | { type: 'progress'; fraction: number; message: string }
  | { type: 'epoch'; epoch: TrainingEpoch }
  | { type: 'done'; result: unknown }
  | { type: 'failed'; error: string }
  | { type: 'cancelled' };

/** Messages from the runner to a job worker. */
export type RunnerMessage = { type: 'cancel' };
