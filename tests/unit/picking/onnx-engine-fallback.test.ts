import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ensureBackend } from '../../../src-main/ml/backend';
import { engineFor, engineReport } from '../../../src-main/picking/engine/select-engine';
import type { LoadedModel } from '../../../src-main/picking/model-dir';
import { predictProbabilities } from '../../../src-main/picking/predict';
import { makeTrace, signal, smallModel } from './small-model';

// A machine where onnxruntime-node cannot load: what require() says when the package is
// missing. Only the loader is replaced; selection and prediction are the real ones.
vi.mock('../../../src-main/picking/engine/onnx-engine', () => {
  const missing = () =>
    new Error("Cannot find module 'onnxruntime-node'\nRequire stack:\n- select-engine.ts");
  return {
    loadOnnxRuntime: () => {
      throw missing();
    },
    onnxEngine: () => Promise.reject(missing()),
  };
});

describe('engine selection without ONNX Runtime', () => {
  let loaded: LoadedModel;
  beforeAll(async () => {
    await ensureBackend();
    loaded = smallModel().loaded;
  });
  afterAll(() => loaded.model.dispose());

  it('reports tfjs, and why onnx was skipped', () => {
    expect(engineReport()).toEqual({
      name: 'tfjs',
      skipped: [{ name: 'onnx', reason: 'package not installed' }],
    });
    expect(() => engineReport('onnx')).toThrow(/Cannot find module 'onnxruntime-node'/);
  });

  it('falls back to tfjs for a model, and still predicts', async () => {
    const { engine, report } = await engineFor(loaded);
    expect(engine.name).toBe('tfjs');
    expect(report).toEqual({
      name: 'tfjs',
      skipped: [{ name: 'onnx', reason: 'package not installed' }],
    });
    const input = [['E', 'N', 'Z'].map((c, i) => makeTrace(signal(600, i), c))];
    const auto = await predictProbabilities(loaded, input);
    const tfjs = await predictProbabilities(loaded, input, { engine: 'tfjs' });
    expect(auto).toEqual(tfjs);
    expect(auto[0]!.p.some((v) => v > 0)).toBe(true);
  });

  it('refuses when onnx is asked for by name', async () => {
    await expect(engineFor(loaded, 'onnx')).rejects.toThrow(/onnxruntime-node/);
    await expect(
      predictProbabilities(loaded, [[makeTrace(signal(300, 1), 'Z')]], { engine: 'onnx' }),
    ).rejects.toThrow(/onnxruntime-node/);
  });
});
