import { describe, expect, it } from 'vitest';
import { BACKEND_ORDER, ensureBackend, tf } from '../../../src-main/ml/backend';

describe('ML backend selection', () => {
  it('runs the best backend that loads and says why better ones were skipped', async () => {
    const report = await ensureBackend();
    expect(BACKEND_ORDER).toContain(report.name);
    const rank = BACKEND_ORDER.indexOf(report.name);
    expect(report.skipped.map((s) => s.name)).toEqual(BACKEND_ORDER.slice(0, rank));
    for (const skipped of report.skipped) expect(skipped.reason.length).toBeGreaterThan(0);
    expect(await tf.add(tf.scalar(1), tf.scalar(2)).data()).toEqual(new Float32Array([3]));
  });

  it('reports the inference engine: ONNX Runtime here, where it is installed', async () => {
    const report = await ensureBackend();
    expect(report.engine).toEqual({ name: 'onnx', skipped: [] });
  });

  it('is selected once per process', async () => {
    expect(ensureBackend()).toBe(ensureBackend());
  });
});
