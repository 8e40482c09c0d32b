/**
 * What runs a Pickline model's forward pass. predict.ts hands an engine a batch of normalized
 * windows in the tfjs input layout and reads probabilities back in the tfjs output layout, so
 * the engines are interchangeable:
 *   - `onnx`: ONNX Runtime (onnxruntime-node, CPU) on a graph exported from the model's own
 *     weights (picking/onnx) — the fast path;
 *   - `tfjs`: the tfjs-layers model on the selected tfjs backend — the fallback, and the
 *     engine training uses.
 */

export type EngineName = 'onnx' | 'tfjs';

/** What a caller asks for: an engine by name, or 'auto' (onnx when it loads, else tfjs). */
export type EngineChoice = EngineName | 'auto';

export interface InferenceEngine {
  readonly name: EngineName;
  /**
   * Forward pass of `count` windows: `windows` is [count][window][channel] (row-major, as the
   * tfjs input [count, window, 1, channels]); returns [count][window][class].
   */
  run(windows: Float32Array, count: number): Promise<Float32Array>;
  /** Frees what the engine holds of its own (a session); the model stays the caller's. */
  dispose(): Promise<void>;
}

/** Which engine runs, and why the better ones were passed over (as the tfjs backend report). */
export interface EngineReport {
  name: EngineName;
  skipped: { name: EngineName; reason: string }[];
}
