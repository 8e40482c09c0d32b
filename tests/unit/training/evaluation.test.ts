import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBackend } from '../../../src-main/ml/backend';
import { syntheticFirstBreaks, syntheticScores } from '../../../src-main/training/evaluation';
import { arrivalSnrs } from '../../../src-main/training/synth/arrival-snr';
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

describe('syntheticFirstBreaks', () => {
  it("scores a picker's first breaks against the visible true arrivals of a phase", async () => {
    const dir = await synthFolder(1, 7, 1, ['--dead-rate', '0', '--snr', '30:40']);
    const visible = (phase: 'P' | 'S') =>
      [...arrivalSnrs(dir)!.values()].flat().filter((a) => a[phase] !== null && a[phase] >= 0)
        .length;
    const pick = { method: 'stalta-aic' as const };
    const p = await syntheticFirstBreaks(dir, pick, { truth: 'P', picked: 'P' });
    expect(p.references).toBe(visible('P'));
    expect(p.beforeShot).toBe(0);
    expect(p.within5).toBeGreaterThan(0.5);
    const s = await syntheticFirstBreaks(dir, pick, { truth: 'S', picked: 'P' });
    expect(s.references).toBe(visible('S'));
    // The same first breaks read as S, buried arrivals too: P comes first, well before S.
    const all = await syntheticFirstBreaks(dir, pick, {
      truth: 'S',
      picked: 'P',
      minSnr: -Infinity,
    });
    expect(all.references).toBe(48);
    expect(all.median!).toBeLessThan(-0.005);
  });
});
