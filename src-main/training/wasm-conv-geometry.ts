import type { Conv2DBackpropFilterAttrs, TensorInfo } from '@tensorflow/tfjs-core';
import { tf } from '../ml/backend';

type Shape4 = [number, number, number, number];

/**
 * The geometry both convolution-gradient kernels work from: padding, strides and sizes from
 * tfjs's own `computeConv2DInfo` (so 'same' padding is asymmetric exactly as in the forward
 * kernel), plus the im2col sizes. Refuses what the kernels do not implement.
 */
export function convGradientGeometry(
  kernel: string,
  xShape: Shape4,
  filterShape: Shape4,
  attrs: Pick<Conv2DBackpropFilterAttrs, 'strides' | 'pad' | 'dataFormat' | 'dimRoundingMode'>,
  tensors: readonly TensorInfo[],
) {
  if (attrs.dataFormat !== 'NHWC') {
    throw new Error(`wasm ${kernel} supports dataFormat NHWC only, got ${attrs.dataFormat}`);
  }
  if (tensors.some((t) => t.dtype !== 'float32')) {
    throw new Error(`wasm ${kernel} needs float32 tensors`);
  }
  const info = tf.backend_util.computeConv2DInfo(
    xShape,
    filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  return {
    ...info,
    top: info.padInfo.top,
    left: info.padInfo.left,
    /** Output positions (b, y, x): the rows of the im2col matrix. */
    positions: info.batchSize * info.outHeight * info.outWidth,
    /** Filter taps (r, c, i): its columns. */
    taps: info.filterHeight * info.filterWidth * info.inChannels,
  };
}
