import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { writePicksCsv } from '../../../src-main/export/picks-csv';
import { ensureBackend } from '../../../src-main/ml/backend';
import { syntheticScores } from '../../../src-main/training/evaluation';
import { DEFAULT_SYNTH_OPTIONS } from '../../../src-main/training/synth/options';
import { simulateSurvey } from '../../../src-main/training/synth/survey';
import {
  DESCRIPTION_FILE,
  TRUTH_FILE,
  describeRun,
  describeSurvey,
  shotSeg2,
  truthRows,
} from '../../../src-main/training/synth/survey-output';
import { tmpDir } from '../../helpers/tmp';
import { smallModel } from '../picking/small-model';

/** A `pickline synth` folder of one 2-shot survey, 24 receivers, written as the CLI does. */
function synthFolder(components: 1 | 3): string {
  const options = {
    ...DEFAULT_SYNTH_OPTIONS,
    shots: 2,
    channels: [24],
    sampleInterval: [0.0005],
    sWaves: true,
    deadRate: 0,
    components,
  };
  const survey = simulateSurvey(options, 5, 0);
  const dir = tmpDir();
  for (const shot of survey.shots) {
    fs.writeFileSync(path.join(dir, shot.file), shotSeg2(survey, shot, 'float32'));
  }
  fs.writeFileSync(path.join(dir, TRUTH_FILE), writePicksCsv(truthRows(survey)));
  fs.writeFileSync(
    path.join(dir, DESCRIPTION_FILE),
    JSON.stringify(describeRun(5, options, [describeSurvey(survey)])),
  );
  return dir;
}

describe('syntheticScores', () => {
  beforeAll(async () => {
    await ensureBackend();
  });

  it('scores each receiver once, whatever its number of components', async () => {
    const model = smallModel(['E', 'N', 'Z'], { window: 256, sampleRate: 2000 }).loaded;
    const vertical = smallModel(['Z'], { window: 256, sampleRate: 2000 }).loaded;
    for (const components of [1, 3] as const) {
      const dir = synthFolder(components);
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
