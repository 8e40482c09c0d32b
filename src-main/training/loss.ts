import { tf } from '../ml/backend';

/**
 * PhaseNet's loss: cross-entropy between the label distributions and the softmax of the
 * network's logits, averaged over every sample of every window (Zhu & Beroza 2019), computed
 * from the logits through a log-softmax for numerical stability.
 *
 * Windows whose S is not labelled (data where only first breaks were picked) cannot say
 * whether a sample is S or noise, only whether it is P: for them the loss is the binary
 * cross-entropy of P against "noise or S", -[y_P log p_P + (1 - y_P) log(p_noise + p_S)],
 * which leaves the split between noise and S to the windows that know it.
 *
 * labels, logits: [batch, time, 1, 3] (noise, P, S); sLabelled: [batch], 1 or 0.
 */
export function phaseLoss(labels: tf.Tensor, logits: tf.Tensor, sLabelled: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const logp = tf.logSoftmax(logits, -1);
    const full = tf.neg(tf.sum(tf.mul(labels, logp), -1));
    const [logNoise, logP, logS] = tf.split(logp, 3, -1) as [tf.Tensor, tf.Tensor, tf.Tensor];
    const [, yP] = tf.split(labels, [1, 1, 1], -1) as [tf.Tensor, tf.Tensor, tf.Tensor];
    const logNotP = tf.logSumExp(tf.concat([logNoise, logS], -1), -1, true);
    const pOnly = tf.squeeze(
      tf.neg(tf.add(tf.mul(yP, logP), tf.mul(tf.sub(1, yP), logNotP))),
      [-1],
    );
    const known = tf.reshape(sLabelled, [-1, 1, 1]);
    const perSample = tf.add(tf.mul(known, full), tf.mul(tf.sub(1, known), pOnly));
    return tf.mean(perSample) as tf.Scalar;
  });
}
