import type { TrainingEpoch } from '../api/contract';

/** What a running task may do besides computing: report progress and notice cancellation. */
export interface TaskContext {
  readonly signal: AbortSignal;
  /** fraction in 0..1; message says what is happening, for the UI and the CLI. */
  progress(fraction: number, message: string): void;
  /**
   * A training epoch ended: it goes into the job record's `epochs` as data, so a loss curve
   * never has to read it back out of the progress message. Never throttled (one per epoch).
   */
  epoch(report: TrainingEpoch): void;
}

export type Task = (params: unknown, ctx: TaskContext) => Promise<unknown>;

export class CancelledError extends Error {
  constructor() {
    super('cancelled');
    this.name = 'CancelledError';
  }
}

/** Long loops call this between steps so a cancel takes effect within one step. */
export function throwIfCancelled(signal: AbortSignal): void {
  if (signal.aborted) throw new CancelledError();
}
