/**
 * Entry point of a job worker thread: runs one task and reports back. Progress messages are
 * throttled so a tight loop cannot flood the main thread.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { useNativeBinding } from '../catalogue/database';
import { bindingForRuntime } from '../catalogue/native-binding';
import { appPaths } from '../paths';
import type { JobStart, RunnerMessage, WorkerMessage } from './protocol';
import { CancelledError } from './task';
import { tasks } from './tasks';

const PROGRESS_INTERVAL_MS = 100;

// Jobs of the desktop app run in Electron's worker threads, which need Electron's build.
useNativeBinding(bindingForRuntime(appPaths(__dirname).appRoot));

async function run(port: NonNullable<typeof parentPort>): Promise<void> {
  const { kind, params } = workerData as JobStart;
  const post = (message: WorkerMessage) => port.postMessage(message);
  const controller = new AbortController();
  port.on('message', (message: RunnerMessage) => {
    if (message.type === 'cancel') controller.abort();
  });
  let lastProgress = 0;
  try {
    const result = await tasks[kind](params, {
      signal: controller.signal,
      progress(fraction, message) {
        const now = Date.now();
        if (fraction < 1 && now - lastProgress < PROGRESS_INTERVAL_MS) return;
        lastProgress = now;
        post({ type: 'progress', fraction: Math.min(1, Math.max(0, fraction)), message });
      },
      epoch: (epoch) => post({ type: 'epoch', epoch }),
    });
    post({ type: 'done', result });
  } catch (err) {
    if (err instanceof CancelledError || controller.signal.aborted) post({ type: 'cancelled' });
    else post({ type: 'failed', error: err instanceof Error ? err.message : String(err) });
  } finally {
    port.close();
  }
}

if (parentPort) void run(parentPort);
