import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBackend } from '../../../src-main/ml/backend';
import { syntheticScores } from '../../../src-main/training/evaluation';
import { smallModel } from '../picking/small-model';
import { synthFolder } from './synth-folder';

describe('syntheticScores', () => {
  beforeAll(async () => {
    await ensureBackend();
  });

  it('scores each receiver once, whatever its number of components', async () => {
    const model = smallModel(['E', 'N', 'Z'], { window: 256, sampleRate: 2000 }).loaded;
    const vertical = smallModel(['Z'], { window: 256, sampleRate: 2000 }).loaded;
    for (const components of [1, 3] as const) {
      const dir = await synthFolder(1, 5, components, ['--dead-rate', '0']);
      for (const m of [model, vertical]) {
        const scores = await syntheticScores(dir, m, 0.005, { minSnr: 0 });
        expect(scores.visibility).toBe('simulator');
        const [p, s] = scores.all;
        // 2 shots × 24 receivers, each with a P and an S arrival.
        expect(p).toMatchObject({ phase: 'P', labels: 48 });
        expect(s).toMatchObject({ phase: 'S', labels: 48 });
        expect(p!.tp + p!.fn).toBe(48);
        expect(scores.visible[0]!.labels).toBeLessThanOrEqual(48);
      }
    }
    model.model.dispose();
    vertical.model.dispose();
  });
});
