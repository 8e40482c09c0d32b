import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type {
  Conv2DBackpropFilterAttrs,
  Conv2DBackpropFilterInputs,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { tf } from '../ml/backend';
import { convGradientGeometry } from './wasm-conv-geometry';
import { wasmMatMul } from './wasm-matmul';

/**
 * The gradient of a 2-D convolution with respect to its filter, which tfjs-backend-wasm 4.x
 * does not implement (so no model with a convolution can train on wasm without it):
 *
 *   dW[r, c, i, o] = Σ_b Σ_y Σ_x  x[b, y·sh + r - top, x·sw + c - left, i] · dy[b, y, x, o]
 *
 * over the output positions whose input position lies inside the image (zero padding).
 * Padding, strides and output size come from tfjs's own `computeConv2DInfo`, so 'same'
 * padding is asymmetric exactly as in the forward kernel (the odd extra row after).
 *
 * As a matrix product: with `cols[k][n]` the input value under filter tap k = (r, c, i) at
 * output position n = (b, y, x) (im2col, transposed), dW[k][o] = Σ_n cols[k][n] · dy[n][o].
 * The product runs in the backend's own BatchMatMul, which XNNPACK computes 10-40x faster
 * than a JavaScript triple loop; the columns are gathered in JavaScript on the wasm heap, one
 * row (tap) at a time with a branch-free inner loop over the positions whose input lies
 * inside the image (the rest stay zero). This layout keeps the right operand small (dy, not
 * the columns), which XNNPACK packs on every call. Both operands are private tensors of this
 * call (see wasmMatMul for why).
 */

const BACKEND = 'wasm';

function conv2DBackpropFilterWasm(args: {
  inputs: Conv2DBackpropFilterInputs;
  backend: BackendWasm;
  attrs: Conv2DBackpropFilterAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const x = inputs.x as TensorInfo;
  const dy = inputs.dy as TensorInfo;
  const geometry = convGradientGeometry(
    'Conv2DBackpropFilter',
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs,
    [x, dy],
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = geometry;
  const { filterHeight, filterWidth, strideHeight, strideWidth, top, left, positions, taps } =
    geometry;

  // Allocate before taking views of the heap: an allocation may grow (and detach) it.
  const cols = backend.makeOutput([1, taps, positions], 'float32');
  const dyCopy = backend.makeOutput([1, positions, outChannels], 'float32');
  const xs = backend.typedArrayFromHeap(x) as Float32Array;
  const colsView = backend.typedArrayFromHeap(cols) as Float32Array;
  (backend.typedArrayFromHeap(dyCopy) as Float32Array).set(
    backend.typedArrayFromHeap(dy) as Float32Array,
  );

  const xRowStep = strideHeight * inWidth * inChannels;
  let k = 0;
  for (let r = 0; r < filterHeight; r++) {
    // Output rows whose input row r - top + y·sh lies inside the image.
    const yLo = Math.max(0, Math.ceil((top - r) / strideHeight));
    const yHi = Math.min(outHeight, Math.floor((inHeight - 1 + top - r) / strideHeight) + 1);
    for (let c = 0; c < filterWidth; c++) {
      const xLo = Math.max(0, Math.ceil((left - c) / strideWidth));
      const xHi = Math.min(outWidth, Math.floor((inWidth - 1 + left - c) / strideWidth) + 1);
      const partial = yLo > 0 || yHi < outHeight || xLo > 0 || xHi < outWidth;
      for (let i = 0; i < inChannels; i++, k++) {
        const row = k * positions;
        if (partial) colsView.fill(0, row, row + positions);
        for (let b = 0; b < batchSize; b++) {
          for (let ox = xLo; ox < xHi; ox++) {
            let to = row + (b * outHeight + yLo) * outWidth + ox;
            const ix = ox * strideWidth + c - left;
            let from =
              ((b * inHeight + yLo * strideHeight + r - top) * inWidth + ix) * inChannels + i;
            for (let oy = yLo; oy < yHi; oy++, to += outWidth, from += xRowStep) {
              colsView[to] = xs[from]!;
            }
          }
        }
      }
    }
  }

  let out: TensorInfo;
  try {
    out = wasmMatMul(backend, cols, dyCopy);
  } finally {
    backend.disposeData(cols.dataId);
    backend.disposeData(dyCopy.dataId);
  }
  // [1, taps, outChannels] is already the filter layout [rows, columns, in, out].
  return { ...out, shape: [...geometry.filterShape] };
}

/** Registers the kernel for the wasm backend, once; a later tfjs that has its own keeps it. */
export function registerWasmConv2DBackpropFilter(): void {
  if (tf.getKernel(tf.Conv2DBackpropFilter, BACKEND)) return;
  tf.registerKernel({
    kernelName: tf.Conv2DBackpropFilter,
    backendName: BACKEND,
    kernelFunc: conv2DBackpropFilterWasm as unknown as KernelFunc,
  });
}
