import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PickStore } from '../../../src-main/catalogue/pick-store';
import { Project } from '../../../src-main/catalogue/project';
import { importFiles } from '../../../src-main/services/import-service';
import { importPicks } from '../../../src-main/services/pick-exchange';
import {
  acceptCorrections,
  acceptShownCorrections,
  qcShot,
  runQc,
} from '../../../src-main/services/qc-service';
import { runPickline } from '../../helpers/cli';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';

const DATA = testData('refraction/refrapy-ex01/data');
const SGT = testData('refraction/refrapy-ex01/picks/field_example_01.sgt');

function refrapyWithManualPicks(): Project {
  const project = Project.create(path.join(tmpDir(), 'line'));
  importFiles(
    project,
    fs.readdirSync(DATA).map((f) => path.join(DATA, f)),
  );
  importPicks(project, SGT);
  return project;
}

describe('travel-time QC of a project', () => {
  it('flags few of the manual picks and reports reciprocity on the refrapy line', () => {
    const project = refrapyWithManualPicks();
    const report = runQc(project, { phase: 'P', reciprocityTolerance: 4 });
    expect(report.picks).toBe(120);
    expect(report.shots.map((s) => s.picks)).toEqual([24, 24, 24, 24, 24]);
    // A careful analyst's picks: under 10 % off their gather's robust fit.
    expect(report.flagged).toBeGreaterThan(0);
    expect(report.flagged).toBeLessThan(12);
    // Shots sit between receivers, so pairs exist only reading up to one spacing (4 m) away.
    expect(report.reciprocity).toMatchObject({ count: 3, flagged: 1 });
    expect(report.reciprocity.medianAbs!).toBeGreaterThan(0.0003);
    expect(report.reciprocity.medianAbs!).toBeLessThan(0.001);
    expect(runQc(project, { phase: 'P', reciprocityTolerance: 0.5 }).reciprocity.count).toBe(0);
    // By default the tolerance is the line's receiver spacing: the same three pairs, each
    // time read between the two receivers around a shot or past the end of the spread.
    const byDefault = runQc(project, { phase: 'P' }).reciprocity;
    expect(byDefault.positionTolerance).toBe(4);
    expect(byDefault.pairs.map((p) => [p.a, p.b])).toEqual([
      [-4, 46],
      [-4, 96],
      [46, 96],
    ]);
    const [first] = byDefault.pairs;
    // Shot −4 read at 46 m between receivers 44 and 48; shot 46 at −4 m past receiver 0.
    expect(first!.forward).toMatchObject({ how: 'interpolated' });
    expect([...first!.forward.receivers].sort((a, b) => a - b)).toEqual([44, 48]);
    expect(first!.reverse).toMatchObject({ how: 'extrapolated', receivers: [0, 4] });
    expect(first!.difference).toBeCloseTo(first!.forward.time - first!.reverse.time, 12);
    // Apparent velocities of a near-surface line: slow top, faster refractors.
    const velocities = report.shots.flatMap((s) => s.apparentVelocities.map((v) => v.velocity));
    expect(Math.min(...velocities)).toBeGreaterThan(200);
    expect(Math.max(...velocities)).toBeLessThan(4000);
    project.close();
  });

  it('previews one shot’s corrections for the gather and accepts only those shown, per pick', () => {
    const project = refrapyWithManualPicks();
    const store = new PickStore(project.db);
    const victim = store.ofShot(1)[18]!;
    project.db.prepare('UPDATE picks SET time = time + 0.006 WHERE id = ?').run(victim.id);
    const before = project.db.prepare('SELECT COUNT(*) AS n FROM picks').get();

    const preview = qcShot(project, { phase: 'P', shotId: 1 })!;
    expect(preview.recordId).toBe('2001');
    expect(preview.picks).toBe(24);
    const item = preview.items.find((i) => i.pickId === victim.id)!;
    expect(item.flags).toContain('residual');
    // A preview stores nothing.
    expect(project.db.prepare('SELECT COUNT(*) AS n FROM picks').get()).toEqual(before);
    expect(qcShot(project, { phase: 'S', shotId: 1 })).toBeNull();

    // A time that is not the one shown (stale, or made up) is refused, nothing written.
    expect(() =>
      acceptShownCorrections(project, {
        phase: 'P',
        shotId: 1,
        corrections: [{ traceId: victim.traceId, time: item.corrected! + 0.002 }],
      }),
    ).toThrow(/not the one shown/);
    const accepted = acceptShownCorrections(project, {
      phase: 'P',
      shotId: 1,
      corrections: [{ traceId: victim.traceId, time: item.corrected! }],
    });
    expect(accepted).toMatchObject({ accepted: 1, rejected: 1 });
    const live = store.ofShot(1).filter((p) => p.traceId === victim.traceId);
    expect(live.find((p) => p.origin === 'pseudo')).toMatchObject({
      status: 'accepted',
      time: item.corrected,
    });
    expect(live.find((p) => p.id === victim.id)!.status).toBe('rejected');
    // The other flagged picks of the gather were not touched, and one undo restores all.
    expect(store.ofShot(1).filter((p) => p.status === 'rejected')).toHaveLength(1);
    store.undo();
    expect(store.ofShot(1).find((p) => p.id === victim.id)!.status).toBe('accepted');
    expect(store.ofShot(1).some((p) => p.origin === 'pseudo')).toBe(false);
    project.close();
  });

  it('finds a displaced pick, and --correct stores its correction beside it as pseudo', () => {
    const project = refrapyWithManualPicks();
    const store = new PickStore(project.db);
    // Move one manual pick of shot 2001 (far offset, a clean first break) 6 ms late.
    const victim = store.ofShot(1)[18]!;
    project.db.prepare('UPDATE picks SET time = time + 0.006 WHERE id = ?').run(victim.id);

    const report = runQc(project, { phase: 'P', correct: true });
    const item = report.shots[0]!.items.find((i) => i.pickId === victim.id)!;
    expect(item.flags).toContain('residual');
    expect(Math.abs(item.corrected! - victim.time)).toBeLessThan(0.001);
    expect(report.storedPseudo).toBe(report.corrected);
    const pseudo = project.db
      .prepare(`SELECT time FROM picks WHERE origin = 'pseudo' AND trace_id = ? AND deleted = 0`)
      .get(victim.traceId) as { time: number };
    expect(pseudo.time).toBeCloseTo(item.corrected!, 9);
    // The original stays; running QC again replaces the pseudo proposals, not doubles them.
    expect(store.ofShot(1).find((p) => p.id === victim.id)).toBeDefined();
    runQc(project, { phase: 'P', correct: true });
    const count = project.db
      .prepare(`SELECT COUNT(*) AS n FROM picks WHERE origin = 'pseudo' AND deleted = 0`)
      .get() as { n: number };
    expect(count.n).toBe(report.storedPseudo);
    project.close();
  });

  it("accepting a shot's corrections rejects what they replace, keeps people's picks, undoes as one", () => {
    const project = refrapyWithManualPicks();
    // The network's picks as proposals: the analyst's picks turned into auto proposals.
    project.db.prepare(`UPDATE picks SET origin = 'auto', status = 'proposed'`).run();
    const store = new PickStore(project.db);
    const shot1 = store.ofShot(1);
    const victim = shot1[18]!;
    project.db.prepare('UPDATE picks SET time = time + 0.006 WHERE id = ?').run(victim.id);
    // A person's pick 8 ms off the fit: QC proposes a correction, accepting must not apply it.
    const other = shot1[21]!;
    const personal = store.setManual({
      traceId: other.traceId,
      phase: 'P',
      time: other.time + 0.008,
    });

    const report = runQc(project, { phase: 'P', correct: true });
    const inShot1 = report.shots
      .find((s) => s.shotId === 1)!
      .items.filter((i) => i.corrected !== null);
    expect(inShot1.map((i) => i.pickId)).toEqual(expect.arrayContaining([victim.id, personal.id]));

    const result = acceptCorrections(project, { phase: 'P', shotId: 1 });
    expect(result).toMatchObject({ accepted: inShot1.length - 1, kept: 1 });
    expect(result.rejected).toBe(inShot1.length - 1);
    const live = store.ofShot(1);
    const onVictim = live.filter((p) => p.traceId === victim.traceId);
    expect(onVictim.find((p) => p.origin === 'pseudo')).toMatchObject({ status: 'accepted' });
    expect(onVictim.find((p) => p.id === victim.id)).toMatchObject({ status: 'rejected' });
    expect(live.find((p) => p.id === personal.id)).toMatchObject({
      origin: 'manual',
      status: 'accepted',
      time: personal.time,
    });
    expect(live.find((p) => p.traceId === other.traceId && p.origin === 'pseudo')?.status).toBe(
      'proposed',
    );
    // Other shots' corrections are still proposals.
    const elsewhere = project.db
      .prepare(
        `SELECT COUNT(*) AS n FROM picks p JOIN traces t ON p.trace_id = t.id
         WHERE p.origin = 'pseudo' AND p.status = 'proposed' AND p.deleted = 0 AND t.shot_id != 1`,
      )
      .get() as { n: number };
    expect(elsewhere.n).toBe(report.corrected - inShot1.length);
    // One undo puts every status back.
    expect(store.undo().editGroup).toBe(result.editGroup);
    expect(store.ofShot(1).find((p) => p.id === victim.id)!.status).toBe('proposed');
    expect(
      store
        .ofShot(1)
        .filter((p) => p.origin === 'pseudo')
        .every((p) => p.status === 'proposed'),
    ).toBe(true);
    project.close();
  });

  it("doubts a shot whose headers put its source away from its first breaks' apex", async () => {
    const project = refrapyWithManualPicks();
    expect(runQc(project, { phase: 'P' }).shots.map((s) => s.sourceDoubt)).toEqual(
      Array(5).fill(null),
    );
    // The mid-spread shot (46 m) given the first shot's position, as mixed-up geometry files
    // would: its first breaks are still earliest mid-spread, 50 m from where it now is.
    const mid = project.db.prepare('SELECT id, record_id FROM shots WHERE source_x = 46').get() as {
      id: number;
      record_id: string;
    };
    project.db.prepare('UPDATE shots SET source_x = -4 WHERE id = ?').run(mid.id);
    const shots = runQc(project, { phase: 'P' }).shots;
    expect(shots.filter((s) => s.sourceDoubt).map((s) => s.shotId)).toEqual([mid.id]);
    const doubt = shots.find((s) => s.shotId === mid.id)!.sourceDoubt!;
    expect([44, 48]).toContain(doubt.apex.x);
    expect(doubt.distance).toBe(doubt.apex.x + 4);
    // The receiver nearest -4 m (0 m) is tens of ms later than the apex.
    expect(doubt.earlier).toBeGreaterThan(0.02);
    project.close();
    const res = await runPickline('qc', '--project', project.dir);
    expect(res.out).toContain(`  shot ${mid.record_id}: 24 picks`);
    expect(res.out).toMatch(
      new RegExp(
        `\\n    geometry: the first breaks are earliest at the receiver at x ${doubt.apex.x} m, ` +
          `${doubt.distance} m from the source the headers give, \\d+\\.\\d ms before the ` +
          'receiver nearest it: check the source position\\n',
      ),
    );
  });

  it('prints the report from `pickline qc`', async () => {
    const project = refrapyWithManualPicks();
    project.close();
    const res = await runPickline('qc', '--project', project.dir, '--reciprocity-tolerance', '4');
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/^P picks: 120, flagged: \d+, with a corrected time: \d+/);
    expect(res.out).toMatch(/reciprocity: 3 pairs, median \|dt\| 0\.\d\d ms/);
    const json = JSON.parse((await runPickline('qc', '--project', project.dir, '--json')).out);
    expect(json).toMatchObject({ phase: 'P', picks: 120 });

    // Corrections stored and accepted: the analyst's (imported, accepted) picks all stay.
    const accepted = await runPickline(
      'qc',
      '--project',
      project.dir,
      '--correct',
      '--accept-corrections',
    );
    expect(accepted.code).toBe(0);
    expect(accepted.out).toMatch(
      /accepted 0 corrections, .*; [1-9]\d* left as proposals beside manual or accepted picks$/,
    );
    const oneShot = await runPickline(
      'qc',
      '--project',
      project.dir,
      '--accept-corrections',
      '--shot',
      '2001',
      '--json',
    );
    expect(JSON.parse(oneShot.out).accepted).toMatchObject({ accepted: 0, rejected: 0 });
    const unknown = await runPickline(
      'qc',
      '--project',
      project.dir,
      '--accept-corrections',
      '--shot',
      'nope',
    );
    expect(unknown.code).toBe(1);
    expect(unknown.err).toMatch(/--shot nope: no shot with that record id/);
  });
});
