import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Envelope, PickRecord, ProjectPickReport } from '../../../src-main/api/contract';
import { startBridge } from '../../../src-main/bridge/server';
import { Project } from '../../../src-main/catalogue/project';
import { importFiles } from '../../../src-main/services/import-service';
import { requireBuild } from '../../helpers/built';
import { testServices } from '../../helpers/services';
import { testData } from '../../helpers/test-data';
import { spawnPickline as pickline } from '../../helpers/cli';
import { tmpDir } from '../../helpers/tmp';

const REFRAPY = testData('refraction/refrapy-ex01/data');

/**
 * Issue 21 (defects 5 and 6): a crew runs batch picking from the command line while someone
 * corrects picks in the app, on the same project. Two `pickline pick --project` processes (on
 * a fresh project, so both also register the bundled model) and a person's picks through the
 * browser bridge all run at once: every one must finish, and every write must be there.
 */
describe('concurrent writers on one project', () => {
  it('two CLI picking runs and manual picks in the app all finish with every write kept', async () => {
    requireBuild();
    const dir = path.join(tmpDir(), 'line');
    const setup = Project.create(dir);
    const files = fs.readdirSync(REFRAPY).map((f) => path.join(REFRAPY, f));
    expect(importFiles(setup, files).imported).toBe(5);
    const traces = (
      setup.db.prepare('SELECT id FROM traces ORDER BY id').all() as { id: number }[]
    ).map((r) => r.id);
    setup.close();

    const services = testServices({ projectDir: dir });
    const renderer = tmpDir();
    fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html>');
    const bridge = await startBridge({ services, rendererDir: renderer, token: 'concurrency' });
    const call = async (method: string, input: unknown): Promise<Envelope> => {
      const res = await fetch(`http://127.0.0.1:${bridge.port}/api/${method}`, {
        method: 'POST',
        headers: { Authorization: 'Bearer concurrency', 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
      });
      return (await res.json()) as Envelope;
    };

    try {
      const runs = Promise.all([
        pickline('pick', '--json', '--project', dir),
        pickline('pick', '--json', '--project', dir),
      ]);
      let finished = false;
      void runs.then(() => (finished = true));
      // The person keeps picking, one trace after another, until both runs are done (and at
      // least once per trace of the line).
      const made = new Map<number, number>();
      const failures: string[] = [];
      for (let k = 0; !finished || k < traces.length; k++) {
        const traceId = traces[k % traces.length]!;
        const time = 0.01 + k * 1e-5;
        const reply = await call('picks.setManual', { traceId, phase: 'P', time });
        if (reply.ok) made.set(traceId, (reply.value as PickRecord).time);
        else failures.push(reply.error.message);
      }
      const [a, b] = await runs;
      expect(failures).toEqual([]);
      expect([a.code, b.code], `${a.err}\n${b.err}`).toEqual([0, 0]);
      const reports = [a, b].map((r) => JSON.parse(r.out) as ProjectPickReport);
      expect(reports.map((r) => r.shots)).toEqual([5, 5]);

      const project = Project.open(dir);
      try {
        // Every manual pick is live with the time last given; no run moved or removed one.
        const manual = project.db
          .prepare(
            "SELECT trace_id, time, status FROM picks WHERE origin = 'manual' AND deleted = 0",
          )
          .all() as { trace_id: number; time: number; status: string }[];
        expect(new Map(manual.map((p) => [p.trace_id, p.time]))).toEqual(made);
        expect(manual.every((p) => p.status === 'accepted')).toBe(true);
        // Both runs wrote every shot: one recorded action per shot and run, each holding the
        // proposals its report counted.
        const created = project.db
          .prepare(
            `SELECT COUNT(DISTINCT c.edit_group) AS groups, COUNT(*) AS picks
             FROM picks p JOIN pick_creations c ON p.id BETWEEN c.first_id AND c.last_id
             WHERE p.origin = 'auto'`,
          )
          .get() as { groups: number; picks: number };
        const proposed = reports.reduce((n, r) => n + r.picks.P + r.picks.S, 0);
        expect(created).toEqual({ groups: 10, picks: proposed });
        // One model row, although both runs registered the bundled model at once.
        expect(project.db.prepare('SELECT COUNT(*) AS n FROM models').get()).toEqual({ n: 1 });
        expect(project.db.pragma('integrity_check', { simple: true })).toBe('ok');
        expect(project.db.pragma('foreign_key_check')).toEqual([]);
      } finally {
        project.close();
      }
    } finally {
      await bridge.close();
      await services.close();
    }
  });
});
