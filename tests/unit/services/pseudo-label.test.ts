import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { JobRecord, PseudoLabelReport, QcReport } from '../../../src-main/api/contract';
import { dispatch } from '../../../src-main/api/dispatch';
import { listModels } from '../../../src-main/catalogue/models';
import { PickStore } from '../../../src-main/catalogue/pick-store';
import { Project } from '../../../src-main/catalogue/project';
import { importFiles } from '../../../src-main/services/import-service';
import { importPicks } from '../../../src-main/services/pick-exchange';
import { pseudoLabel, roundLabels } from '../../../src-main/services/pseudo-label-service';
import { RESOURCES, requireBuild } from '../../helpers/built';
import { testServices } from '../../helpers/services';
import { runPickline } from '../../helpers/cli';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';

const DATA = testData('refraction/refrapy-ex01/data');

describe('pseudo-labelling a project', () => {
  it('picks, flags and corrects, fine-tunes on the result and scores against held-out picks', async () => {
    const project = Project.create(path.join(tmpDir(), 'line'));
    importFiles(
      project,
      fs.readdirSync(DATA).map((f) => path.join(DATA, f)),
    );
    // The manual picks are the held-out reference: scored against, never trained on.
    importPicks(project, testData('refraction/refrapy-ex01/picks/field_example_01.sgt'));
    const report = await pseudoLabel(project, {
      rounds: 1,
      bundledModel: path.join(RESOURCES, 'models', 'near-surface'),
      epochs: 1,
      steps: 2,
      batch: 4,
      seed: 3,
    });
    const [first, second] = report.rounds;
    expect(first).toMatchObject({
      round: 0,
      model: 'near-surface',
      trained: 'near-surface-pseudo-1',
    });
    // The bundled model's share on this line (its validation line) is 80 %.
    expect(first!.withinTwoMs).toBeGreaterThan(0.75);
    expect(first!.picks).toBeGreaterThan(100);
    // Labels: the QC-passed picks and the corrections, nothing from the reference.
    expect(first!.labels).toBeLessThanOrEqual(first!.picks);
    expect(first!.labels).toBeGreaterThanOrEqual(first!.picks - first!.flagged);
    expect(second).toMatchObject({ round: 1, model: 'near-surface-pseudo-1', trained: null });
    expect(second!.withinTwoMs).not.toBeNull();
    expect(listModels(project).map((m) => [m.name, m.isDefault])).toEqual([
      ['near-surface', report.best === 'near-surface'],
      ['near-surface-pseudo-1', report.best === 'near-surface-pseudo-1'],
    ]);
    // The reference picks are untouched.
    const imported = project.db
      .prepare(`SELECT COUNT(*) AS n FROM picks WHERE origin = 'imported' AND deleted = 0`)
      .get();
    expect(imported).toEqual({ n: 120 });
    project.close();
  }, 240_000);

  it('says it needs positions when QC leaves no pick to learn from, and trains nothing', async () => {
    // GeoStack's NumPy gathers carry no positions: no offsets, no QC fit, no pseudo-labels.
    const gathers = testData('refraction/geostack-dataset1');
    const project = Project.create(path.join(tmpDir(), 'no-positions'));
    importFiles(project, [path.join(gathers, '13.npy')], { sampleInterval: 0.00025 });
    await expect(
      pseudoLabel(project, {
        rounds: 1,
        bundledModel: path.join(RESOURCES, 'models', 'near-surface'),
        epochs: 1,
        steps: 2,
      }),
    ).rejects.toThrow(/round 0 has no pick to learn from: QC fits travel time against offset/);
    expect(listModels(project).map((m) => m.name)).toEqual(['near-surface']);
    project.close();
  });

  it('learns from the picks the network saw, not from the path’s guesses in the noise', () => {
    const project = Project.create(path.join(tmpDir(), 'line'));
    importFiles(project, [path.join(DATA, fs.readdirSync(DATA)[0]!)]);
    const traces = project.db.prepare('SELECT id, shot_id FROM traces ORDER BY id').all() as {
      id: number;
      shot_id: number;
    }[];
    // Three proposals: a clear one, one under the gather's threshold, one without probability.
    const probabilities = [0.6, 0.01, null];
    new PickStore(project.db).writeRun({
      traceIds: traces.slice(0, 3).map((t) => t.id),
      phases: ['P'],
      picks: probabilities.map((probability, i) => ({
        traceId: traces[i]!.id,
        phase: 'P' as const,
        time: 0.02 + i * 0.001,
        probability,
      })),
      origin: 'auto',
      method: 'phasenet',
      modelId: null,
    });
    const picks = project.db
      .prepare('SELECT id, trace_id AS traceId, time FROM picks ORDER BY trace_id')
      .all() as { id: number; traceId: number; time: number }[];
    const qc = {
      shots: [
        {
          shotId: traces[0]!.shot_id,
          items: picks.map((p) => ({
            pickId: p.id,
            traceId: p.traceId,
            time: p.time,
            flags: [],
            corrected: null,
          })),
        },
      ],
    } as unknown as QcReport;
    const labels = roundLabels(project, qc, new Set());
    expect([...labels.keys()]).toEqual([traces[0]!.id, traces[2]!.id]);
    project.close();
  });

  it('never trains on held-out shots and scores only them', async () => {
    const project = Project.create(path.join(tmpDir(), 'line'));
    importFiles(
      project,
      fs.readdirSync(DATA).map((f) => path.join(DATA, f)),
    );
    importPicks(project, testData('refraction/refrapy-ex01/picks/field_example_01.sgt'));
    const shots = project.db.prepare('SELECT id, record_id FROM shots ORDER BY id').all() as {
      id: number;
      record_id: string;
    }[];
    // Training needs two shots (one for validation); the other three are held out.
    const kept = shots.slice(0, 2);
    const held = shots.slice(2);
    const traceIds = (shotId: number) =>
      (
        project.db.prepare('SELECT id FROM traces WHERE shot_id = ?').all(shotId) as {
          id: number;
        }[]
      ).map((t) => t.id);
    // Manual picks would be labels anywhere else; on held-out shots they are not.
    const store = new PickStore(project.db);
    for (const traceId of traceIds(held[0]!.id))
      store.setManual({ traceId, phase: 'P', time: 0.05 });
    const options = {
      rounds: 1,
      bundledModel: path.join(RESOURCES, 'models', 'near-surface'),
      epochs: 1,
      steps: 1,
      batch: 2,
      seed: 3,
    };
    await expect(pseudoLabel(project, { ...options, holdOutShots: ['nope'] })).rejects.toThrow(
      /no shot "nope"/,
    );
    const report = await pseudoLabel(project, {
      ...options,
      holdOutShots: held.map((s) => s.record_id),
    });
    const first = report.rounds[0]!;
    expect(first.trained).toBe('near-surface-pseudo-1');
    // The bundled model's picks (superseded since) and the reference, per shot.
    const rows = project.db
      .prepare(
        `SELECT a.time - COALESCE(r.time, a.time) AS err, r.id IS NOT NULL AS ref,
           t.shot_id AS shot
         FROM picks a JOIN traces t ON t.id = a.trace_id JOIN models m ON m.id = a.model_id
           LEFT JOIN picks r ON r.trace_id = a.trace_id AND r.phase = 'P'
             AND r.origin = 'imported' AND r.deleted = 0
         WHERE a.phase = 'P' AND a.origin = 'auto' AND m.name = 'near-surface'`,
      )
      .all() as { err: number; ref: number; shot: number }[];
    const isKept = (shot: number) => kept.some((k) => k.id === shot);
    // Labels come from the two shots left in: at most one per network pick there.
    expect(first.labels).toBeGreaterThan(0);
    expect(first.labels).toBeLessThanOrEqual(rows.filter((r) => isKept(r.shot)).length);
    // The score counts the held-out shots only.
    const scored = rows.filter((r) => r.ref && !isKept(r.shot));
    expect(scored.length).toBeLessThan(rows.filter((r) => r.ref).length);
    expect(first.withinTwoMs).toBeCloseTo(
      scored.filter((r) => Math.abs(r.err) <= 0.002).length / scored.length,
      12,
    );
    project.close();
  }, 240_000);

  it("keeps the shots held out through 'pseudolabel.start' out of the labels", async () => {
    requireBuild();
    const dir = path.join(tmpDir(), 'line');
    const project = Project.create(dir);
    importFiles(
      project,
      ['2001.dat', '2002.dat', '2005.dat'].map((f) => path.join(DATA, f)),
    );
    // A manual pick on every trace: each is a label, unless its shot is held out.
    const traces = project.db
      .prepare('SELECT t.id, s.record_id FROM traces t JOIN shots s ON s.id = t.shot_id')
      .all() as { id: number; record_id: string }[];
    const store = new PickStore(project.db);
    for (const t of traces) store.setManual({ traceId: t.id, phase: 'P', time: 0.05 });
    project.close();
    const kept = traces.filter((t) => t.record_id !== '2005').length;

    const services = testServices({ projectDir: dir });
    try {
      const start = (holdOutShots: string[]) =>
        dispatch(services.handlers, 'pseudolabel.start', {
          rounds: 1,
          epochs: 1,
          steps: 1,
          batch: 2,
          seed: 3,
          holdOutShots,
        });
      // Unknown shots, blanks, or too few shots left to train on: refused before a job starts.
      expect(await start(['2001', '9'])).toEqual({
        ok: false,
        error: { code: 'not-found', message: `no shot "9" in ${dir} to hold out` },
      });
      expect(await start(['2001', '2005'])).toMatchObject({
        ok: false,
        error: { code: 'invalid-input', message: expect.stringMatching(/leaves 1 to train on/) },
      });
      expect(await start([' '])).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
      expect(services.jobs.list()).toEqual([]);

      const started = await start([' 2005 ']);
      if (!started.ok) throw new Error(started.error.message);
      const done = await services.jobs.wait((started.value as JobRecord).id);
      expect(done).toMatchObject({ state: 'done', error: null });
      const report = done.result as PseudoLabelReport;
      expect(report.heldOutShots).toEqual(['2005']);
      // Manual picks win: the labels are exactly the traces of the two shots left in.
      expect(report.rounds[0]).toMatchObject({ trained: 'near-surface-pseudo-1', labels: kept });
    } finally {
      await services.close();
    }
  }, 240_000);

  it('runs from the command line, and says what it needs', async () => {
    const dir = path.join(tmpDir(), 'line');
    await runPickline('init', dir);
    await runPickline(
      'import',
      '--project',
      dir,
      path.join(DATA, '2001.dat'),
      path.join(DATA, '2005.dat'),
    );
    const res = await runPickline(
      'pseudo-label',
      '--project',
      dir,
      '--rounds',
      '1',
      '--epochs',
      '1',
      '--steps',
      '1',
      '--batch',
      '2',
    );
    expect(res.err).toMatch(/^round 0: picking with near-surface/);
    expect(res.err).not.toMatch(/pickline:/);
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/^round 0: near-surface: \d+ P picks, \d+ flagged/);
    expect(res.out).toMatch(/best: near-surface(-pseudo-1)? \(now the project's default model\)$/);
    const bad = await runPickline('pseudo-label', '--project', dir, '--rounds', '0');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--rounds must be an integer from 1 to 20/);
  }, 120_000);
});
