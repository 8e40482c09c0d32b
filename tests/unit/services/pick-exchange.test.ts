import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PickStore } from '../../../src-main/catalogue/pick-store';
import { Project } from '../../../src-main/catalogue/project';
import { readPicksCsv, writePicksCsv } from '../../../src-main/export/picks-csv';
import { readSgt } from '../../../src-main/export/sgt';
import { importFiles } from '../../../src-main/services/import-service';
import { exportPicks, importPicks } from '../../../src-main/services/pick-exchange';
import { DEFAULT_SYNTH_OPTIONS } from '../../../src-main/training/synth/options';
import { simulateSurvey } from '../../../src-main/training/synth/survey';
import { shotSeg2, truthRows } from '../../../src-main/training/synth/survey-output';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';

const DATA = testData('refraction/refrapy-ex01/data');
const SGT = testData('refraction/refrapy-ex01/picks/field_example_01.sgt');

function refrapyProject(): Project {
  const project = Project.create(path.join(tmpDir(), 'line'));
  importFiles(
    project,
    fs.readdirSync(DATA).map((f) => path.join(DATA, f)),
  );
  return project;
}

describe('pick exchange with the catalogue', () => {
  it('lands the 120 manual refrapy picks on the right traces and exports them back exactly', () => {
    const project = refrapyProject();
    const result = importPicks(project, SGT);
    expect(result).toMatchObject({ format: 'sgt', read: 120, matched: 120, unmatched: [] });

    // Every pick sits on the trace whose source and receiver are the file's sensors s and g.
    const original = readSgt(fs.readFileSync(SGT, 'utf8'), SGT);
    const landed = project.db
      .prepare(
        `SELECT s.source_x, t.receiver_x, p.time FROM picks p JOIN traces t ON p.trace_id = t.id
         JOIN shots s ON t.shot_id = s.id ORDER BY p.id`,
      )
      .all() as { source_x: number; receiver_x: number; time: number }[];
    expect(landed.map((r) => [r.source_x, r.receiver_x, r.time])).toEqual(
      original.picks.map((p) => [p.source.x, p.receiver.x, p.time]),
    );
    const perShot = project.db
      .prepare(
        `SELECT t.shot_id, COUNT(*) AS n FROM picks p JOIN traces t ON p.trace_id = t.id
         GROUP BY t.shot_id`,
      )
      .all() as { n: number }[];
    expect(perShot.map((r) => r.n)).toEqual([24, 24, 24, 24, 24]);

    const out = path.join(tmpDir(), 'again.sgt');
    expect(exportPicks(project, { format: 'sgt', out })).toMatchObject({
      written: 120,
      skipped: [],
    });
    const again = readSgt(fs.readFileSync(out, 'utf8'), out);
    const key = (p: { source: { x: number }; receiver: { x: number } }) =>
      `${p.source.x}>${p.receiver.x}`;
    const times = new Map(again.picks.map((p) => [key(p), p.time]));
    expect(again.sensors.map((s) => s.x).sort((a, b) => a - b)).toEqual(
      original.sensors.map((s) => s.x).sort((a, b) => a - b),
    );
    for (const p of original.picks)
      expect(Math.abs(times.get(key(p))! - p.time)).toBeLessThan(1e-6);
    project.close();
  });

  it('with nothing accepted, the export says to accept picks or take the proposals too', () => {
    const project = refrapyProject();
    const out = path.join(tmpDir(), 'p.sgt');
    expect(() => exportPicks(project, { format: 'sgt', out })).toThrow(
      'No P picks to export yet: pick the shots (auto-pick, or by hand in the gather) first.',
    );
    importPicks(project, SGT);
    project.db.prepare(`UPDATE picks SET status = 'proposed'`).run();
    expect(() => exportPicks(project, { format: 'sgt', out })).toThrow(
      'No accepted P picks to export. Accept picks in the gather (A on a pick, or "Accept all" ' +
        'for a shot), or choose "accepted + proposed" (--status all) to export the 120 proposed ' +
        'P picks too.',
    );
    expect(fs.existsSync(out)).toBe(false);
    expect(exportPicks(project, { format: 'sgt', out, status: 'all' }).written).toBe(120);
    project.close();
  });

  it('importing again replaces what the file brought, and leaves manual picks alone', () => {
    const project = refrapyProject();
    importPicks(project, SGT);
    const trace = (project.db.prepare('SELECT id FROM traces LIMIT 1').get() as { id: number }).id;
    const manual = new PickStore(project.db).setManual({ traceId: trace, phase: 'P', time: 0.5 });
    expect(importPicks(project, SGT)).toMatchObject({ matched: 120, superseded: 120 });
    const live = project.db
      .prepare('SELECT origin, COUNT(*) AS n FROM picks WHERE deleted = 0 GROUP BY origin')
      .all();
    expect(live).toEqual([
      { origin: 'imported', n: 120 },
      { origin: 'manual', n: 1 },
    ]);
    expect(new PickStore(project.db).ofShot(1).find((p) => p.id === manual.id)?.time).toBe(0.5);
    project.close();
  });

  it('gives a 3-component receiver one pick, whichever component or position names it', () => {
    const survey = simulateSurvey(
      { ...DEFAULT_SYNTH_OPTIONS, shots: 1, channels: [4], components: 3, deadRate: 0 },
      5,
      0,
    );
    const dir = tmpDir();
    const shot = path.join(dir, survey.shots[0]!.file);
    fs.writeFileSync(shot, shotSeg2(survey, survey.shots[0]!, 'float32'));
    const line = () => {
      const project = Project.create(path.join(tmpDir(), 'line'));
      importFiles(project, [shot]);
      return project;
    };
    const verticals = (project: Project) =>
      project.db
        .prepare(
          `SELECT t.component, p.time FROM picks p JOIN traces t ON p.trace_id = t.id
           WHERE p.deleted = 0 ORDER BY t.trace_index`,
        )
        .all() as { component: string; time: number }[];
    const truth = truthRows(survey).filter((r) => r.phase === 'P');
    expect(truth).toHaveLength(12);

    // By trace: the true time written on all three components of each receiver.
    const csv = path.join(dir, 'truth.csv');
    fs.writeFileSync(csv, writePicksCsv(truth));
    const first = line();
    expect(importPicks(first, csv)).toMatchObject({
      read: 12,
      matched: 4,
      unmatched: [{ reason: 'a second P pick for one receiver (the first is kept)', count: 8 }],
    });
    const picked = verticals(first);
    expect(picked.map((p) => p.component)).toEqual(['Z', 'Z', 'Z', 'Z']);
    expect(picked.map((p) => p.time)).toEqual(
      truth.filter((r) => r.trace % 3 === 0).map((r) => r.time),
    );

    // By position: the three components share one, and the receiver's pick trace takes it.
    const sgt = path.join(dir, 'line.sgt');
    expect(exportPicks(first, { format: 'sgt', out: sgt })).toMatchObject({ written: 4 });
    first.close();
    const second = line();
    expect(importPicks(second, sgt)).toMatchObject({ matched: 4, unmatched: [] });
    expect(verticals(second).map((p) => p.component)).toEqual(['Z', 'Z', 'Z', 'Z']);
    second.close();
  });

  it('exports CSV with status, accepted only unless asked, and reports picks without positions', () => {
    const project = refrapyProject();
    const store = new PickStore(project.db);
    const traces = (
      project.db.prepare('SELECT id FROM traces ORDER BY id LIMIT 3').all() as {
        id: number;
      }[]
    ).map((r) => r.id);
    store.writeRun({
      traceIds: traces,
      phases: ['P'],
      picks: traces.map((traceId) => ({
        traceId,
        phase: 'P' as const,
        time: 0.02,
        probability: 0.8,
      })),
      origin: 'auto',
      method: 'phasenet',
      modelId: null,
    });
    store.setManual({ traceId: traces[0]!, phase: 'S', time: 0.04 });
    const out = path.join(tmpDir(), 'picks.csv');
    expect(exportPicks(project, { format: 'csv', out })).toMatchObject({ written: 1 });
    const accepted = readPicksCsv(fs.readFileSync(out, 'utf8'), out);
    expect(accepted).toMatchObject([
      { file: '2001.dat', trace: 0, phase: 'S', time: 0.04, status: 'accepted', offsetM: 20 },
    ]);
    expect(exportPicks(project, { format: 'csv', out, status: 'all' }).written).toBe(4);

    project.db.prepare('UPDATE traces SET receiver_x = NULL WHERE id = ?').run(traces[0]);
    const sgt = exportPicks(project, {
      format: 'sgt',
      out: path.join(tmpDir(), 'x.sgt'),
      status: 'all',
    });
    expect(sgt.written).toBe(2);
    expect(sgt.skipped).toEqual([
      { reason: 'the shot or the trace has no position (import a geometry file)', count: 1 },
    ]);
    project.close();
  });

  it('reports picks that match no trace, and names an unknown format', () => {
    const project = refrapyProject();
    const dir = tmpDir();
    const json = path.join(dir, 'far.json');
    fs.writeFileSync(
      json,
      JSON.stringify({
        format: 'pickline-picks',
        version: 1,
        units: { length: 'm', time: 's' },
        picks: [
          {
            phase: 'P',
            source: { x: 500, y: 0, z: 0 },
            receiver: { x: 0, y: 0, z: 0 },
            time_s: 0.1,
          },
        ],
      }),
    );
    expect(importPicks(project, json)).toMatchObject({
      read: 1,
      matched: 0,
      unmatched: [
        { reason: 'no trace with that source and receiver position (within 0.01 m)', count: 1 },
      ],
    });
    expect(() => importPicks(project, path.join(dir, 'picks.txt'))).toThrow(
      /picks\.txt: cannot tell the pick format from the name/,
    );
    project.close();
  });
});
