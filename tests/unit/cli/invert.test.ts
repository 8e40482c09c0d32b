import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Section } from '../../../src-main/api/sections-contract';
import { Project } from '../../../src-main/catalogue/project';
import { insertSection, readSection } from '../../../src-main/catalogue/section-store';
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

  it('takes the bedrock of an S section of the project (--bedrock-from)', async () => {
    const dir = path.join(tmpDir(), 'line');
    await run('init', dir);
    await run('import', '--project', dir, ...fs.readdirSync(DATA).map((f) => path.join(DATA, f)));
    await run('import-picks', '--project', dir, SGT);
    await run('invert', '--project', dir, '--phase', 'P', '--method', 'timeterm');
    // An S time-term section whose refractors lie 3 m below P's (section 2).
    const project = Project.open(dir);
    const p = readSection(project.db, 1)!;
    const deeper = (f: Section['interfaces'][number]) => ({
      ...f,
      points: f.points.map((q) => ({ x: q.x, z: q.z - 3 })),
    });
    insertSection(
      project.db,
      { phase: 'S', method: 'timeterm' },
      { ...p, phase: 'S', interfaces: p.interfaces.map(deeper) },
    );
    project.close();

    const invert = (...more: string[]) =>
      run('invert', '--project', dir, '--phase', 'P', '--method', 'timeterm', ...more);
    // Refrapy's P picks see no layer there: the section is made, and says why none was placed.
    const kept = await invert('--bedrock-from', '2');
    expect(kept.code).toBe(0);
    expect(kept.out).toMatch(/warning: no layer placed with S section 2's bedrock: /);
    const json = await invert('--bedrock-from', '2', '--json');
    expect(JSON.parse(json.out)).toMatchObject({ hiddenLayer: null, partial: true });
    const wrong = await invert('--bedrock-from', '1');
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toMatch(/section 1 is a P section/);
    const noProject = await run(
      'invert',
      ...['--picks', SGT, '--phase', 'P', '--out', tmpDir(), '--bedrock-from', '2'],
    );
    expect(noProject.err).toMatch(/--bedrock-from names an S section of a project/);
  });

  it('says what is missing', async () => {
    const usage = await run('invert', '--picks', SGT, '--phase', 'P');
    expect(usage.code).not.toBe(0);
    expect(usage.err).toMatch(/--out DIR is needed with --picks/);
    const phase = await run('invert', '--picks', SGT, '--phase', 'Q', '--out', tmpDir());
    expect(phase.err).toMatch(/--phase must be P\|S/);
  });
});
