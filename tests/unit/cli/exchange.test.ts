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
