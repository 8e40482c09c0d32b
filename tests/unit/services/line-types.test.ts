import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-main/api/errors';
import { Project } from '../../../src-main/catalogue/project';
import { listShots } from '../../../src-main/catalogue/queries';
import { importFiles } from '../../../src-main/services/import-service';
import { readAny } from '../../../src-main/formats/registry';
import { loadModel } from '../../../src-main/picking/model-dir';
import { pickFile } from '../../../src-main/picking/pick-file';
import { bundledModel, S_LINE_MODEL } from '../../../src-main/services/bundled-models';
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

  it("pick an S line's first breaks from the S output of a model made for S lines", async () => {
    // Resources with the vertical model and, beside it, the same weights carded for S lines.
    const resources = tmpDir();
    const vertical = bundledModel(resources);
    fs.cpSync(bundledModel(path.resolve('resources')), vertical, { recursive: true });
    const sDir = path.join(path.dirname(vertical), S_LINE_MODEL);
    fs.cpSync(vertical, sDir, { recursive: true });
    const card = JSON.parse(fs.readFileSync(path.join(sDir, 'model.json'), 'utf8'));
    const sCard = { ...card, name: S_LINE_MODEL, lineTypes: ['S'] };
    fs.writeFileSync(path.join(sDir, 'model.json'), JSON.stringify(sCard));
    // Other weights (a project keeps one entry per set of weights): the last bit of one.
    const weights = fs.readFileSync(path.join(sDir, 'weights.bin'));
    weights[0] = weights[0]! ^ 1;
    fs.writeFileSync(path.join(sDir, 'weights.bin'), weights);

    const project = Project.create(path.join(tmpDir(), 'line'));
    importFiles(project, files().slice(0, 1), { lineType: 'P' });
    importFiles(project, files().slice(1, 2), { lineType: 'S' });
    const report = await pickProject(project, { method: 'phasenet', bundledModel: vertical });
    expect(report.model?.name).toBe('near-surface');
    expect(report.sLineModel?.name).toBe(S_LINE_MODEL);

    const stored = (shot: number) =>
      project.db
        .prepare(
          `SELECT p.phase, p.time, m.name AS model FROM picks p JOIN traces t ON p.trace_id = t.id
           JOIN models m ON m.id = p.model_id WHERE t.shot_id = ? AND p.deleted = 0
           ORDER BY t.channel`,
        )
        .all(shot) as { phase: string; time: number; model: string }[];
    expect(new Set(stored(1).map((p) => `${p.phase} ${p.model}`))).toEqual(
      new Set(['P near-surface']),
    );
    // The S line's picks are the S output's gather path, not its first break read as S.
    const loaded = loadModel(sDir);
    const own = await pickFile(readAny(files()[1]!), {
      method: 'phasenet',
      model: loaded,
      phases: ['S'],
      firstBreak: 'S',
    });
    loaded.model.dispose();
    const verticalModel = loadModel(vertical);
    const firstBreaks = await pickFile(readAny(files()[1]!), {
      method: 'phasenet',
      model: verticalModel,
      phases: ['P'],
    });
    verticalModel.model.dispose();
    const times = (picks: { time: number | null }[]) =>
      picks.flatMap((p) => (p.time === null ? [] : [p.time]));
    expect(stored(2).every((p) => p.phase === 'S' && p.model === S_LINE_MODEL)).toBe(true);
    expect(times(stored(2))).toEqual(times(own.picks));
    expect(times(stored(2))).not.toEqual(times(firstBreaks.picks));

    // A model the run names is used on every line, as asked: its first break read as S.
    await pickProject(project, { method: 'phasenet', model: { name: 'near-surface' } });
    expect(stored(2).every((p) => p.phase === 'S' && p.model === 'near-surface')).toBe(true);
    expect(times(stored(2))).toEqual(times(firstBreaks.picks));
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
