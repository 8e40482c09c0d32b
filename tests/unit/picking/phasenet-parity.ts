import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { MlBackendName } from '../../../src-main/api/contract';
import { ensureBackend, tf } from '../../../src-main/ml/backend';
import { convertCheckpoint } from '../../../src-main/picking/phasenet/convert';
import { normalizeWindow } from '../../../src-main/picking/phasenet/normalize';
import { CHECKPOINT_PREFIX, maxAbsDiff, phasenetFixtures } from './phasenet-fixtures';

/** Tolerances against the original TensorFlow graph. */
export const PROB_TOLERANCE = 1e-4;
export const INPUT_TOLERANCE = 1e-5;

/**
 * The converted published PhaseNet against TensorFlow's own output on the reference windows,
 * from raw samples (our normalization) to softmax probabilities, on one tfjs backend. Each
 * backend has its own test file, so each runs in a process of its own.
 */
export function describeParity(backend: MlBackendName): void {
  describe(`PhaseNet parity with TensorFlow on the ${backend} backend`, () => {
    const fixtures = phasenetFixtures();
    const [T, C] = [3000, 3];
    let model: tf.LayersModel;

    beforeAll(async () => {
      vi.stubEnv('PICKLINE_BACKEND', backend);
      expect((await ensureBackend()).name).toBe(backend);
      expect(tf.getBackend()).toBe(backend);
      model = convertCheckpoint(CHECKPOINT_PREFIX).model;
    });
    afterAll(() => {
      model?.dispose();
      vi.unstubAllEnvs();
    });

    for (const fixture of fixtures) {
      it(`${fixture.name}: normalized input and probabilities match`, () => {
        const input = normalizeWindow(fixture.raw, C);
        expect(maxAbsDiff(input, fixture.normalized)).toBeLessThanOrEqual(INPUT_TOLERANCE);
        const probs = tf.tidy(() =>
          (model.predict(tf.tensor4d(input, [1, T, 1, C])) as tf.Tensor).dataSync(),
        );
        expect(maxAbsDiff(probs, fixture.probTf)).toBeLessThanOrEqual(PROB_TOLERANCE);
      });
    }

    it('gives each window of a batch the same probabilities as alone', () => {
      const batch = new Float32Array(fixtures.length * T * C);
      fixtures.forEach((f, i) => batch.set(normalizeWindow(f.raw, C), i * T * C));
      const probs = tf.tidy(() =>
        (model.predict(tf.tensor4d(batch, [fixtures.length, T, 1, C])) as tf.Tensor).dataSync(),
      );
      fixtures.forEach((f, i) => {
        const window = probs.subarray(i * T * C, (i + 1) * T * C);
        expect(maxAbsDiff(window, f.probTf), f.name).toBeLessThanOrEqual(PROB_TOLERANCE);
      });
    });
  });
}
