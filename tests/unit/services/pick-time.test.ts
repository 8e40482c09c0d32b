import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../../src-main/api/dispatch';
import type { Services } from '../../../src-main/services';
import { testServices } from '../../helpers/services';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';
import { Project } from '../../../src-main/catalogue/project';
import { importFiles } from '../../../src-main/services/import-service';
import { importPicks } from '../../../src-main/services/pick-exchange';

let services: Services;
afterEach(() => services?.close());

/** The API on a project of one refrapy shot (24 traces, 0 to 1.999875 s at 0.125 ms). */
function api() {
  const dir = path.join(tmpDir(), 'line');
  const project = Project.create(dir);
  importFiles(project, [testData('refraction/refrapy-ex01/data/2001.dat')]);
  project.close();
  services = testServices({ projectDir: dir });
  return (time: number, uncertainty?: number) =>
    dispatch(services.handlers, 'picks.setManual', {
      traceId: 3,
      phase: 'P',
      time,
      ...(uncertainty === undefined ? {} : { uncertainty }),
    });
}

/** Defect 12 of issue 21: the API stored a pick at -1e300 s. */
describe('defect 12: pick times are checked', () => {
  it('refuses absurd times in the schema', async () => {
    const setManual = api();
    for (const time of [-1e300, 1e300, -86_401]) {
      const reply = await setManual(time);
      expect(reply, String(time)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    expect(await setManual(0.01, 1e300)).toMatchObject({
      ok: false,
      error: { code: 'invalid-input' },
    });
  });

  it('refuses a time outside the trace’s record, naming both', async () => {
    const setManual = api();
    expect(await setManual(-0.5)).toEqual({
      ok: false,
      error: {
        code: 'invalid-input',
        message: 'picks.setManual: time -0.5 s is outside trace 3, recorded from 0 to 1.999875 s',
      },
    });
    expect(await setManual(2.1)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(await setManual(1.999875)).toMatchObject({ ok: true, value: { time: 1.999875 } });
    expect(await setManual(0)).toMatchObject({ ok: true, value: { time: 0 } });
  });

  it('picks imported from a file outside their trace’s record are reported, not stored', () => {
    const project = Project.create(path.join(tmpDir(), 'line'));
    importFiles(project, [testData('refraction/refrapy-ex01/data/2001.dat')]);
    const file = path.join(tmpDir(), 'picks.csv');
    fs.writeFileSync(
      file,
      [
        'file,trace,phase,time_s',
        '2001.dat,0,P,0.01',
        '2001.dat,1,P,-1e300',
        '2001.dat,2,P,5',
      ].join('\n'),
    );
    expect(importPicks(project, file)).toMatchObject({
      read: 3,
      matched: 1,
      unmatched: [{ reason: "a P time outside the trace's record", count: 2 }],
    });
    project.close();
  });
});
