import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type {
  Conv2DBackpropInputAttrs,
  Conv2DBackpropInputInputs,
  KernelFunc,
  TensorInfo,
} from '@tensorflow/tfjs-core';
import { tf } from '../ml/backend';
import { convGradientGeometry } from './wasm-conv-geometry';
import { wasmMatMul } from './wasm-matmul';

/**
 * The gradient of a 2-D convolution with respect to its input, which is also the forward pass
 * of a transposed convolution (PhaseNet's decoder). tfjs-backend-wasm has this kernel, but as
 * a plain C++ loop that takes a third of a PhaseNet training step; this one replaces it:
 *
 *   dx[b, y·sh + r - top, x·sw + c - left, i] += Σ_o dy[b, y, x, o] · W[r, c, i, o]
 *
 * As a matrix product: G[n][k] = Σ_o dy[n][o] · W[k][o] for output position n = (b, y, x) and
 * filter tap k = (r, c, i), computed by the backend's XNNPACK BatchMatMul, then each G[n][k]
 * added to the input position it came from (col2im, in JavaScript on the wasm heap). Padding
 * and strides come from tfjs's `computeConv2DInfo`, as in the forward kernel. Registered only
 * by `registerWasmTrainingKernels` (training), after the tests against the cpu backend.
 */

const BACKEND = 'wasm';

function conv2DBackpropInputWasm(args: {
  inputs: Conv2DBackpropInputInputs;
  backend: BackendWasm;
  attrs: Conv2DBackpropInputAttrs;
}): TensorInfo {
  const { inputs, backend, attrs } = args;
  const dy = inputs.dy as TensorInfo;
  const filter = inputs.filter as TensorInfo;
  const geometry = convGradientGeometry(
    'Conv2DBackpropInput',
    attrs.inputShape,
    filter.shape as [number, number, number, number],
    attrs,
    [dy, filter],
  );
  const { batchSize, inHeight, inWidth, inChannels, outHeight, outWidth, outChannels } = geometry;
  const { filterHeight, filterWidth, strideHeight, strideWidth, top, left, positions, taps } =
    geometry;

  // W^T as [outChannels, taps]: the filter is [taps, outChannels] in memory.
  const filterT = backend.makeOutput([1, outChannels, taps], 'float32');
  {
    const w = backend.typedArrayFromHeap(filter) as Float32Array;
    const wt = backend.typedArrayFromHeap(filterT) as Float32Array;
    for (let k = 0; k < taps; k++) {
      for (let o = 0; o < outChannels; o++) wt[o * taps + k] = w[k * outChannels + o]!;
    }
  }
  let g: TensorInfo;
  try {
    g = wasmMatMul(backend, { ...dy, shape: [1, positions, outChannels] }, filterT);
  } finally {
    backend.disposeData(filterT.dataId);
  }

  const dx = backend.makeOutput(geometry.inShape, 'float32');
  const dxs = backend.typedArrayFromHeap(dx) as Float32Array;
  const gs = backend.typedArrayFromHeap(g) as Float32Array;
  dxs.fill(0);
  let n = 0;
  for (let b = 0; b < batchSize; b++) {
    for (let oy = 0; oy < outHeight; oy++) {
      for (let ox = 0; ox < outWidth; ox++, n++) {
        const gRow = n * taps;
        for (let r = 0; r < filterHeight; r++) {
          const iy = oy * strideHeight + r - top;
          if (iy < 0 || iy >= inHeight) continue;
          for (let c = 0; c < filterWidth; c++) {
            const ix = ox * strideWidth + c - left;
            if (ix < 0 || ix >= inWidth) continue;
            const xAt = ((b * inHeight + iy) * inWidth + ix) * inChannels;
            const gAt = gRow + (r * filterWidth + c) * inChannels;
            for (let i = 0; i < inChannels; i++) dxs[xAt + i]! += gs[gAt + i]!;
          }
        }
      }
    }
  }
  backend.disposeData(g.dataId);
  return dx;
}

/** Replaces the backend's Conv2DBackpropInput with this one (idempotent). */
export function registerWasmConv2DBackpropInput(): void {
  const existing = tf.getKernel(tf.Conv2DBackpropInput, BACKEND);
  if (existing?.kernelFunc === (conv2DBackpropInputWasm as unknown as KernelFunc)) return;
  if (existing) tf.unregisterKernel(tf.Conv2DBackpropInput, BACKEND);
  tf.registerKernel({
    kernelName: tf.Conv2DBackpropInput,
    backendName: BACKEND,
    kernelFunc: conv2DBackpropInputWasm as unknown as KernelFunc,
  });
}
