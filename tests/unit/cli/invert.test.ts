import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPickline as run } from '../../helpers/cli';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';

const DATA = testData('refraction/refrapy-ex01/data');
const SGT = testData('refraction/refrapy-ex01/picks/field_example_01.sgt');

describe('pickline invert', () => {
  it('makes a section from a pick file made elsewhere, without a project', async () => {
    const out = tmpDir();
    const result = await run('invert', '--picks', SGT, '--phase', 'P', '--out', out, '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out) as {
      picks: number;
      shots: number;
      rms: number;
      files: string[];
    };
    expect(report).toMatchObject({ picks: 120, shots: 5 });
    expect(report.rms).toBeLessThan(0.0015);
    expect(report.files.map((f) => path.basename(f))).toEqual([
      'P-tomography.csv',
      'P-tomography.xyz',
      'P-tomography.json',
      'P-tomography-misfits.csv',
    ]);
    const misfits = fs.readFileSync(path.join(out, 'P-tomography-misfits.csv'), 'utf8');
    expect(misfits.trim().split('\n')).toHaveLength(121);
  });

  it("inverts a project's accepted picks and keeps the section there", async () => {
    const dir = path.join(tmpDir(), 'line');
    await run('init', dir);
    await run('import', '--project', dir, ...fs.readdirSync(DATA).map((f) => path.join(DATA, f)));
    await run('import-picks', '--project', dir, SGT);
    const result = await run('invert', '--project', dir, '--phase', 'P', '--method', 'timeterm');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^P time-terms: 120 picks of 5 shots, RMS [\d.]+ ms/);
    expect(result.out).toMatch(/\(section 1 of the project\)/);
    expect(result.out).toMatch(/layer 1: \d+ m\/s/);
  });

  it('says what is missing', async () => {
    const usage = await run('invert', '--picks', SGT, '--phase', 'P');
    expect(usage.code).not.toBe(0);
    expect(usage.err).toMatch(/--out DIR is needed with --picks/);
    const phase = await run('invert', '--picks', SGT, '--phase', 'Q', '--out', tmpDir());
    expect(phase.err).toMatch(/--phase must be P\|S/);
  });
});
