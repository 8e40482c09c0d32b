import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';
import { runPickline } from '../../helpers/cli';

const run = runPickline;

const REFRAPY = testData('refraction/refrapy-ex01/data');
const shots = () => fs.readdirSync(REFRAPY).map((f) => path.join(REFRAPY, f));

describe('pickline init / import / info', () => {
  it('creates a project, imports the refrapy line and reports it', async () => {
    const dir = path.join(tmpDir(), 'line-7');
    expect(await run('init', dir, '--name', 'Line 7')).toMatchObject({
      code: 0,
      out: `created project "Line 7" in ${dir}`,
    });

    const imported = await run('import', '--project', dir, ...shots());
    expect(imported.code).toBe(0);
    expect(imported.out).toContain(`imported   ${path.join(REFRAPY, '2001.dat')}`);
    expect(imported.out).toMatch(
      /seg2: 1 shot\(s\), 24 traces, 24 new stations; dt 0\.125 ms; first sample at 0 ms/,
    );
    expect(imported.out).toMatch(/5 imported, 0 unchanged, 0 failed$/);
    expect(imported.err).toMatch(/importing 2001\.dat \(1\/5\)/);

    const again = await run('import', '--project', dir, ...shots());
    expect(again.out).toMatch(/0 imported, 5 unchanged, 0 failed$/);

    const info = await run('info', '--project', dir);
    expect(info.out).toContain('files: 5, shots: 5, traces: 120, stations: 24');
    expect(info.out).toContain('picks: none');
    const json = JSON.parse((await run('info', '--project', dir, '--json')).out) as {
      shots: number;
      project: { name: string };
    };
    expect(json).toMatchObject({ shots: 5, project: { name: 'Line 7' } });
  });

  it('sums up the geometry rows that matched no shot', async () => {
    // A geometry file for the whole line, two of its five shots imported.
    const dir = path.join(tmpDir(), 'part');
    await run('init', dir);
    const csv = path.join(tmpDir(), 'line.csv');
    const rows = ['-20', '-4', '46', '96', '112'].map((x, i) => `${2001 + i},,${x},0,,`);
    fs.writeFileSync(
      csv,
      ['shot,channel,source_x,source_z,receiver_x,receiver_z', ...rows].join('\n'),
    );
    const res = await run(
      'import',
      '--project',
      dir,
      '--geometry',
      csv,
      ...shots().sort().slice(0, 2),
    );
    expect(res.out).toMatch(/\n3 geometry rows matched no shot or channel: line\.csv lines 4-6$/);
  });

  it('exits 1 when a file fails, after importing the others', async () => {
    const dir = path.join(tmpDir(), 'p');
    await run('init', dir);
    const res = await run('import', '--project', dir, '/nonexistent/a.dat', shots()[0]!);
    expect(res.code).toBe(1);
    expect(res.out).toContain('failed     /nonexistent/a.dat: no such file');
    expect(res.out).toMatch(/1 imported, 0 unchanged, 1 failed$/);
  });

  it('needs --project, and init refuses an existing project', async () => {
    expect(await run('import', shots()[0]!)).toMatchObject({ code: 2 });
    expect((await run('info')).err).toMatch(/--project is required/);
    const dir = path.join(tmpDir(), 'p');
    await run('init', dir);
    const twice = await run('init', dir);
    expect(twice.code).toBe(1);
    expect(twice.err).toMatch(/already holds a Pickline project/);
  });
});
