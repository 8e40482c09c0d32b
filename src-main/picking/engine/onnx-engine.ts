import { createRequire } from 'node:module';
import os from 'node:os';
import type * as Ort from 'onnxruntime-node';
import type { tf } from '../../ml/backend';
import {
  exportPhaseNetOnnx,
  INPUT_NAME,
  OUTPUT_NAME,
  type PhaseNetOnnxOptions,
} from '../onnx/export-phasenet';
import { foldPhaseNet, modelWeights } from '../phasenet/folded-phasenet';
import type { PhaseNetConfig } from '../phasenet/model';
import type { InferenceEngine } from './inference-engine';

// Loaded at run time, by name, like the optional tfjs backends: a machine where the native
// runtime cannot load must still pick, with tfjs.
const requireAtRunTime = createRequire(__filename);

/** onnxruntime-node, or an error saying why it cannot load here. */
export function loadOnnxRuntime(): typeof Ort {
  return requireAtRunTime('onnxruntime-node') as typeof Ort;
}

export interface OnnxEngineOptions extends PhaseNetOnnxOptions {
  /**
   * Threads of ONNX Runtime's intra-op pool (the calling thread is one of them); default every
   * core, which is right as long as one forward pass runs at a time (see `queue`).
   */
  threads?: number;
}

/**
 * Forward passes of every ONNX session of this thread, one after the other. Each pass already
 * spreads over all cores; two at once (two models, or two predictions started together) would
 * run twice as many threads as cores and both slow down.
 */
let queue: Promise<unknown> = Promise.resolve();

function serialized<T>(task: () => Promise<T>): Promise<T> {
  const result = queue.then(task);
  queue = result.catch(() => {});
  return result;
}

/**
 * An ONNX Runtime session (CPU) over the graph exported from the tfjs model's weights. The
 * graph is built in memory at load time: for published PhaseNet the export takes ~25 ms and
 * the session ~20-100 ms, too little to be worth a model.onnx cached beside weights.bin,
 * which could go stale against it.
 */
export async function onnxEngine(
  model: tf.LayersModel,
  config: PhaseNetConfig,
  options: OnnxEngineOptions = {},
): Promise<InferenceEngine> {
  const ort = loadOnnxRuntime();
  const bytes = exportPhaseNetOnnx(foldPhaseNet(config, modelWeights(model)), options);
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: ['cpu'],
    graphOptimizationLevel: 'all',
    intraOpNumThreads: options.threads ?? os.availableParallelism(),
    // One operator at a time, each spread over the intra-op pool: no second pool to compete.
    executionMode: 'sequential',
    interOpNumThreads: 1,
    // Pool threads sleep between operators instead of spinning: between batches this thread
    // normalizes and stitches windows, and a spinning pool thread would take the core it needs
    // (on this loaded 2-core machine spinning cost up to half the throughput).
    extra: { session: { intra_op: { allow_spinning: '0' } } },
  });
  const { window, channels } = config;
  return {
    name: 'onnx',
    async run(windows, count) {
      // CPU tensors wrap the arrays as they are: nothing to free afterwards.
      const input = new ort.Tensor('float32', windows, [count, window, 1, channels]);
      const outputs = await serialized(() => session.run({ [INPUT_NAME]: input }));
      return outputs[OUTPUT_NAME]!.data as Float32Array;
    },
    dispose: () => session.release(),
  };
}
