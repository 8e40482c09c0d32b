import type { NamedAttrMap, Tensor } from '@tensorflow/tfjs-core';
import { tf } from '../ml/backend';

/**
 * The gradient of tfjs's FusedBatchNorm (the op behind tf.layers.batchNormalization) without
 * its one wasteful step: for the input gradient, tfjs 4.x tiles 1/sqrt(variance + eps) out to
 * the full shape of x before multiplying, a whole extra tensor per batch-norm layer and the
 * most expensive kernel of a PhaseNet training step on wasm. Multiplying with broadcasting
 * gives the same numbers. Everything else is the formula of tfjs-core's
 * FusedBatchNorm_grad.ts, including that the mean and variance gradients flow back through
 * tf.moments (batch statistics) by the graph, not here.
 */

function reductionAxes(meanRank: number, xRank: number): number[] {
  // A per-channel (rank-1) mean broadcasts over every axis but the last (channels last).
  return meanRank === 1 ? Array.from({ length: xRank - 1 }, (_, i) => i) : [];
}

function gradFunc(dy: Tensor | Tensor[], saved: Tensor[], attrs: NamedAttrMap) {
  const g = dy as Tensor;
  const [x, mean, variance, scale] = saved as [Tensor, Tensor, Tensor, Tensor | undefined];
  const epsilon = attrs.varianceEpsilon as number;
  const axes = reductionAxes(mean.rank, x.rank);
  const reduce = (t: Tensor) => (axes.length > 0 ? tf.sum(t, axes) : t).reshape(mean.shape);
  const gamma = scale ?? tf.scalar(1);
  const inverseStd = tf.rsqrt(tf.add(variance, epsilon));
  const xMinusMean = tf.sub(x, mean);
  const dyTimesGamma = tf.mul(g, gamma);
  return {
    x: () => tf.mul(dyTimesGamma, inverseStd).reshape(x.shape),
    mean: () => reduce(tf.mul(tf.neg(inverseStd), dyTimesGamma)),
    variance: () =>
      reduce(tf.mul(tf.mul(tf.mul(tf.pow(inverseStd, 3), -0.5), xMinusMean), dyTimesGamma)),
    scale: () => reduce(tf.mul(g, tf.mul(xMinusMean, inverseStd))),
    offset: () => reduce(g),
  };
}

/** Replaces tfjs's FusedBatchNorm gradient (for every backend; the results are the same). */
export function registerBatchNormGradient(): void {
  tf.registerGradient({
    kernelName: tf.FusedBatchNorm,
    inputsToSave: ['x', 'mean', 'variance', 'scale'],
    gradFunc,
  });
}
