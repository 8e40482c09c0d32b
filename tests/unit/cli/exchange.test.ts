import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPickline as run } from '../../helpers/cli';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';

const DATA = testData('refraction/refrapy-ex01/data');
const SGT = testData('refraction/refrapy-ex01/picks/field_example_01.sgt');

describe('pickline import-picks / export', () => {
  it('imports the manual picks and exports them for pyGIMLi and SeisImager', async () => {
    const dir = path.join(tmpDir(), 'line');
    await run('init', dir);
    await run('import', '--project', dir, ...fs.readdirSync(DATA).map((f) => path.join(DATA, f)));
    const imported = await run('import-picks', '--project', dir, SGT);
    expect(imported).toMatchObject({ code: 0, out: `${SGT} (sgt): 120 picks read, 120 matched` });

    const out = tmpDir();
    const sgt = await run(
      'export',
      '--project',
      dir,
      '--format',
      'sgt',
      '--out',
      path.join(out, 'p.sgt'),
    );
    expect(sgt.out).toBe(`wrote 120 accepted picks to ${path.join(out, 'p.sgt')}`);
    const vs = await run(
      'export',
      '--project',
      dir,
      '--format',
      'vs',
      '--out',
      path.join(out, 'p.vs'),
      '--json',
    );
    expect(JSON.parse(vs.out)).toMatchObject({ written: 120 });
    expect(fs.readFileSync(path.join(out, 'p.vs'), 'utf8').split('\n')[0]).toMatch(/^1996 0 3\.0/);
    const info = await run('info', '--project', dir);
    expect(info.out).toContain('picks P imported accepted: 120');
  });

  it('imports a line with topography along the line and a geometry file of any layout', async () => {
    const dir = path.join(tmpDir(), 'line');
    const folder = tmpDir();
    // PyRefra's receivers.geo for channels 1 and 2 (Z down), and a topography file.
    fs.writeFileSync(path.join(folder, 'receivers.geo'), '1 0 0 0\n2 4 0 0\n');
    fs.writeFileSync(path.join(folder, 'topography.txt'), 'x elevation\n-30 98\n130 106\n');
    await run('init', dir);
    const imported = await run(
      'import',
      '--project',
      dir,
      '--geometry',
      path.join(folder, 'receivers.geo'),
      '--geometry',
      path.join(folder, 'topography.txt'),
      '--json',
      path.join(DATA, '2001.dat'),
    );
    const report = JSON.parse(imported.out);
    expect(report.geometryFiles.map((g: { format: string }) => g.format)).toEqual([
      'pyrefra-receivers',
      'topography',
    ]);
    expect(report.files[0].positions.receiversOverridden).toBe(24);
    const topo = path.resolve(
      __dirname,
      '../../data/refraction/refrapy-ex01-topography/field_example_01_topography.sgt',
    );
    // The topography file gave elevations already: this import matches by position, except
    // where the two disagree.
    const picks = await run('import-picks', '--project', dir, topo, '--json');
    expect(JSON.parse(picks.out)).toMatchObject({ matching: 'position', timeOrigin: 'shot' });

    const flat = path.join(tmpDir(), 'flat');
    await run('init', flat);
    await run('import', '--project', flat, ...fs.readdirSync(DATA).map((f) => path.join(DATA, f)));
    const along = await run('import-picks', '--project', flat, topo, '--time-origin', 'shot');
    expect(along.code).toBe(0);
    expect(along.out).toContain('matched along the line (the project had no elevations)');
    expect(along.out).toContain(
      'elevations from the file: 24 receiver and 5 source positions, 99 to 105.6 m',
    );
    const bad = await run('import-picks', '--project', flat, topo, '--time-origin', 'trigger');
    expect(bad.err).toMatch(/--time-origin must be shot\|first-sample, got trigger/);
  });

  it('names bad options', async () => {
    const dir = path.join(tmpDir(), 'line');
    await run('init', dir);
    const bad = await run('export', '--project', dir, '--format', 'segy', '--out', 'x');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--format must be sgt\|vs\|csv\|json\|pyrefra\|summary, got segy/);
    expect((await run('export', '--project', dir, '--format', 'sgt')).err).toMatch(
      /--out is required/,
    );
  });
});
