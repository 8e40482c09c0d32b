import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { setDefaultModel } from '../../../src-main/catalogue/models';
import { PickStore } from '../../../src-main/catalogue/pick-store';
import { CATALOGUE_FILE, Project } from '../../../src-main/catalogue/project';
import { importFiles } from '../../../src-main/services/import-service';
import { SurveyService } from '../../../src-main/services/survey-service';
import { registerModel } from '../../../src-main/catalogue/models';
import { RESOURCES } from '../../helpers/built';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';
import { holdWriteLock } from '../../helpers/write-lock';

const SHOT = testData('refraction/refrapy-ex01/data/2001.dat');
/** Long enough that a writer which does not wait fails, far below the busy timeout. */
const HELD_MS = 300;

function projectWithShot() {
  const dir = path.join(tmpDir(), 'line');
  const project = Project.create(dir);
  importFiles(project, [SHOT]);
  const traces = (
    project.db.prepare('SELECT id FROM traces ORDER BY id').all() as { id: number }[]
  ).map((r) => r.id);
  return { project, traces, catalogue: path.join(dir, CATALOGUE_FILE) };
}

/**
 * Defect 5 of issue 21: writers used deferred transactions, which read first and then ask for
 * the write lock; SQLite refuses that upgrade at once while another connection holds the lock
 * (waiting could deadlock), so the busy timeout never helped and a CLI run beside the app
 * failed with "database is locked". Every writer must now wait its turn.
 */
describe('defect 5: writers wait for another process holding the write lock', () => {
  it('a manual pick', async () => {
    const { project, traces, catalogue } = projectWithShot();
    const other = await holdWriteLock(catalogue, HELD_MS);
    const pick = new PickStore(project.db).setManual({
      traceId: traces[0]!,
      phase: 'P',
      time: 0.01,
    });
    await other.released;
    expect(pick).toMatchObject({ origin: 'manual', time: 0.01 });
    project.close();
  });

  it('an automatic run, a status change, undo and redo', async () => {
    const { project, traces, catalogue } = projectWithShot();
    const store = new PickStore(project.db);
    const run = {
      traceIds: traces,
      phases: ['P' as const],
      picks: traces.map((traceId) => ({ traceId, phase: 'P' as const, time: 0.02 })),
      origin: 'auto' as const,
      method: 'stalta',
      modelId: null,
    };
    let other = await holdWriteLock(catalogue, HELD_MS);
    expect(store.writeRun(run).written).toBe(traces.length);
    await other.released;
    const ids = store.ofShot(1).map((p) => p.id);
    other = await holdWriteLock(catalogue, HELD_MS);
    expect(store.setStatus(ids.slice(0, 3), 'accepted').pickIds).toHaveLength(3);
    await other.released;
    other = await holdWriteLock(catalogue, HELD_MS);
    expect(store.undo().pickIds).toHaveLength(3);
    await other.released;
    other = await holdWriteLock(catalogue, HELD_MS);
    expect(store.redo().pickIds).toHaveLength(3);
    await other.released;
    project.close();
  });

  it('an import and a trace status change', async () => {
    const { project, traces, catalogue } = projectWithShot();
    let other = await holdWriteLock(catalogue, HELD_MS);
    const report = importFiles(project, [testData('refraction/refrapy-ex01/data/2002.dat')]);
    await other.released;
    expect(report.files[0]!.error).toBeNull();
    expect(report.imported).toBe(1);
    other = await holdWriteLock(catalogue, HELD_MS);
    const changed = new SurveyService(() => project).setTraceStatus({
      traceIds: traces.slice(0, 2),
      status: 'dead',
    });
    await other.released;
    expect(changed).toEqual({ changed: 2 });
    project.close();
  });

  it('registering a model and choosing the default', async () => {
    const { project, catalogue } = projectWithShot();
    const bundled = path.join(
      RESOURCES,
      'models',
      fs.readdirSync(path.join(RESOURCES, 'models'))[0]!,
    );
    let other = await holdWriteLock(catalogue, HELD_MS);
    const model = registerModel(project, bundled);
    await other.released;
    other = await holdWriteLock(catalogue, HELD_MS);
    setDefaultModel(project, model.id);
    await other.released;
    expect(project.db.prepare('SELECT is_default FROM models WHERE id = ?').get(model.id)).toEqual({
      is_default: 1,
    });
    project.close();
  });
});
