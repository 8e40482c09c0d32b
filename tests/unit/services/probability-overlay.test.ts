import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../../src-main/catalogue/project';
import { writeSettings } from '../../../src-main/catalogue/settings-store';
import { ensureBackend } from '../../../src-main/ml/backend';
import { bundledModel } from '../../../src-main/services/bundled-models';
import { importFiles } from '../../../src-main/services/import-service';
import { pickProject, ProbabilityService } from '../../../src-main/services/picking-service';
import { RESOURCES } from '../../helpers/built';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';

beforeAll(async () => {
  await ensureBackend();
});

interface StoredPick {
  traceId: number;
  time: number;
  probability: number;
}

/**
 * The gather view draws the curves a person checks the picks against: they must be the ones
 * the picks were read from, whichever strategy the project picks by (gather by gather, a
 * first break's curve is averaged with its neighbour stack's).
 */
describe('the gather overlay', () => {
  for (const strategy of ['gather', 'trace'] as const) {
    it(`shows the curves each P pick sits on the top of (${strategy} by ${strategy})`, async () => {
      const project = Project.create(path.join(tmpDir(), 'line'));
      importFiles(project, [testData('refraction/refrapy-ex01/data/2001.dat')]);
      writeSettings(project.db, { picking: { strategy } });
      const model = bundledModel(RESOURCES);
      await pickProject(project, { method: 'phasenet', bundledModel: model });
      const shot = (project.db.prepare('SELECT id FROM shots').get() as { id: number }).id;
      const overlay = await new ProbabilityService(model).forShot(project, shot);
      const picks = project.db
        .prepare(
          `SELECT trace_id AS traceId, time, probability FROM picks
           WHERE phase = 'P' AND deleted = 0`,
        )
        .all() as StoredPick[];
      expect(picks.length).toBeGreaterThan(20);
      for (const pick of picks) {
        const curve = overlay.traces.find((t) => t.traceId === pick.traceId)!;
        const bytes = Buffer.from(curve.p, 'base64');
        const p = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
        const k = Math.round((pick.time - curve.startTime) / curve.dt);
        expect(p[k]).toBeCloseTo(pick.probability, 6);
        expect(p[k]!).toBeGreaterThanOrEqual(Math.max(p[k - 1]!, p[k + 1]!));
      }
      project.close();
    });
  }
});
