import { createRequire } from 'node:module';
import * as tf from '@tensorflow/tfjs';
import type { MlBackendName, MlBackendReport } from '../api/contract';
import { engineReport } from '../picking/engine/select-engine';

/** Best first: native TensorFlow with CUDA, native TensorFlow, WebAssembly, pure JavaScript. */
export const BACKEND_ORDER: readonly MlBackendName[] = [
  'tensorflow-gpu',
  'tensorflow',
  'wasm',
  'cpu',
];

// Optional packages are loaded by name at run time: a bundler must not try to resolve them,
// and a machine without them must still start.
const requireOptional = createRequire(__filename);

/** Loads the package that provides a backend and returns the tfjs backend id it registers. */
function provide(name: MlBackendName): string {
  switch (name) {
    case 'tensorflow-gpu':
      requireOptional('@tensorflow/tfjs-node-gpu');
      return 'tensorflow';
    case 'tensorflow':
      requireOptional('@tensorflow/tfjs-node');
      return 'tensorflow';
    case 'wasm':
      requireOptional('@tensorflow/tfjs-backend-wasm');
      return 'wasm';
    case 'cpu':
      return 'cpu';
  }
}

function shortReason(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (/Cannot find module/.test(message)) return 'package not installed';
  return message.split('\n')[0]!.slice(0, 200);
}

/**
 * Picks the fastest backend that loads here. `PICKLINE_BACKEND` forces one (tests use it to
 * check that results agree across backends).
 */
async function select(): Promise<MlBackendReport> {
  const forced = process.env.PICKLINE_BACKEND as MlBackendName | undefined;
  if (forced && !BACKEND_ORDER.includes(forced)) {
    throw new Error(`PICKLINE_BACKEND=${forced} is not one of ${BACKEND_ORDER.join(', ')}`);
  }
  const order = forced ? [forced] : BACKEND_ORDER;
  const skipped: MlBackendReport['skipped'] = [];
  for (const name of order) {
    try {
      const id = provide(name);
      if (await tf.setBackend(id)) {
        await tf.ready();
        return { name, skipped, engine: engineReport() };
      }
      skipped.push({ name, reason: 'backend failed to initialise' });
    } catch (err) {
      skipped.push({ name, reason: shortReason(err) });
    }
  }
  const reasons = skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
  throw new Error(`no TensorFlow.js backend could start (${reasons})`);
}

let selection: Promise<MlBackendReport> | undefined;

/** Selects the backend once per process (main, CLI or worker thread) and remembers it. */
export function ensureBackend(): Promise<MlBackendReport> {
  selection ??= select();
  return selection;
}

export { tf };
