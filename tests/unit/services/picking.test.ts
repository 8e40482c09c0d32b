import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JobRecord, ProjectPickReport } from '../../../src-main/api/contract';
import { dispatch } from '../../../src-main/api/dispatch';
import { listModels } from '../../../src-main/catalogue/models';
import { PickStore } from '../../../src-main/catalogue/pick-store';
import { Project } from '../../../src-main/catalogue/project';
import { writeSettings } from '../../../src-main/catalogue/settings-store';
import { ensureBackend } from '../../../src-main/ml/backend';
import { importFiles } from '../../../src-main/services/import-service';
import { pickProject } from '../../../src-main/services/picking-service';
import { DEFAULT_SYNTH_OPTIONS } from '../../../src-main/training/synth/options';
import { simulateSurvey } from '../../../src-main/training/synth/survey';
import { shotSeg2 } from '../../../src-main/training/synth/survey-output';
import { RESOURCES, requireBuild } from '../../helpers/built';
import { testServices } from '../../helpers/services';
import { runPickline } from '../../helpers/cli';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';
import { smallModel } from '../picking/small-model';

const DATA = testData('refraction/refrapy-ex01/data');
const shotFiles = () =>
  fs
    .readdirSync(DATA)
    .sort()
    .map((f) => path.join(DATA, f));

function project(files = shotFiles().slice(0, 2)): Project {
  const p = Project.create(path.join(tmpDir(), 'line'));
  importFiles(p, files);
  return p;
}

const livePicks = (p: Project) =>
  p.db
    .prepare(
      `SELECT origin, status, method, COUNT(*) AS n FROM picks WHERE deleted = 0
       GROUP BY origin, status, method ORDER BY origin, status`,
    )
    .all();

beforeAll(async () => {
  await ensureBackend();
});

describe('picking a project', () => {
  it('stores classical picks as proposals, replaces them on a re-run and keeps manual picks', async () => {
    const p = project();
    const first = await pickProject(p, { method: 'stalta-aic' });
    expect(first).toMatchObject({ method: 'stalta-aic', shots: 2, traces: 48, model: null });
    expect(first.picks.P).toBeGreaterThan(40);
    expect(livePicks(p)).toEqual([
      { origin: 'auto', status: 'proposed', method: 'stalta-aic', n: first.picks.P },
    ]);

    const trace = (
      p.db.prepare('SELECT id FROM traces ORDER BY id LIMIT 1').get() as { id: number }
    ).id;
    new PickStore(p.db).setManual({ traceId: trace, phase: 'P', time: 0.0123 });
    p.db.prepare(`UPDATE traces SET status = 'dead' WHERE id = ?`).run(trace + 1);

    const again = await pickProject(p, { method: 'stalta-aic', shotIds: [1] });
    // 24 proposals less the one the manual pick rejected; the dead trace's goes too.
    expect(again).toMatchObject({ shots: 1, traces: 23, superseded: 23, besideKept: 1 });
    const onDead = p.db
      .prepare('SELECT COUNT(*) AS n FROM picks WHERE trace_id = ? AND deleted = 0')
      .get(trace + 1);
    expect(onDead).toEqual({ n: 0 });
    expect(new PickStore(p.db).ofShot(1).find((x) => x.origin === 'manual')?.time).toBe(0.0123);
    p.close();
  });

  it("searches after offset / the project's v_max unless the run says otherwise", async () => {
    const p = project(shotFiles().slice(0, 1));
    const slow = 300; // m/s: far slower than the line's first breaks, to move every pick
    writeSettings(p.db, { picking: { vMax: slow } });
    const picked = () =>
      p.db
        .prepare(
          `SELECT p.time, ABS(t.receiver_x - s.source_x) AS offset FROM picks p
           JOIN traces t ON p.trace_id = t.id JOIN shots s ON t.shot_id = s.id
           WHERE p.deleted = 0`,
        )
        .all() as { time: number; offset: number }[];
    await pickProject(p, { method: 'stalta-aic' });
    const stored = picked();
    expect(stored.length).toBeGreaterThan(20);
    for (const pick of stored) expect(pick.time).toBeGreaterThanOrEqual(pick.offset / slow - 1e-9);

    // The run's own choice wins: from the shot on, the first breaks come back.
    await pickProject(p, { method: 'stalta-aic', vMax: null });
    expect(picked().some((pick) => pick.time < pick.offset / slow)).toBe(true);
    p.close();
  });

  it('registers the model in the project and tags the picks with it', async () => {
    const p = project(shotFiles().slice(0, 1));
    const { dir } = smallModel(['Z'], { window: 512, sampleRate: 8000 });
    const report = await pickProject(p, {
      method: 'phasenet',
      model: { dir },
      peaks: { threshold: 0 },
    });
    const [model] = listModels(p);
    expect(model).toMatchObject({ isDefault: true, sampleRate: 8000, inputChannels: 1 });
    expect(fs.existsSync(path.join(model!.dir, 'weights.bin'))).toBe(true);
    expect(model!.dir.startsWith(p.dir)).toBe(true);
    expect(report).toMatchObject({ model: { id: model!.id }, shots: 1, traces: 24 });
    expect(report.windows).toBeGreaterThan(0);
    const tagged = p.db
      .prepare(`SELECT COUNT(*) AS n FROM picks WHERE model_id = ? AND method = 'phasenet'`)
      .get(model!.id) as { n: number };
    expect(tagged.n).toBe(report.picks.P + report.picks.S);
    // Without --model the project's default model is used.
    expect(await pickProject(p, { method: 'phasenet' })).toMatchObject({
      model: { id: model!.id },
    });
    p.close();
  });

  it("picks the phases the model's card validates unless told, and says so in app.info", async () => {
    const p = project(shotFiles().slice(0, 1));
    const bundled = path.join(RESOURCES, 'models', 'near-surface');
    // The bundled model's card validates P only (its S is not usable yet, see its card).
    const byDefault = await pickProject(p, { method: 'phasenet', bundledModel: bundled });
    expect(byDefault.model).toMatchObject({ name: 'near-surface' });
    expect(byDefault.picks.S).toBe(0);
    expect(byDefault.picks.P).toBeGreaterThan(20);
    const asked = await pickProject(p, { method: 'phasenet', phases: ['P', 'S'] });
    expect(asked.picks.S).toBeGreaterThan(0);
    p.close();

    const services = testServices();
    try {
      const info = await dispatch(services.handlers, 'app.info', {});
      expect(info.ok && info.value).toMatchObject({
        bundledModel: { name: 'near-surface', validatedPhases: ['P'] },
      });
      const missing = testServices({ resourcesDir: tmpDir() });
      const none = await dispatch(missing.handlers, 'app.info', {});
      expect(none.ok && none.value).toMatchObject({ bundledModel: null });
      await missing.close();
    } finally {
      await services.close();
    }
  });

  it('gives a line of 3-component geophones the bundled 3-component model as its default', async () => {
    const bundled = path.join(RESOURCES, 'models', 'near-surface');
    // A vertical line: the default model only.
    const vertical = project(shotFiles().slice(0, 1));
    await pickProject(vertical, { method: 'phasenet', bundledModel: bundled });
    expect(listModels(vertical).map((m) => m.name)).toEqual(['near-surface']);
    vertical.close();

    // A simulated 3-component shot: both, the 3-component model the default.
    const dir = tmpDir();
    const survey = simulateSurvey(
      { ...DEFAULT_SYNTH_OPTIONS, shots: 1, channels: [24], components: 3, sWaves: true },
      2,
      0,
    );
    const file = path.join(dir, survey.shots[0]!.file);
    fs.writeFileSync(file, shotSeg2(survey, survey.shots[0]!, 'float32'));
    const line = project([file]);
    const three = await pickProject(line, { method: 'phasenet', bundledModel: bundled });
    const models = listModels(line);
    expect(models.map((m) => [m.name, m.isDefault])).toEqual([
      ['near-surface', false],
      ['near-surface-3c', true],
    ]);
    // By default it picks P and S, S from the horizontals (its card validates both).
    expect(three.model).toMatchObject({ name: 'near-surface-3c' });
    expect(three.picks.P).toBeGreaterThan(12);
    expect(three.picks.S).toBeGreaterThan(6);
    line.close();
  });

  it('says what is missing when a project has no model', async () => {
    const p = project(shotFiles().slice(0, 1));
    await expect(pickProject(p, { method: 'phasenet' })).rejects.toThrow(
      'has no default model: register a model folder first',
    );
    p.close();
  });

  it("names a shot whose first breaks put its source away from its geometry's", async () => {
    requireBuild();
    const dir = path.join(tmpDir(), 'line');
    await runPickline('init', dir);
    await runPickline('import', '--project', dir, ...shotFiles());
    // Shot 2003 (source at 46 m) given shot 2001's position, as mixed-up geometry would.
    const p = Project.open(dir);
    p.db.prepare("UPDATE shots SET source_x = -20 WHERE record_id = '2003'").run();
    const shotId = (
      p.db.prepare("SELECT id FROM shots WHERE record_id = '2003'").get() as {
        id: number;
      }
    ).id;
    const report = await pickProject(p, { method: 'aic' });
    p.close();
    expect(report.sourceChecks).toEqual([
      {
        shotId,
        shot: '2003',
        doubt: expect.objectContaining({ distance: expect.any(Number) }),
        // AIC reads each trace alone: only a network's gather picking moves the source.
        move: null,
      },
    ]);
    expect([64, 68]).toContain(report.sourceChecks[0]!.doubt!.distance);
    const cli = await runPickline('pick', '--project', dir, '--method', 'aic');
    expect(cli.out).toMatch(
      /\nwarning: shot 2003: the first breaks are earliest at the receiver at x (44|48) m, (64|68) m from the source the headers give/,
    );
  });

  it('runs as a job from the API and through `pickline pick --project`', async () => {
    requireBuild();
    const dir = path.join(tmpDir(), 'line');
    await runPickline('init', dir);
    await runPickline('import', '--project', dir, ...shotFiles());
    const cli = await runPickline('pick', '--project', dir, '--method', 'aic', '--shots', '1,2');
    expect(cli.code).toBe(0);
    expect(cli.out).toMatch(/^\d+ P and 0 S proposals on 48 traces of 2 shots \(aic, /);

    const services = testServices({ projectDir: dir });
    try {
      const started = await dispatch(services.handlers, 'picking.start', { method: 'stalta-aic' });
      if (!started.ok) throw new Error(started.error.message);
      const done: JobRecord = await services.jobs.wait((started.value as JobRecord).id);
      expect(done.state).toBe('done');
      expect(done.result as ProjectPickReport).toMatchObject({ shots: 5, traces: 120 });
      const bad = await dispatch(services.handlers, 'picking.start', { method: 'knn' });
      expect(bad.ok).toBe(false);
    } finally {
      await services.close();
    }
  });
});
