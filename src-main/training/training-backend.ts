import { ensureBackend, tf } from '../ml/backend';
import type { MlBackendReport } from '../api/contract';
import { registerBatchNormGradient } from './batch-norm-gradient';
import { registerWasmConv2DBackpropFilter } from './wasm-conv2d-backprop-filter';
import { registerWasmConv2DBackpropInput } from './wasm-conv2d-backprop-input';

/**
 * Selects the tfjs backend (as inference does) and makes it able to train a PhaseNet: on
 * wasm, the missing convolution filter gradient and a faster input gradient; everywhere, a
 * batch-norm gradient without a full-size tile. Call before building the model.
 */
export async function ensureTrainingBackend(): Promise<MlBackendReport> {
  const report = await ensureBackend();
  registerBatchNormGradient();
  if (tf.getBackend() === 'wasm') {
    registerWasmConv2DBackpropFilter();
    registerWasmConv2DBackpropInput();
  }
  return report;
}
