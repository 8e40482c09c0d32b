import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Project } from '../../../src-main/catalogue/project';
import { readSection } from '../../../src-main/catalogue/section-store';
import { runPickline as run } from '../../helpers/cli';
import { REFRAPY_SGT, scaledRefrapySgt } from '../../helpers/scaled-sgt';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';

const DATA = testData('refraction/refrapy-ex01/data');

/**
 * refrapy-ex01 as a project: its shots, the analyst's P picks, and S picks at `factor` times
 * their times (a line where Vs = Vp / factor).
 */
async function lineWithSPicks(factor: number): Promise<string> {
  const dir = path.join(tmpDir(), 'line');
  await run('init', dir);
  await run('import', '--project', dir, ...fs.readdirSync(DATA).map((f) => path.join(DATA, f)));
  await run('import-picks', '--project', dir, REFRAPY_SGT);
  await run('import-picks', '--project', dir, '--phase', 'S', scaledRefrapySgt(factor, tmpDir()));
  return dir;
}

const csvRows = (file: string) =>
  fs
    .readFileSync(file, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));

describe('pickline sections', () => {
  it('lists the sections, and writes Vp/Vs from the newest P and S ones', async () => {
    const dir = await lineWithSPicks(1.8);
    const invert = (phase: string) =>
      run('invert', '--project', dir, '--phase', phase, '--method', 'timeterm');

    expect((await run('sections', '--project', dir)).out).toMatch(/^no sections in /);
    expect((await invert('P')).code).toBe(0);
    const noS = await run('sections', '--project', dir, '--ratio');
    expect(noS.code).toBe(1);
    expect(noS.err).toBe(
      `pickline: no S section in ${dir}: run pickline invert --project ${dir} --phase S first`,
    );
    expect((await invert('S')).code).toBe(0);
    const listed = await run('sections', '--project', dir);
    expect(listed.out.split('\n')).toEqual([
      expect.stringMatching(/^ {3}2 {2}S time-terms: 120 picks of 5 shots, RMS [\d.]+ ms/),
      expect.stringMatching(/^ {3}1 {2}P time-terms: 120 picks of 5 shots, RMS [\d.]+ ms/),
    ]);

    const text = await run('sections', '--project', dir, '--ratio');
    // Every S time is 1.8 P times: Vs = Vp / 1.8, ν = (1.8² − 2) / (2(1.8² − 1)) = 0.277.
    expect(text.out).toMatch(
      /^Vp\/Vs of P section 1 and S section 2: \d+ cells, Vp\/Vs 1\.80 to 1\.80, Poisson's ratio 0\.277 to 0\.277\nwater-table hint in 0 of \d+ columns$/,
    );
    const out = tmpDir();
    const result = await run('sections', '--project', dir, '--ratio', '--out', out, '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out) as {
      pSection: number;
      sSection: number;
      cells: number;
      files: string[];
    };
    expect(report).toMatchObject({ pSection: 1, sSection: 2 });
    expect(report.files.map((f) => path.basename(f))).toEqual([
      'vp-vs.csv',
      'vp-vs.xyz',
      'poisson.xyz',
      'water-table.csv',
    ]);

    const project = Project.open(dir);
    const p = readSection(project.db, 1)!;
    const s = readSection(project.db, 2)!;
    project.close();
    // One line, one grid: Vp/Vs is the stored velocities' quotient cell by cell.
    // The grids share x; the S one's depth differs a little, so Vs is read between its rows.
    expect(s.x).toEqual(p.x);
    const expected = new Map<number, number>();
    p.z.forEach((z, j) => {
      const below = s.z.findIndex((sz) => sz <= z);
      if (below < 0) return;
      const above = Math.max(below - 1, 0);
      const t = below === above ? 0 : (z - s.z[above]!) / (s.z[below]! - s.z[above]!);
      p.x.forEach((_, i) => {
        const k = j * p.x.length + i;
        const [a, b] = [above, below].map((r) => s.velocity[r * s.x.length + i]);
        if (p.velocity[k] == null || a == null || b == null) return;
        expected.set(k, p.velocity[k]! / (a + t * (b - a)));
      });
    });
    // The files carry 8 significant digits: a cell is found by its nearest grid lines.
    const nearest = (axis: number[], v: number) =>
      axis.reduce((best, a, i) => (Math.abs(a - v) < Math.abs(axis[best]! - v) ? i : best), 0);
    const rows = csvRows(path.join(out, 'vp-vs.csv'));
    expect(rows).toHaveLength(report.cells);
    expect(rows).toHaveLength(expected.size);
    expect(rows.length).toBeGreaterThan(100);
    for (const [x, z, vpVs, poisson] of rows) {
      const r = expected.get(nearest(p.z, Number(z)) * p.x.length + nearest(p.x, Number(x)))!;
      expect(Number(vpVs)).toBeCloseTo(r, 5);
      expect(Number(poisson)).toBeCloseTo((r * r - 2) / (2 * (r * r - 1)), 5);
    }
    const xyz = fs.readFileSync(path.join(out, 'poisson.xyz'), 'utf8').trim().split('\n');
    expect(xyz[0]).toBe("# Pickline Poisson's ratio of P section 1 and S section 2");
    expect(xyz).toHaveLength(report.cells + 2);
    expect(csvRows(path.join(out, 'water-table.csv'))).toHaveLength(p.x.length);
  });

  it('warns where the S picks are too early for the P ones: Vp/Vs under √2', async () => {
    // S times 1.2 P times: Vp/Vs 1.2 everywhere, a Poisson's ratio no ground has.
    const dir = await lineWithSPicks(1.2);
    for (const phase of ['P', 'S']) {
      await run('invert', '--project', dir, '--phase', phase, '--method', 'timeterm');
    }
    const text = await run('sections', '--project', dir, '--ratio');
    expect(text.code).toBe(0);
    expect(text.out).toMatch(
      /\nwarning: Vp\/Vs is under √2 \(Poisson's ratio below 0, which no ground has\) in (\d+) of \1 cells/,
    );
    const json = JSON.parse((await run('sections', '--project', dir, '--ratio', '--json')).out);
    expect(json.warnings).toHaveLength(1);
  });

  it('says which section is missing or wrong', async () => {
    const dir = path.join(tmpDir(), 'line');
    await run('init', dir);
    const noP = await run('sections', '--project', dir, '--ratio', '--s-section', '3');
    expect(noP.err).toContain(`no P section in ${dir}: run pickline invert`);
    const unknown = await run(
      'sections',
      '--project',
      dir,
      '--ratio',
      '--p-section',
      '7',
      '--s-section',
      '8',
    );
    expect(unknown.err).toContain('no section with id 7');
    const usage = await run('sections', '--project', dir, '--p-section', '1');
    expect(usage).toMatchObject({ code: 2 });
    expect(usage.err).toMatch(/--p-section goes with --ratio/);
  });
});
