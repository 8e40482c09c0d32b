import type { BackendWasm } from '@tensorflow/tfjs-backend-wasm';
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { tf } from '../ml/backend';

/**
 * a [1, m, k] · b [1, k, n] → [1, m, n] through the wasm backend's own BatchMatMul kernel,
 * for kernels written on top of it. Without transposes and with a batch of 1 it runs in
 * XNNPACK; transposed operands would take its slow scalar path.
 *
 * That kernel caches an XNNPACK operator (with a packed copy of b) under b's tensor id,
 * whatever b's shape, and frees it when that tensor is disposed. So `b` must be a tensor the
 * caller made for this one product and disposes afterwards; `a` may be any tensor.
 */
type MatMulKernel = (args: {
  inputs: { a: TensorInfo; b: TensorInfo };
  backend: BackendWasm;
  attrs: { transposeA: boolean; transposeB: boolean };
}) => TensorInfo;

export function wasmMatMul(backend: BackendWasm, a: TensorInfo, b: TensorInfo): TensorInfo {
  const kernel = tf.getKernel(tf.BatchMatMul, 'wasm').kernelFunc as unknown as MatMulKernel;
  return kernel({ inputs: { a, b }, backend, attrs: { transposeA: false, transposeB: false } });
}
