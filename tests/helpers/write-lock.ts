import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/**
 * Another writer, as a second process would be: a thread with its own connection takes the
 * catalogue's write lock (BEGIN IMMEDIATE), holds it for `ms` and commits. Resolves once the
 * lock is taken; `released` resolves after the commit. The caller's writes meanwhile run on
 * the main thread, so they see exactly what a competing process would make them see.
 */
export async function holdWriteLock(
  catalogue: string,
  ms: number,
): Promise<{ released: Promise<void> }> {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads');
     const Database = require(workerData.module);
     const db = new Database(workerData.catalogue);
     db.exec('BEGIN IMMEDIATE');
     db.prepare("UPDATE survey SET notes = notes || '' WHERE id = 1").run();
     parentPort.postMessage('locked');
     Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.ms);
     db.exec('COMMIT');
     db.close();
     parentPort.postMessage('released');`,
    {
      eval: true,
      workerData: {
        catalogue,
        ms,
        module: createRequire(__filename).resolve('better-sqlite3'),
      },
    },
  );
  const released = new Promise<void>((resolve, reject) => {
    worker.on('message', (m) => m === 'released' && resolve());
    worker.once('error', reject);
  });
  await new Promise<void>((resolve, reject) => {
    worker.on('message', (m) => m === 'locked' && resolve());
    worker.once('error', reject);
  });
  return { released: released.finally(() => worker.terminate()) };
}
