import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { JobKind, JobRecord } from '../api/contract';
import { ApiError } from '../api/errors';
import type { JobStart, RunnerMessage, WorkerMessage } from './protocol';

/** How long a cancelled worker may take to stop on its own before it is terminated. */
const CANCEL_GRACE_MS = 2000;

interface Running {
  record: JobRecord;
  worker: Worker;
  done: Promise<JobRecord>;
}

/**
 * Runs long work (import, picking, training) on worker threads so the process that serves
 * the UI never blocks. Each job gets its own worker; the runner keeps a record per job and
 * reports every change through `onUpdate`.
 */
export class JobRunner {
  private readonly jobs = new Map<string, Running>();
  private readonly cancelRequested = new Set<string>();

  constructor(
    private readonly workerScript: string | URL,
    private readonly onUpdate: (job: JobRecord) => void,
  ) {}

  start(kind: JobKind, params: unknown): JobRecord {
    const record: JobRecord = {
      id: randomUUID(),
      kind,
      state: 'running',
      progress: 0,
      message: 'starting',
      startedAt: new Date().toISOString(),
      endedAt: null,
      error: null,
      result: null,
    };
    const worker = new Worker(this.workerScript, {
      workerData: { kind, params } satisfies JobStart,
    });
    const done = new Promise<JobRecord>((resolve) => {
      const finish = (patch: Partial<JobRecord>) => {
        if (record.endedAt) return;
        Object.assign(record, patch, { endedAt: new Date().toISOString() });
        this.cancelRequested.delete(record.id);
        this.onUpdate({ ...record });
        resolve({ ...record });
      };
      worker.on('message', (message: WorkerMessage) => {
        switch (message.type) {
          case 'progress':
            record.progress = message.fraction;
            record.message = message.message;
            this.onUpdate({ ...record });
            break;
          case 'done':
            finish({ state: 'done', progress: 1, message: 'done', result: message.result });
            break;
          case 'failed':
            finish({ state: 'failed', message: 'failed', error: message.error });
            break;
          case 'cancelled':
            finish({ state: 'cancelled', message: 'cancelled' });
            break;
        }
      });
      worker.on('error', (err) =>
        finish({ state: 'failed', message: 'failed', error: err.message }),
      );
      // A worker that exits without a final message crashed or was terminated after a cancel.
      worker.on('exit', (code) => {
        if (this.cancelRequested.has(record.id))
          finish({ state: 'cancelled', message: 'cancelled' });
        else
          finish({ state: 'failed', message: 'failed', error: `worker exited with code ${code}` });
      });
    });
    this.jobs.set(record.id, { record, worker, done });
    this.onUpdate({ ...record });
    return { ...record };
  }

  /** Asks the job to stop; terminates its worker if it has not stopped within the grace period. */
  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job) throw new ApiError('not-found', `no job ${id}`);
    if (job.record.endedAt) return false;
    this.cancelRequested.add(id);
    job.worker.postMessage({ type: 'cancel' } satisfies RunnerMessage);
    const timer = setTimeout(() => void job.worker.terminate(), CANCEL_GRACE_MS);
    void job.done.finally(() => clearTimeout(timer));
    return true;
  }

  list(): JobRecord[] {
    return [...this.jobs.values()].map((job) => ({ ...job.record }));
  }

  /** Resolves with the final record (done, failed or cancelled). */
  wait(id: string): Promise<JobRecord> {
    const job = this.jobs.get(id);
    if (!job) return Promise.reject(new ApiError('not-found', `no job ${id}`));
    return job.done;
  }

  /** Stops every running job, e.g. when the app quits. */
  async close(): Promise<void> {
    await Promise.all(
      [...this.jobs.values()]
        .filter((job) => !job.record.endedAt)
        .map((job) => job.worker.terminate()),
    );
  }
}
