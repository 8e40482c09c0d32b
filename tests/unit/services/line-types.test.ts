import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-main/api/errors';
import { Project } from '../../../src-main/catalogue/project';
import { listShots } from '../../../src-main/catalogue/queries';
import { importFiles } from '../../../src-main/services/import-service';
import { pickProject } from '../../../src-main/services/picking-service';
import { SurveyService } from '../../../src-main/services/survey-service';
import { runPickline } from '../../helpers/cli';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';

const DATA = testData('refraction/refrapy-ex01/data');
const files = () =>
  fs
    .readdirSync(DATA)
    .sort()
    .map((f) => path.join(DATA, f));

const livePicks = (p: Project) =>
  p.db
    .prepare(
      `SELECT t.shot_id AS shot, p.phase, COUNT(*) AS n FROM picks p
       JOIN traces t ON p.trace_id = t.id WHERE p.deleted = 0
       GROUP BY t.shot_id, p.phase ORDER BY t.shot_id, p.phase`,
    )
    .all() as { shot: number; phase: 'P' | 'S'; n: number }[];

describe('P and S lines', () => {
  it('are guessed at import, said at import, and changed afterwards', () => {
    const project = Project.create(path.join(tmpDir(), 'line'));
    importFiles(project, files().slice(0, 1));
    importFiles(project, files().slice(1, 2), { lineType: 'S' });
    // Vertical geophones with no component in the header: a P line.
    expect(listShots(project.db).map((s) => s.lineType)).toEqual(['P', 'S']);

    const survey = new SurveyService(() => project);
    expect(survey.setLineType({ shotIds: [1, 2], lineType: 'S' })).toEqual({
      changed: 1,
      shotIds: [1],
      proposalsRemoved: 0,
    });
    expect(listShots(project.db).map((s) => s.lineType)).toEqual(['S', 'S']);
    expect(() => survey.setLineType({ shotIds: [1, 99], lineType: 'P' })).toThrow(ApiError);
    // Refused as a whole: shot 1 is still S.
    expect(listShots(project.db)[0]!.lineType).toBe('S');
    project.close();
  });

  it("store an S line's first breaks as S picks, a P line's as P", async () => {
    const project = Project.create(path.join(tmpDir(), 'line'));
    importFiles(project, files().slice(0, 1), { lineType: 'P' });
    importFiles(project, files().slice(1, 2), { lineType: 'S' });
    const report = await pickProject(project, { method: 'stalta-aic' });
    const counts = livePicks(project);
    expect(counts.map((c) => [c.shot, c.phase])).toEqual([
      [1, 'P'],
      [2, 'S'],
    ]);
    expect(report.picks.S).toBe(counts[1]!.n);
    expect(counts[1]!.n).toBeGreaterThan(20);

    // Said again as a P line: the S proposals (its first breaks read as S) go, undoably, and
    // the next run proposes P. A person's pick stays.
    const personal = project.db
      .prepare(
        `SELECT p.id FROM picks p JOIN traces t ON p.trace_id = t.id
         WHERE t.shot_id = 2 ORDER BY p.id LIMIT 1`,
      )
      .get() as { id: number };
    project.db.prepare(`UPDATE picks SET status = 'accepted' WHERE id = ?`).run(personal.id);
    const changed = new SurveyService(() => project).setLineType({ shotIds: [2], lineType: 'P' });
    expect(changed).toEqual({ changed: 1, shotIds: [2], proposalsRemoved: counts[1]!.n - 1 });
    await pickProject(project, { method: 'stalta-aic', shotIds: [2] });
    expect(livePicks(project).filter((c) => c.shot === 2)).toEqual([
      { shot: 2, phase: 'P', n: expect.any(Number) },
      { shot: 2, phase: 'S', n: 1 },
    ]);
    project.close();
  });

  it('take --line-type on the command line, and refuse an unknown one', async () => {
    const dir = path.join(tmpDir(), 'cli');
    await runPickline('init', dir);
    const bad = await runPickline('import', '--project', dir, '--line-type', 'SH', files()[0]!);
    expect(bad.err).toMatch(/--line-type must be P\|S\|3C/);
    const good = await runPickline('import', '--project', dir, '--line-type', 'S', files()[0]!);
    expect(good.code).toBe(0);
    const project = Project.open(dir);
    expect(listShots(project.db)[0]!.lineType).toBe('S');
    project.close();
  });
});
