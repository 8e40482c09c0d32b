import { tf } from '../../ml/backend';
import { polyphaseConv, type TimeConv } from '../phasenet/conv-weights';
import {
  foldPhaseNet,
  modelWeights,
  type FoldedConv,
  type FoldedPhaseNet,
} from '../phasenet/folded-phasenet';
import type { PhaseNetConfig } from '../phasenet/model';
import type { InferenceEngine } from './inference-engine';

/**
 * PhaseNet's forward pass in tfjs ops on the selected backend, from the folded network
 * (batch norms inside the convolutions, one fused conv + bias + ReLU per layer) with the
 * transposed convolutions in polyphase form: on the wasm backend that is 2-3x as fast as the
 * tfjs-layers model, where conv2dTranspose alone took ~40 % of the time. Same layouts as the
 * model: [count, window, 1, channels] in, [count, window, 1, classes] out.
 */

/** A folded convolution in tfjs layout, kept as arrays: tensors are made per pass. */
interface TfjsConv {
  /** [k, 1, in, out] */
  filter: Float32Array;
  shape: [number, number, number, number];
  bias: Float32Array;
  stride: number;
  pads: { before: number; after: number };
  relu: boolean;
}

/** [out, in, k] (ONNX order, see conv-weights) -> tfjs [k, 1, in, out]. */
function tfjsConv(
  c: TimeConv,
  stride: number,
  pads: { before: number; after: number },
  relu: boolean,
): TfjsConv {
  const filter = new Float32Array(c.weights.length);
  for (let o = 0; o < c.outChannels; o++) {
    for (let i = 0; i < c.inChannels; i++) {
      for (let t = 0; t < c.kernel; t++) {
        filter[(t * c.inChannels + i) * c.outChannels + o] =
          c.weights[(o * c.inChannels + i) * c.kernel + t]!;
      }
    }
  }
  return {
    filter,
    shape: [c.kernel, 1, c.inChannels, c.outChannels],
    bias: c.bias,
    stride,
    pads,
    relu,
  };
}

const fromFolded = (f: FoldedConv) => tfjsConv(f.conv, f.stride, f.pads, f.relu !== null);

interface Plan {
  input: TfjsConv;
  encoder: { conv: TfjsConv; pool: TfjsConv | null }[];
  decoder: {
    level: number;
    /** Polyphase convolution: channel o * stride + r is phase r of output channel o. */
    phases: TfjsConv;
    stride: number;
    length: number;
    outChannels: number;
    crop: { before: number; length: number } | null;
    conv: TfjsConv;
  }[];
  output: TfjsConv;
}

function plan(net: FoldedPhaseNet): Plan {
  return {
    input: fromFolded(net.input),
    encoder: net.encoder.map(({ conv, pool }) => ({
      conv: fromFolded(conv),
      pool: pool ? fromFolded(pool) : null,
    })),
    decoder: net.decoder.map(({ level, upsampling: u, crop, conv }) => {
      const { conv: c, padBefore, padAfter } = polyphaseConv(u.kernel, u.stride, u.bn);
      return {
        level,
        phases: tfjsConv(c, 1, { before: padBefore, after: padAfter }, true),
        stride: u.stride,
        length: u.length,
        outChannels: u.outChannels,
        crop,
        conv: fromFolded(conv),
      };
    }),
    output: fromFolded(net.output),
  };
}

function conv(x: tf.Tensor4D, c: TfjsConv): tf.Tensor4D {
  return tf.fused.conv2d({
    x,
    filter: tf.tensor4d(c.filter, c.shape),
    bias: tf.tensor1d(c.bias),
    strides: [c.stride, 1],
    pad: [
      [0, 0],
      [c.pads.before, c.pads.after],
      [0, 0],
      [0, 0],
    ],
    activation: c.relu ? 'relu' : 'linear',
  });
}

/** The forward pass; call inside tf.tidy (it makes the weight tensors it uses). */
function forward(p: Plan, x: tf.Tensor4D): tf.Tensor {
  const count = x.shape[0];
  let y = conv(x, p.input);
  const skips: tf.Tensor4D[] = [];
  for (const level of p.encoder) {
    y = conv(y, level.conv);
    skips.push(y);
    if (level.pool) y = conv(y, level.pool);
  }
  for (const d of p.decoder) {
    // [n, q, 1, o * s + r] -> [n, q, o, r] -> [n, q, r, o] -> time q * s + r.
    let up = conv(y, d.phases)
      .reshape([count, d.length, d.outChannels, d.stride])
      .transpose([0, 1, 3, 2])
      .reshape([count, d.length * d.stride, 1, d.outChannels]) as tf.Tensor4D;
    if (d.crop) up = up.slice([0, d.crop.before, 0, 0], [count, d.crop.length, 1, d.outChannels]);
    y = conv(tf.concat([skips[d.level]!, up], 3), d.conv);
  }
  return tf.softmax(conv(y, p.output));
}

export function tfjsEngine(model: tf.LayersModel, config: PhaseNetConfig): InferenceEngine {
  const { window, channels } = config;
  const p = plan(foldPhaseNet(config, modelWeights(model)));
  return {
    name: 'tfjs',
    async run(windows, count) {
      const y = tf.tidy(() => forward(p, tf.tensor4d(windows, [count, window, 1, channels])));
      try {
        return (await y.data()) as Float32Array;
      } finally {
        y.dispose();
      }
    },
    // Weight tensors live for one pass only: nothing outlives a call.
    async dispose() {},
  };
}
