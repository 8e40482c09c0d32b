import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Project } from '../../../src-main/catalogue/project';
import { writeSeg2, type Seg2TraceInput } from '../../../src-main/formats/seg2-writer';
import { ensureBackend } from '../../../src-main/ml/backend';
import { importFiles } from '../../../src-main/services/import-service';
import { pickProject, ProbabilityService } from '../../../src-main/services/picking-service';
import { bundledModel } from '../../../src-main/services/bundled-models';
import { RESOURCES } from '../../helpers/built';
import { runPickline } from '../../helpers/cli';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';

/** A three-trace shot whose middle trace has no samples (an aux channel left empty). */
function shotWithEmptyTrace(): string {
  const trace = (samples: number, channel: number): Seg2TraceInput => ({
    samples: Float32Array.from({ length: samples }, (_, i) =>
      i > 400 ? Math.sin(i / 4) * 1000 : Math.sin(i) * 0.5,
    ),
    sampleInterval: 0.000125,
    startTime: 0,
    channel,
    receiver: { x: 2 * channel, y: 0, z: 0 },
    source: { x: 0, y: 0, z: 0 },
  });
  const file = path.join(tmpDir(), 'empty-aux.sg2');
  fs.writeFileSync(
    file,
    writeSeg2({ coding: 'float32', traces: [trace(4000, 1), trace(0, 2), trace(4000, 3)] }),
  );
  return file;
}

function projectWithEmptyTrace() {
  const project = Project.create(path.join(tmpDir(), 'line'));
  const report = importFiles(project, [
    shotWithEmptyTrace(),
    testData('refraction/refrapy-ex01/data/2001.dat'),
  ]);
  expect(report.imported).toBe(2);
  const empty = project.db.prepare('SELECT id FROM traces WHERE sample_count = 0').get() as {
    id: number;
  };
  return { project, empty: empty.id };
}

beforeAll(async () => {
  await ensureBackend();
});

/**
 * Defect 10 of issue 21: a single trace with no samples made every later `pick --project`
 * fail for the whole project ("a trace has no samples"). It is now skipped, and said so.
 */
describe('defect 10: a trace with no samples never stops a project’s picking', () => {
  it('the network picks every other trace and reports the empty one as skipped', async () => {
    const { project, empty } = projectWithEmptyTrace();
    const report = await pickProject(project, {
      method: 'phasenet',
      bundledModel: bundledModel(RESOURCES),
    });
    expect(report.shots).toBe(2);
    expect(report.traces).toBe(27);
    expect(report.skipped).toEqual([
      { traceId: empty, shot: 'empty-aux', channel: 2, reason: 'the trace has no samples' },
    ]);
    expect(report.picks.P).toBeGreaterThan(20);
    project.close();
  });

  it('a classical picker too, and the gather overlay leaves the trace out', async () => {
    const { project, empty } = projectWithEmptyTrace();
    const report = await pickProject(project, { method: 'stalta' });
    expect(report.skipped.map((s) => s.traceId)).toEqual([empty]);
    const shot = project.db.prepare('SELECT shot_id AS id FROM traces WHERE id = ?').get(empty) as {
      id: number;
    };
    const overlay = await new ProbabilityService(bundledModel(RESOURCES)).forShot(project, shot.id);
    expect(overlay.traces.map((t) => t.traceId)).not.toContain(empty);
    expect(overlay.traces).toHaveLength(2);
    project.close();
  });

  it('the command line says which trace it skipped, for a project and for a file', async () => {
    const { project } = projectWithEmptyTrace();
    const dir = project.dir;
    project.close();
    const run = await runPickline('pick', '--project', dir);
    expect(run.code).toBe(0);
    expect(run.out).toContain('skipped 1 trace: empty-aux channel 2 (the trace has no samples)');
    const file = await runPickline('pick', '--method', 'aic', shotWithEmptyTrace());
    expect(file.code).toBe(0);
    expect(file.err).toContain('record empty-aux, trace 2 skipped: the trace has no samples');
  });
});
