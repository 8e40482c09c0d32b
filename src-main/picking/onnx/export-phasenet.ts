import {
  foldConvTranspose,
  polyphaseConv,
  transposePadBefore,
  type TimeConv,
} from '../phasenet/conv-weights';
import type { FoldedConv, FoldedPhaseNet, FoldedUpsampling } from '../phasenet/folded-phasenet';
import { GraphBuilder } from './graph-builder';
import { DataType, encodeModel, type OnnxModel } from './onnx-proto';

/**
 * The PhaseNet U-Net of buildPhaseNet (phasenet/model.ts) as an ONNX graph (opset 13), from
 * the same weights (folded by foldPhaseNet), for ONNX Runtime. Layer for layer:
 *   - every convolution + batch norm becomes one Conv with the norm folded into its weights
 *     and bias (inference mode, epsilon 1e-3), followed by Relu; pads are TF 'same', so the
 *     stride-4 downsampling convolutions get their asymmetric padding (odd pad after);
 *   - the transposed convolutions become ConvTranspose nodes, or, when asked, their exact
 *     polyphase form (a stride-1 Conv with pool x channels outputs, then Reshape/Transpose/
 *     Reshape interleaving the phases along time). In ONNX Runtime the two run equally fast
 *     on one thread, and on two the interleaving Transpose (which hardly gains from a second
 *     thread) makes the polyphase form ~25 % slower overall, so ConvTranspose is the default
 *     here; the tfjs forward pass, where polyphase is 2-3x faster, uses that instead;
 *   - cropping is a Slice along time, and the skip Concat keeps tfjs's order [skip, up];
 *   - output_conv (1x1, bias) then a softmax over the classes.
 *
 * Layout: the graph takes the tfjs input unchanged, [batch, window, 1, channels] (NHWC), and
 * gives the tfjs output, [batch, window, 1, classes], so that callers fill and read the same
 * buffers for either engine. Inside it works in NCHW with time along W: [batch, channels, 1,
 * window] and [1, k] kernels. Time along W, not H, doubles ONNX Runtime's speed: its blocked
 * (NCHWc) convolution kernels vectorise along the output width, which would otherwise be 1.
 * The switch happens at the two 3-channel ends only. The batch size is free (dim_param
 * "batch").
 */

const ONNX_OPSET = 13;
export const INPUT_NAME = 'waveform';
export const OUTPUT_NAME = 'probabilities';

/** How the decoder upsamples. */
export type Upsampling = 'conv-transpose' | 'polyphase';

export interface PhaseNetOnnxOptions {
  /** Default 'conv-transpose', the faster in ONNX Runtime (see above); 'polyphase' to compare. */
  upsampling?: Upsampling;
}

/**
 * x seen as [N, rows, columns], transposed to [N, columns, rows] and reshaped to `shape`: how
 * the graph swaps time and channels at its ends. ONNX Runtime has a fast path for this batched
 * 2-D transpose; the equivalent 4-D permutation took 4 % of the whole forward pass.
 */
function transpose2d(
  g: GraphBuilder,
  x: string,
  rows: number,
  columns: number,
  shape: number[],
  name: string,
): string {
  const view = g.node('Reshape', `${name}_rows`, [
    x,
    g.int64s(`${name}_rows/shape`, [0, rows, columns]),
  ]);
  const swapped = g.node(
    'Transpose',
    `${name}_columns`,
    [view],
    [{ name: 'perm', type: 'ints', value: [0, 2, 1] }],
  );
  return g.node('Reshape', name, [swapped, g.int64s(`${name}/shape`, shape)]);
}

/**
 * Softmax over the channel axis of [N, C, 1, time], spelled out (subtract the maximum,
 * exponentiate, divide by the sum) so that every step runs along time, vectorised: ONNX
 * Runtime's Softmax over 3 classes per sample took 6 % of the forward pass, this takes 1.6 %.
 */
function softmaxOverChannels(g: GraphBuilder, x: string, name: string): string {
  const max = g.node(
    'ReduceMax',
    `${name}_max`,
    [x],
    [
      { name: 'axes', type: 'ints', value: [1] },
      { name: 'keepdims', type: 'int', value: 1 },
    ],
  );
  const exp = g.node('Exp', `${name}_exp`, [g.node('Sub', `${name}_shifted`, [x, max])]);
  // ReduceSum takes its axes as an input from opset 13 on.
  const sum = g.node('ReduceSum', `${name}_sum`, [exp, g.int64s(`${name}_sum/axes`, [1])]);
  return g.node('Div', name, [exp, sum]);
}

/** A Conv node along time (NCHW, time along W) with explicit pads; returns its output. */
function conv(
  g: GraphBuilder,
  name: string,
  x: string,
  c: TimeConv,
  stride: number,
  pads: { before: number; after: number },
): string {
  return g.node(
    'Conv',
    name,
    [
      x,
      g.floats(`${name}/weights`, [c.outChannels, c.inChannels, 1, c.kernel], c.weights),
      g.floats(`${name}/bias`, [c.outChannels], c.bias),
    ],
    [
      { name: 'kernel_shape', type: 'ints', value: [1, c.kernel] },
      { name: 'strides', type: 'ints', value: [1, stride] },
      { name: 'pads', type: 'ints', value: [0, pads.before, 0, pads.after] },
    ],
  );
}

function foldedConv(g: GraphBuilder, x: string, f: FoldedConv): string {
  const y = conv(g, f.name, x, f.conv, f.stride, f.pads);
  return f.relu ? g.node('Relu', f.relu, [y]) : y;
}

/** The transposed convolution as ONNX ConvTranspose: [N, in, 1, L] -> [N, out, 1, L * s]. */
function convTranspose(g: GraphBuilder, x: string, u: FoldedUpsampling): string {
  const c = foldConvTranspose(u.kernel, u.bn);
  const before = transposePadBefore(c.kernel, u.stride);
  // Output length s (L - 1) + k - pads = s L, as tfjs 'same'; a kernel shorter than the
  // stride leaves a gap at the end that output_padding fills with zeros, as TF does.
  const after = Math.max(c.kernel - u.stride - before, 0);
  const outputPadding = Math.max(u.stride - c.kernel, 0);
  const y = g.node(
    'ConvTranspose',
    u.name,
    [
      x,
      g.floats(`${u.name}/weights`, [c.inChannels, c.outChannels, 1, c.kernel], c.weights),
      g.floats(`${u.name}/bias`, [c.outChannels], c.bias),
    ],
    [
      { name: 'kernel_shape', type: 'ints', value: [1, c.kernel] },
      { name: 'strides', type: 'ints', value: [1, u.stride] },
      { name: 'pads', type: 'ints', value: [0, before, 0, after] },
      { name: 'output_padding', type: 'ints', value: [0, outputPadding] },
    ],
  );
  return g.node('Relu', u.relu, [y]);
}

/** The transposed convolution in polyphase form (see polyphaseConv), phases interleaved. */
function polyphase(g: GraphBuilder, x: string, u: FoldedUpsampling): string {
  const { conv: c, padBefore, padAfter } = polyphaseConv(u.kernel, u.stride, u.bn);
  // ReLU is elementwise, so it can run on the phases before they are interleaved.
  const phases = g.node('Relu', u.relu, [
    conv(g, u.name, x, c, 1, { before: padBefore, after: padAfter }),
  ]);
  // Channel o * s + r is phase r of channel o: [N, o, r, q] -> [N, o, q, r] = time q * s + r.
  const split = g.node('Reshape', `${u.name}_phases`, [
    phases,
    g.int64s(`${u.name}_phases/shape`, [0, u.outChannels, u.stride, u.length]),
  ]);
  const interleaved = g.node(
    'Transpose',
    `${u.name}_interleave`,
    [split],
    [{ name: 'perm', type: 'ints', value: [0, 1, 3, 2] }],
  );
  return g.node('Reshape', `${u.name}_upsampled`, [
    interleaved,
    g.int64s(`${u.name}_upsampled/shape`, [0, u.outChannels, 1, u.length * u.stride]),
  ]);
}

export function phaseNetOnnxModel(
  net: FoldedPhaseNet,
  options: PhaseNetOnnxOptions = {},
): OnnxModel {
  const { channels, classes, window } = net.config;
  const upsample = options.upsampling === 'polyphase' ? polyphase : convTranspose;
  const g = new GraphBuilder();

  const input = g.input(INPUT_NAME);
  // [N, window, 1, channels] -> [N, channels, 1, window]
  const nchw = transpose2d(g, input, window, channels, [0, channels, 1, window], 'waveform_nchw');
  let x = foldedConv(g, nchw, net.input);
  const skips: string[] = [];
  for (const { conv: levelConv, pool } of net.encoder) {
    x = foldedConv(g, x, levelConv);
    skips.push(x);
    if (pool) x = foldedConv(g, x, pool);
  }
  for (const { level, upsampling, crop, conv: levelConv } of net.decoder) {
    x = upsample(g, x, upsampling);
    if (crop) {
      x = g.node('Slice', `up_${level}_crop`, [
        x,
        g.int64s(`up_${level}_crop/starts`, [crop.before]),
        g.int64s(`up_${level}_crop/ends`, [crop.before + crop.length]),
        g.int64s(`up_${level}_crop/axes`, [3]),
      ]);
    }
    x = g.node(
      'Concat',
      `up_${level}_concat`,
      [skips[level]!, x],
      [{ name: 'axis', type: 'int', value: 1 }],
    );
    x = foldedConv(g, x, levelConv);
  }
  const probabilities = softmaxOverChannels(g, foldedConv(g, x, net.output), 'output_softmax');
  // [N, classes, 1, window] -> [N, window, 1, classes]
  transpose2d(g, probabilities, classes, window, [0, window, 1, classes], OUTPUT_NAME);

  return {
    opset: ONNX_OPSET,
    producerName: 'pickline',
    producerVersion: '1',
    docString: 'PhaseNet U-Net exported by Pickline from its tfjs weights',
    graph: g.graph(
      'phasenet',
      [{ name: INPUT_NAME, elemType: DataType.FLOAT, dims: ['batch', window, 1, channels] }],
      [{ name: OUTPUT_NAME, elemType: DataType.FLOAT, dims: ['batch', window, 1, classes] }],
    ),
  };
}

/** The .onnx bytes of a PhaseNet (see phaseNetOnnxModel). */
export function exportPhaseNetOnnx(
  net: FoldedPhaseNet,
  options: PhaseNetOnnxOptions = {},
): Uint8Array {
  return encodeModel(phaseNetOnnxModel(net, options));
}
