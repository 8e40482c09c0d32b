import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PickStore } from '../../../src-main/catalogue/pick-store';
import { Project } from '../../../src-main/catalogue/project';
import { importFiles } from '../../../src-main/services/import-service';
import { importPicks } from '../../../src-main/services/pick-exchange';
import { runQc } from '../../../src-main/services/qc-service';
import { runPickline } from '../../helpers/cli';
import { sharedData } from '../../helpers/shared-data';
import { tmpDir } from '../../helpers/tmp';

const DATA = sharedData('refraction/refrapy-ex01/data');
const SGT = sharedData('refraction/refrapy-ex01/picks/field_example_01.sgt');

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
    expect(runQc(project, { phase: 'P' }).reciprocity.count).toBe(0);
    // Apparent velocities of a near-surface line: slow top, faster refractors.
    const velocities = report.shots.flatMap((s) => s.apparentVelocities.map((v) => v.velocity));
    expect(Math.min(...velocities)).toBeGreaterThan(200);
    expect(Math.max(...velocities)).toBeLessThan(4000);
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

  it('prints the report from `pickline qc`', async () => {
    const project = refrapyWithManualPicks();
    project.close();
    const res = await runPickline('qc', '--project', project.dir, '--reciprocity-tolerance', '4');
    expect(res.code).toBe(0);
    expect(res.out).toMatch(/^P picks: 120, flagged: \d+, with a corrected time: \d+/);
    expect(res.out).toMatch(/reciprocity: 3 pairs, median \|dt\| 0\.\d\d ms/);
    const json = JSON.parse((await runPickline('qc', '--project', project.dir, '--json')).out);
    expect(json).toMatchObject({ phase: 'P', picks: 120 });
  });
});
