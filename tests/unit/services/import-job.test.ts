import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ImportReport } from '../../../src-main/api/contract';
import { dispatch } from '../../../src-main/api/dispatch';
import { requireBuild } from '../../helpers/built';
import { testServices } from '../../helpers/services';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';

describe('import through the API', () => {
  it('runs as a job on a worker, then the shot list and the job table show it', async () => {
    requireBuild();
    const services = testServices();
    try {
      const call = async (method: string, input: unknown) => {
        const envelope = await dispatch(services.handlers, method, input);
        if (!envelope.ok) throw new Error(envelope.error.message);
        return envelope.value;
      };
      await expect(call('project.import', { files: ['x.dat'] })).rejects.toThrow(
        'no project is open: open or create one first',
      );
      const dir = path.join(tmpDir(), 'line');
      await call('project.create', { dir });
      const data = testData('refraction/refrapy-ex01/data');
      const files = fs.readdirSync(data).map((f) => path.join(data, f));
      const started = (await call('project.import', { files })) as { id: string; kind: string };
      expect(started.kind).toBe('catalogue.import');
      const done = await services.jobs.wait(started.id);
      expect(done.state).toBe('done');
      expect(done.result as ImportReport).toMatchObject({ imported: 5, failed: 0 });

      const shots = (await call('shots.list', {})) as { traces: number }[];
      expect(shots.map((s) => s.traces)).toEqual([24, 24, 24, 24, 24]);
      expect(await call('project.summary', {})).toMatchObject({ shots: 5, traces: 120 });

      // The job is on record in the project, so another session still lists it.
      await call('project.close', {});
      const later = testServices({ projectDir: dir });
      expect(await dispatch(later.handlers, 'jobs.list', {})).toMatchObject({
        ok: true,
        value: [
          { id: started.id, kind: 'catalogue.import', state: 'done', result: { imported: 5 } },
        ],
      });
      await later.close();
      await call('project.open', { dir });
      const project = services.projects.require();
      expect(project.db.prepare('SELECT kind, state FROM jobs').all()).toEqual([
        { kind: 'catalogue.import', state: 'done' },
      ]);
    } finally {
      await services.close();
    }
  });
});
