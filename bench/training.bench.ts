import { tf } from '../src-main/ml/backend';
import { buildPhaseNet, type PhaseNetConfig } from '../src-main/picking/phasenet/model';
import { phaseLoss } from '../src-main/training/loss';
import { ensureTrainingBackend } from '../src-main/training/training-backend';
import type { BenchCase } from './harness';

/**
 * Training throughput (issue 6): windows per second of full training steps (forward, loss,
 * gradients, Adam update) of the bundled model's architecture, on the backend the app selects
 * (wasm here, with Pickline's training kernels). Random windows and labels: the arithmetic
 * does not depend on the data.
 */
const ARCHITECTURE: PhaseNetConfig = {
  depth: 5,
  filters: [8, 16, 32, 64, 128],
  kernel: 7,
  pool: 4,
  channels: 1,
  window: 1024,
  classes: 3,
};

export async function trainingCases(): Promise<BenchCase[]> {
  const backend = await ensureTrainingBackend();
  return [16, 32].map((batch) => {
    const model = buildPhaseNet(ARCHITECTURE);
    const logits = tf.model({
      inputs: model.inputs,
      outputs: model.getLayer('output_conv').output,
    });
    const optimizer = tf.train.adam(1e-3);
    const { window } = ARCHITECTURE;
    const x = tf.randomNormal([batch, window, 1, 1], 0, 1, 'float32', 1);
    const y = tf.softmax(tf.randomNormal([batch, window, 1, 3], 0, 1, 'float32', 2));
    const s = tf.ones([batch]);
    return {
      suite: 'training',
      name: `PhaseNet 8-128, 1024 samples, batch ${batch} (${backend.name})`,
      items: batch,
      unit: 'windows',
      warmup: 2,
      rounds: 5,
      round: () => () =>
        tf.tidy(() => {
          optimizer.minimize(
            () => phaseLoss(y, logits.apply(x, { training: true }) as tf.Tensor, s),
            false,
          );
        }),
    };
  });
}
