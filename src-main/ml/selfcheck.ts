import { JobParamsSchemas } from '../api/contract';
import { throwIfCancelled, type Task } from '../jobs/task';
import { ensureBackend, tf } from './backend';

export interface SelfcheckResult {
  backend: string;
  iterations: number;
  windowSamples: number;
  windowsPerSecond: number;
}

/**
 * Proves the ML stack works where it will run (inside a job worker): selects the backend,
 * times forward passes of a small convolutional probe shaped like a PhaseNet input
 * [samples, 1, 3] and reports throughput.
 */
export const selfcheck: Task = async (rawParams, ctx): Promise<SelfcheckResult> => {
  const { iterations, windowSamples } = JobParamsSchemas['ml.selfcheck'].parse(rawParams);
  const backend = await ensureBackend();
  ctx.progress(0, `backend ${backend.name}`);
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: [windowSamples, 1, 3],
        filters: 8,
        kernelSize: [7, 1],
        padding: 'same',
        activation: 'relu',
      }),
      tf.layers.conv2d({ filters: 3, kernelSize: 1, activation: 'softmax' }),
    ],
  });
  const input = tf.randomNormal([1, windowSamples, 1, 3]);
  try {
    tf.tidy(() => model.predict(input)); // warm-up: kernels compile on first use
    const started = performance.now();
    for (let i = 0; i < iterations; i++) {
      throwIfCancelled(ctx.signal);
      const out = model.predict(input) as tf.Tensor;
      await out.data();
      out.dispose();
      ctx.progress((i + 1) / iterations, `forward pass ${i + 1}/${iterations}`);
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      backend: backend.name,
      iterations,
      windowSamples,
      windowsPerSecond: iterations / seconds,
    };
  } finally {
    input.dispose();
    model.dispose();
  }
};
