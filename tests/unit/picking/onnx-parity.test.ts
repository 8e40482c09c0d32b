import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBackend, tf } from '../../../src-main/ml/backend';
import type { InferenceEngine } from '../../../src-main/picking/engine/inference-engine';
import { onnxEngine } from '../../../src-main/picking/engine/onnx-engine';
import { tfjsEngine } from '../../../src-main/picking/engine/tfjs-engine';
import { convertCheckpoint } from '../../../src-main/picking/phasenet/convert';
import { PHASENET_CONFIG } from '../../../src-main/picking/phasenet/model';
import { normalizeWindow } from '../../../src-main/picking/phasenet/normalize';
import { CHECKPOINT_PREFIX, maxAbsDiff, phasenetFixtures } from './phasenet-fixtures';
import { INPUT_TOLERANCE } from './phasenet-parity';

/**
 * The published PhaseNet on the inference engines, against TensorFlow's own output on the
 * reference windows: from raw samples (our normalization) to softmax probabilities, as the
 * tfjs-layers parity tests do, with the tighter bound. ONNX Runtime runs the exported
 * graph with either decoder form; tfjs runs the folded polyphase forward pass.
 */
const ENGINE_PROB_TOLERANCE = 1e-5;

type EngineCase = 'onnx polyphase' | 'onnx ConvTranspose' | 'tfjs polyphase';

describe('PhaseNet parity with TensorFlow on the inference engines', () => {
  const fixtures = phasenetFixtures();
  const [T, C] = [3000, 3];
  let model: tf.LayersModel;
  const engines = new Map<EngineCase, InferenceEngine>();

  beforeAll(async () => {
    await ensureBackend();
    model = convertCheckpoint(CHECKPOINT_PREFIX).model;
    engines.set('onnx ConvTranspose', await onnxEngine(model, PHASENET_CONFIG));
    engines.set(
      'onnx polyphase',
      await onnxEngine(model, PHASENET_CONFIG, { upsampling: 'polyphase' }),
    );
    engines.set('tfjs polyphase', tfjsEngine(model, PHASENET_CONFIG));
  });
  afterAll(async () => {
    await Promise.all([...engines.values()].map((e) => e.dispose()));
    model?.dispose();
  });

  const cases: EngineCase[] = ['onnx ConvTranspose', 'onnx polyphase', 'tfjs polyphase'];
  for (const engine of cases) {
    for (const fixture of fixtures) {
      it(`${fixture.name}, ${engine}: probabilities match`, async () => {
        const input = normalizeWindow(fixture.raw, C);
        expect(maxAbsDiff(input, fixture.normalized)).toBeLessThanOrEqual(INPUT_TOLERANCE);
        const probs = await engines.get(engine)!.run(input, 1);
        expect(maxAbsDiff(probs, fixture.probTf)).toBeLessThanOrEqual(ENGINE_PROB_TOLERANCE);
      });
    }

    it(`${engine}: each window of a batch matches, whatever its place`, async () => {
      // Windows in both orders, so a mix-up of batch rows cannot pass.
      const order = [...fixtures, ...[...fixtures].reverse()];
      const batch = new Float32Array(order.length * T * C);
      order.forEach((f, i) => batch.set(normalizeWindow(f.raw, C), i * T * C));
      const probs = await engines.get(engine)!.run(batch, order.length);
      expect(probs).toHaveLength(order.length * T * C);
      order.forEach((f, i) => {
        const window = probs.subarray(i * T * C, (i + 1) * T * C);
        expect(maxAbsDiff(window, f.probTf), f.name).toBeLessThanOrEqual(ENGINE_PROB_TOLERANCE);
      });
    });
  }
});

describe('PhaseNet parity with TensorFlow, tfjs forward pass on the cpu backend', () => {
  // The pure-JavaScript backend is the last fallback: the folded forward pass must hold there.
  let model: tf.LayersModel;
  let previous: string;
  beforeAll(async () => {
    await ensureBackend();
    previous = tf.getBackend();
    await tf.setBackend('cpu');
    model = convertCheckpoint(CHECKPOINT_PREFIX).model;
  });
  afterAll(async () => {
    model?.dispose();
    await tf.setBackend(previous);
  });

  it('gives TensorFlow’s probabilities on all reference windows', async () => {
    const fixtures = phasenetFixtures();
    const engine = tfjsEngine(model, PHASENET_CONFIG);
    const batch = new Float32Array(fixtures.length * 3000 * 3);
    fixtures.forEach((f, i) => batch.set(normalizeWindow(f.raw, 3), i * 3000 * 3));
    const probs = await engine.run(batch, fixtures.length);
    expect(tf.getBackend()).toBe('cpu');
    fixtures.forEach((f, i) => {
      const window = probs.subarray(i * 3000 * 3, (i + 1) * 3000 * 3);
      expect(maxAbsDiff(window, f.probTf), f.name).toBeLessThanOrEqual(ENGINE_PROB_TOLERANCE);
    });
  });
});
