import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PickStore } from '../../../src-main/catalogue/pick-store';
import { Project } from '../../../src-main/catalogue/project';
import { shotGather } from '../../../src-main/catalogue/queries';
import { settleTimeBases, shotTimeBase } from '../../../src-main/catalogue/time-bases';
import { previewGeometry } from '../../../src-main/services/geometry-preview';
import { importFiles } from '../../../src-main/services/import-service';
import { writeRewrittenShot } from '../../helpers/formikoj';
import { tmpDir } from '../../helpers/tmp';

/**
 * The time base through the import: real shots (tests/data/refraction/formikoj-soda-lakes-excerpts) written with
 * DELAY as the pre-trigger length (+0.01, as some DMT units write it), which the vendor-blind
 * reader would put 20 ms late. The import decides by the first breaks, keeps the decision and
 * its evidence on the shot, and the preview and the gather show it.
 */
const dmtSigned = (dir: string) =>
  ['shot-1070.sg2', 'shot-1100.sg2'].map((name) => writeRewrittenShot(name, 'dmt', dir));

interface TraceRow {
  id: number;
  start_time: number;
}

describe('time base at import', () => {
  it('stores the reading the first breaks chose, with its evidence, and shows it', () => {
    const dir = tmpDir();
    const files = dmtSigned(dir);
    const preview = previewGeometry({ files, geometry: [] });
    for (const f of preview.files) {
      expect('timeBases' in f && f.timeBases[0]).toMatchObject({ reading: 'dmt', warning: null });
    }

    const project = Project.create(path.join(dir, 'line'));
    const report = importFiles(project, files);
    expect(report).toMatchObject({ imported: 2, failed: 0 });
    expect(report.files[0]!.startTime).toEqual([-0.01, -0.01]);
    expect(report.files[0]!.notes.join(' ')).toMatch(/time base: DELAY 0\.01 read as the length/);
    // The geophone at the hammer of shot 1070 is clipped, and the report says so.
    expect(report.files[0]!.notes).toContainEqual(expect.stringMatching(/^clipped: channel 70 /));
    expect(report.files[1]!.notes.join(' ')).not.toMatch(/clipped/);
    const shots = project.db.prepare('SELECT id, delay_rule FROM shots ORDER BY id').all();
    expect(shots).toEqual([
      { id: 1, delay_rule: 'dmt' },
      { id: 2, delay_rule: 'dmt' },
    ]);
    const starts = project.db.prepare('SELECT DISTINCT start_time FROM traces').all();
    expect(starts).toEqual([{ start_time: -0.01 }]);
    const kept = shotTimeBase(project.db, 1)!;
    expect(kept).toMatchObject({ reading: 'dmt', decidedBy: 'data' });
    expect(kept.evidence.length).toBeGreaterThan(3);

    const gather = shotGather(project.db, 1, false)!;
    expect(gather.timeBase).toMatchObject({ reading: 'dmt', decidedBy: 'data', warning: null });
    expect(Math.abs(gather.timeBase!.zeroOffsetTime!)).toBeLessThan(0.005);
    project.close();
  });

  it('settles an undecided shot by the line, unless it already has picks', () => {
    const dir = tmpDir();
    const project = Project.create(path.join(dir, 'line'));
    importFiles(project, dmtSigned(dir));
    const decided = shotTimeBase(project.db, 2)!;
    // Makes shot 2 what an off-end shot can be on its own: undecided, on the other reading.
    const makeUndecided = () => {
      const undecided = { ...decided, decidedBy: 'ambiguous', reading: 'geometrics' };
      project.db
        .prepare("UPDATE shots SET time_base = ?, delay_rule = 'geometrics' WHERE id = 2")
        .run(JSON.stringify(undecided));
      project.db.prepare('UPDATE traces SET start_time = 0.01 WHERE shot_id = 2').run();
    };
    const traces = () =>
      project.db.prepare('SELECT id, start_time FROM traces WHERE shot_id = 2').all() as TraceRow[];

    makeUndecided();
    expect(settleTimeBases(project.db, [2])).toEqual([
      { shotId: 2, from: 'geometrics', to: 'dmt' },
    ]);
    expect(traces().every((t) => Math.abs(t.start_time + 0.01) < 1e-12)).toBe(true);
    expect(shotTimeBase(project.db, 2)).toMatchObject({ reading: 'dmt', decidedBy: 'line' });
    // Only the shots asked about move.
    makeUndecided();
    expect(settleTimeBases(project.db, [1])).toEqual([]);

    // With a pick on it, the shot stays: the pick was placed on its times.
    new PickStore(project.db).setManual({ traceId: traces()[0]!.id, phase: 'P', time: 0.05 });
    expect(settleTimeBases(project.db, [2])).toEqual([]);
    expect(traces().every((t) => t.start_time === 0.01)).toBe(true);
    project.close();
  });
});
