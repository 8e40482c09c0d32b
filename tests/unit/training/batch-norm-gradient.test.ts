import { describe, expect, it } from 'vitest';
import { tf } from '../../../src-main/ml/backend';
import { registerBatchNormGradient } from '../../../src-main/training/batch-norm-gradient';

/**
 * Pickline's FusedBatchNorm gradient against tfjs's own (the one it replaces), on the cpu
 * backend: the same numbers for x, mean, variance, scale and offset, with per-channel
 * statistics as tf.layers.batchNormalization passes them and with full-shape ones.
 */
function gradients(meanShape: number[]): Float32Array[] {
  return tf.tidy(() => {
    const x = tf.randomNormal([2, 9, 1, 4], 0, 1, 'float32', 1);
    const mean = tf.randomNormal(meanShape, 0, 0.5, 'float32', 2);
    const variance = tf.randomUniform(meanShape, 0.5, 2, 'float32', 3);
    const scale = tf.randomUniform(meanShape, 0.5, 1.5, 'float32', 4);
    const offset = tf.randomNormal(meanShape, 0, 0.5, 'float32', 5);
    const weights = tf.randomNormal([2, 9, 1, 4], 0, 1, 'float32', 6);
    const loss = (a: tf.Tensor, m: tf.Tensor, v: tf.Tensor, s: tf.Tensor, o: tf.Tensor) =>
      tf.sum(tf.mul(tf.batchNorm(a, m, v, o, s, 1e-3), weights));
    return tf
      .grads(loss)([x, mean, variance, scale, offset])
      .map((g) => Float32Array.from(g.dataSync()));
  });
}

describe('batch-norm gradient', () => {
  it("equals tfjs's own, without tiling", async () => {
    await tf.setBackend('cpu');
    const shapes = [[4], [2, 9, 1, 4]];
    const before = shapes.map(gradients);
    registerBatchNormGradient();
    const after = shapes.map(gradients);
    before.forEach((grads, s) =>
      grads.forEach((g, i) => {
        const mine = after[s]![i]!;
        expect(mine).toHaveLength(g.length);
        g.forEach((v, k) => expect(mine[k]).toBeCloseTo(v, 5));
      }),
    );
  });
});
