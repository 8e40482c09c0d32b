import { randomUUID } from 'node:crypto';
import { Worker } from 'node:worker_threads';
import type { JobKind, JobRecord } from '../api/contract';
import { ApiError } from '../api/errors';
import type { JobStart, RunnerMessage, WorkerMessage } from './protocol';

/** How long a cancelled worker may take to stop on its own before it is terminated. */
const CANCEL_GRACE_MS = 2000;

interface Job {
  record: JobRecord;
  kind: JobKind;
  params: unknown;
  /** Null while the job waits in the queue. */
  worker: Worker | null;
  done: Promise<JobRecord>;
  finish(patch: Partial<JobRecord>): void;
}

export interface JobRunnerOptions {
  /**
   * Kinds that use every core (network inference, training): they run one at a time, the
   * others waiting as 'queued', since two at once would only fight over the same cores.
   */
  exclusive?: readonly JobKind[];
}

/**
 * Runs long work (import, picking, training) on worker threads so the process that serves
 * the UI never blocks. Each job gets its own worker; the runner keeps a record per job and
 * reports every change through `onUpdate`.
 */
export class JobRunner {
  private readonly jobs = new Map<string, Job>();
  private readonly cancelRequested = new Set<string>();
  private readonly queue: Job[] = [];
  private readonly exclusive: ReadonlySet<JobKind>;

  constructor(
    private readonly workerScript: string | URL,
    private readonly onUpdate: (job: JobRecord) => void,
    options: JobRunnerOptions = {},
  ) {
    this.exclusive = new Set(options.exclusive ?? []);
  }

  start(kind: JobKind, params: unknown): JobRecord {
    const record: JobRecord = {
      id: randomUUID(),
      kind,
      state: 'queued',
      progress: 0,
      message: 'waiting for the running job to end',
      startedAt: new Date().toISOString(),
      endedAt: null,
      error: null,
      result: null,
      epochs: [],
    };
    let resolveDone!: (record: JobRecord) => void;
    const done = new Promise<JobRecord>((resolve) => (resolveDone = resolve));
    const job: Job = {
      record,
      kind,
      params,
      worker: null,
      done,
      finish: (patch) => {
        if (record.endedAt) return;
        Object.assign(record, patch, { endedAt: new Date().toISOString() });
        this.cancelRequested.delete(record.id);
        this.onUpdate({ ...record });
        resolveDone({ ...record });
        if (this.exclusive.has(kind)) this.launchNext();
      },
    };
    this.jobs.set(record.id, job);
    const busy = this.exclusive.has(kind) && this.exclusiveRunning();
    if (busy) {
      this.queue.push(job);
      this.onUpdate({ ...record });
    } else {
      this.launch(job);
    }
    return { ...record };
  }

  private exclusiveRunning(): boolean {
    return [...this.jobs.values()].some(
      (j) => this.exclusive.has(j.kind) && j.worker !== null && !j.record.endedAt,
    );
  }

  /** Starts the next queued job once no exclusive job runs (a queued one may end by cancel). */
  private launchNext(): void {
    if (this.exclusiveRunning()) return;
    const next = this.queue.shift();
    if (next) this.launch(next);
  }

  private launch(job: Job): void {
    const { record, finish } = job;
    Object.assign(record, { state: 'running', message: 'starting' });
    const worker = new Worker(this.workerScript, {
      workerData: { kind: job.kind, params: job.params } satisfies JobStart,
    });
    job.worker = worker;
    worker.on('message', (message: WorkerMessage) => {
      switch (message.type) {
        case 'progress':
          record.progress = message.fraction;
          record.message = message.message;
          this.onUpdate({ ...record });
          break;
        case 'epoch':
          // A new array, so listeners holding the previous record keep what they saw.
          record.epochs = [...record.epochs, message.epoch];
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
    worker.on('error', (err) => finish({ state: 'failed', message: 'failed', error: err.message }));
    // A worker that exits without a final message crashed or was terminated after a cancel.
    worker.on('exit', (code) => {
      if (this.cancelRequested.has(record.id)) finish({ state: 'cancelled', message: 'cancelled' });
      else finish({ state: 'failed', message: 'failed', error: `worker exited with code ${code}` });
    });
    this.onUpdate({ ...record });
  }

  /** Asks the job to stop; terminates its worker if it has not stopped within the grace period. */
  cancel(id: string): boolean {
    const job = this.jobs.get(id);
    if (!job) throw new ApiError('not-found', `no job ${id}`);
    if (job.record.endedAt) return false;
    if (!job.worker) {
      this.queue.splice(this.queue.indexOf(job), 1);
      job.finish({ state: 'cancelled', message: 'cancelled before it started' });
      return true;
    }
    const worker = job.worker;
    this.cancelRequested.add(id);
    worker.postMessage({ type: 'cancel' } satisfies RunnerMessage);
    const timer = setTimeout(() => void worker.terminate(), CANCEL_GRACE_MS);
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

  /** Stops every job, e.g. when the app quits: queued ones never start. */
  async close(): Promise<void> {
    for (const job of this.queue.splice(0)) {
      job.finish({ state: 'cancelled', message: 'Pickline stopped before it started' });
    }
    await Promise.all(
      [...this.jobs.values()]
        .filter((job) => !job.record.endedAt && job.worker)
        .map((job) => job.worker!.terminate()),
    );
  }
}
