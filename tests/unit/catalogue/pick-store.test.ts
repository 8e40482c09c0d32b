import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CURRENT_SCHEMA_VERSION } from '../../../src-main/catalogue/migrations';
import { PickStore } from '../../../src-main/catalogue/pick-store';
import { Project } from '../../../src-main/catalogue/project';
import { importFiles } from '../../../src-main/services/import-service';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';

/** A project with one imported 24-trace shot; returns its trace ids. */
function projectWithShot(): { project: Project; traces: number[]; dir: string } {
  const dir = path.join(tmpDir(), 'line');
  const project = Project.create(dir);
  importFiles(project, [testData('refraction/refrapy-ex01/data/2001.dat')]);
  const traces = project.db
    .prepare('SELECT id FROM traces ORDER BY trace_index')
    .all()
    .map((r) => (r as { id: number }).id);
  return { project, traces, dir };
}

const auto = (traceIds: number[], time: number) => ({
  traceIds,
  phases: ['P' as const],
  picks: traceIds.map((traceId) => ({ traceId, phase: 'P' as const, time, probability: 0.9 })),
  origin: 'auto' as const,
  method: 'phasenet',
  modelId: null,
});

describe('pick store', () => {
  it('a new automatic run supersedes its own proposals and never touches manual or accepted picks', () => {
    const { project, traces } = projectWithShot();
    const store = new PickStore(project.db);
    const [a, b, c] = traces as [number, number, number];
    expect(store.writeRun(auto([a, b, c], 0.01))).toMatchObject({ written: 3, superseded: 0 });
    const manual = store.setManual({ traceId: a, phase: 'P', time: 0.0123 });
    const onB = store.ofShot(1).find((p) => p.traceId === b)!;
    store.setStatus([onB.id], 'accepted');

    const second = store.writeRun(auto([a, b, c], 0.02));
    // The manual pick rejected a's proposal; c's proposal is superseded; b's accepted pick stays.
    expect(second).toMatchObject({ written: 3, superseded: 1, besideKept: 2 });
    const live = store.ofShot(1);
    expect(live.find((p) => p.id === manual.id)).toMatchObject({
      origin: 'manual',
      status: 'accepted',
      time: 0.0123,
    });
    expect(live.find((p) => p.id === onB.id)).toMatchObject({ status: 'accepted', time: 0.01 });
    expect(live.filter((p) => p.origin === 'auto' && p.status === 'proposed')).toHaveLength(3);
    expect(live.filter((p) => p.time === 0.01).map((p) => p.status)).toEqual([
      'rejected',
      'accepted',
    ]);
    project.close();
  });

  it('moves a manual pick, and undo/redo walk the actions back and forth', () => {
    const { project, traces } = projectWithShot();
    const store = new PickStore(project.db);
    const t = traces[5]!;
    const created = store.setManual({ traceId: t, phase: 'S', time: 0.05 });
    const moved = store.setManual({ traceId: t, phase: 'S', time: 0.055, uncertainty: 0.001 });
    expect(moved.id).toBe(created.id);
    expect(moved).toMatchObject({ time: 0.055, uncertainty: 0.001 });

    expect(store.undo()).toMatchObject({ pickIds: [created.id] });
    expect(store.ofShot(1)).toMatchObject([{ id: created.id, time: 0.05, uncertainty: null }]);
    store.undo();
    expect(store.ofShot(1)).toEqual([]);
    expect(store.undo()).toEqual({ editGroup: null, pickIds: [] });

    store.redo();
    expect(store.ofShot(1)).toMatchObject([{ time: 0.05 }]);
    store.redo();
    expect(store.ofShot(1)).toMatchObject([{ time: 0.055 }]);
    expect(store.redo()).toEqual({ editGroup: null, pickIds: [] });
    project.close();
  });

  it("a person's pick rejects the trace's proposals of that phase in the same action", () => {
    const { project, traces } = projectWithShot();
    const store = new PickStore(project.db);
    const t = traces[2]!;
    store.writeRun(auto([t], 0.03));
    const s = store.setManual({ traceId: t, phase: 'S', time: 0.06 });
    const p = store.setManual({ traceId: t, phase: 'P', time: 0.031 });
    expect(store.ofShot(1).map((x) => [x.phase, x.origin, x.status])).toEqual([
      ['P', 'auto', 'rejected'],
      ['P', 'manual', 'accepted'],
      ['S', 'manual', 'accepted'],
    ]);
    expect(store.undo().pickIds).toHaveLength(2);
    expect(store.ofShot(1).filter((x) => x.id !== s.id)).toMatchObject([
      { phase: 'P', origin: 'auto', status: 'proposed' },
    ]);
    expect(p.id).not.toBe(s.id);
    project.close();
  });

  it('a new action after an undo ends the redo chain', () => {
    const { project, traces } = projectWithShot();
    const store = new PickStore(project.db);
    store.setManual({ traceId: traces[0]!, phase: 'P', time: 0.01 });
    store.undo();
    store.setManual({ traceId: traces[1]!, phase: 'P', time: 0.02 });
    expect(store.redo()).toEqual({ editGroup: null, pickIds: [] });
    expect(store.ofShot(1).map((p) => p.time)).toEqual([0.02]);
    project.close();
  });

  it('deleting is soft, and history survives closing the project', () => {
    const { project, traces, dir } = projectWithShot();
    const store = new PickStore(project.db);
    store.writeRun(auto(traces.slice(0, 4), 0.03));
    const ids = store.ofShot(1).map((p) => p.id);
    store.remove(ids.slice(0, 2));
    expect(store.ofShot(1)).toHaveLength(2);
    expect(project.db.prepare('SELECT COUNT(*) AS n FROM picks').get()).toEqual({ n: 4 });
    project.close();

    const reopened = Project.open(dir);
    const again = new PickStore(reopened.db);
    expect(again.undo()).toMatchObject({ pickIds: ids.slice(0, 2) });
    expect(again.ofShot(1)).toHaveLength(4);
    const history = reopened.db
      .prepare('SELECT action, COUNT(*) AS n FROM pick_history GROUP BY action ORDER BY action')
      .all();
    expect(history).toEqual([{ action: 'delete', n: 2 }]);
    // The run's four picks are one range of ids.
    expect(
      reopened.db.prepare('SELECT first_id, last_id, undone FROM pick_creations').all(),
    ).toEqual([{ first_id: Math.min(...ids), last_id: Math.max(...ids), undone: 0 }]);
    reopened.close();
  });

  it('a schema-2 catalogue keeps its history: logged creations become ranges that undo hides', () => {
    const { project, traces, dir } = projectWithShot();
    const store = new PickStore(project.db);
    store.writeRun(auto(traces.slice(0, 3), 0.03));
    const ids = store.ofShot(1).map((p) => p.id);
    store.remove(ids.slice(0, 1));
    // Schema 2 logged each creation as a history row and had no pick_creations.
    project.db.exec(
      `INSERT INTO pick_history (pick_id, edit_group, action, at)
         SELECT p.id, c.edit_group, 'create', c.at FROM pick_creations c
         JOIN picks p ON p.id BETWEEN c.first_id AND c.last_id;
       DROP TABLE pick_creations;
       ALTER TABLE shots DROP COLUMN time_base;
       DROP TABLE project_settings;
       DROP TABLE pick_layers;
       DROP TABLE sections;
       ALTER TABLE shots DROP COLUMN line_type;
       PRAGMA user_version = 2;`,
    );
    project.close();

    const reopened = Project.open(dir);
    expect(reopened.info().schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
    const again = new PickStore(reopened.db);
    expect(again.undo()).toMatchObject({ pickIds: ids.slice(0, 1) });
    expect(again.undo()).toMatchObject({ pickIds: ids });
    expect(again.ofShot(1)).toHaveLength(0);
    expect(again.redo()).toMatchObject({ pickIds: ids });
    expect(again.ofShot(1)).toHaveLength(3);
    expect(again.undo().pickIds).toEqual(ids);
    expect(again.undo()).toEqual({ editGroup: null, pickIds: [] });
    reopened.close();
  });

  it('undo and redo of a mixed action restore both the changed and the created picks', () => {
    const { project, traces } = projectWithShot();
    const store = new PickStore(project.db);
    const [a, b] = traces as [number, number];
    store.writeRun(auto([a, b], 0.01));
    const before = store.ofShot(1);
    const second = store.writeRun(auto([a, b], 0.02));
    const after = store.ofShot(1);
    expect(after.map((p) => p.time)).toEqual([0.02, 0.02]);
    expect(store.undo()).toMatchObject({ editGroup: second.editGroup });
    expect(store.ofShot(1)).toEqual(before);
    expect(store.redo()).toMatchObject({ editGroup: second.editGroup });
    expect(store.ofShot(1).map((p) => p.id)).toEqual(after.map((p) => p.id));
    // A new action after an undo discards the redo, as in any editor.
    store.undo();
    store.setManual({ traceId: a, phase: 'P', time: 0.015 });
    expect(store.redo()).toEqual({ editGroup: null, pickIds: [] });
    project.close();
  });

  it('refuses picks on traces that do not exist, writing nothing', () => {
    const { project } = projectWithShot();
    const store = new PickStore(project.db);
    expect(() => store.writeRun(auto([1, 99999], 0.01))).toThrow(/FOREIGN KEY.*trace 99999/);
    expect(() => store.writeRun({ ...auto([1], 0.01), modelId: 42 })).toThrow(
      /FOREIGN KEY.*model 42/,
    );
    expect(() =>
      store.writeImported([{ traceId: 99999, phase: 'P', time: 0.01 }], 'x.sgt'),
    ).toThrow(/FOREIGN KEY/);
    // One pick goes through SQLite's own check.
    expect(() => store.setManual({ traceId: 99999, phase: 'P', time: 0.01 })).toThrow(
      /FOREIGN KEY/,
    );
    expect(project.db.prepare('SELECT COUNT(*) AS n FROM picks').get()).toEqual({ n: 0 });
    // The pause ends with the write, failed or not.
    expect(project.db.pragma('foreign_keys', { simple: true })).toBe(1);
    project.close();
  });
});
