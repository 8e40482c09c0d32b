import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Project } from '../../../src-main/catalogue/project';
import { listShots } from '../../../src-main/catalogue/queries';
import { SurveyService } from '../../../src-main/services/survey-service';
import { runPickline as run } from '../../helpers/cli';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';

const DATA = testData('refraction/refrapy-ex01/data');

/** Live picks per shot and origin, with the shots' line types. */
function state(dir: string) {
  const project = Project.open(dir);
  try {
    const picks = project.db
      .prepare(
        `SELECT t.shot_id AS shot, p.origin, p.status, COUNT(*) AS n FROM picks p
         JOIN traces t ON p.trace_id = t.id WHERE p.deleted = 0
         GROUP BY t.shot_id, p.origin, p.status ORDER BY t.shot_id, p.origin, p.status`,
      )
      .all() as { shot: number; origin: string; status: string; n: number }[];
    const lineTypes = listShots(project.db).map((s) => s.lineType);
    return { picks, lineTypes };
  } finally {
    project.close();
  }
}

describe('pickline shots', () => {
  it('changes the line type of shots after import: proposals go, a person’s pick stays', async () => {
    const dir = path.join(tmpDir(), 'line');
    await run('init', dir);
    await run('import', '--project', dir, ...fs.readdirSync(DATA).map((f) => path.join(DATA, f)));
    expect((await run('pick', '--project', dir, '--method', 'stalta-aic')).code).toBe(0);
    const project = Project.open(dir);
    const trace = project.db
      .prepare('SELECT id FROM traces WHERE shot_id = 1 ORDER BY trace_index LIMIT 1')
      .get() as { id: number };
    new SurveyService(() => project).setManual({ traceId: trace.id, phase: 'P', time: 0.02 });
    project.close();
    const before = state(dir);
    expect(before.lineTypes).toEqual(['P', 'P', 'P', 'P', 'P']);
    const proposals = (shot: number, s = before) =>
      s.picks.find((p) => p.shot === shot && p.origin === 'auto' && p.status === 'proposed')?.n ??
      0;
    expect(proposals(1)).toBeGreaterThan(10);
    expect(proposals(2)).toBeGreaterThan(10);

    const listed = await run('shots', '--project', dir);
    expect(listed.out.split('\n')[0]).toMatch(
      /^record 2001 {5}P {2}line {4}24 traces {2}P \d+, S 0 picks {2}2001\.dat \(shot id 1\)$/,
    );

    const toS = await run(
      'shots',
      '--project',
      dir,
      '--set-line-type',
      'S',
      '--shots',
      '2001,2002',
      '--json',
    );
    expect(toS.code).toBe(0);
    expect(JSON.parse(toS.out)).toEqual({
      lineType: 'S',
      changed: 2,
      shotIds: [1, 2],
      recordIds: ['2001', '2002'],
      proposalsRemoved: proposals(1) + proposals(2),
    });
    const asS = state(dir);
    expect(asS.lineTypes).toEqual(['S', 'S', 'P', 'P', 'P']);
    expect(proposals(1, asS)).toBe(0);
    expect(proposals(2, asS)).toBe(0);
    expect(proposals(3, asS)).toBe(proposals(3));
    const manual = asS.picks.filter((p) => p.origin === 'manual');
    expect(manual).toEqual([{ shot: 1, origin: 'manual', status: 'accepted', n: 1 }]);

    const toP = await run('shots', '--project', dir, '--set-line-type', 'P', '--shots', 'all');
    expect(toP).toMatchObject({
      code: 0,
      out: '2 shots now P line: 2001, 2002; 0 proposals removed (manual and accepted picks kept)',
    });
    const back = state(dir);
    expect(back.lineTypes).toEqual(['P', 'P', 'P', 'P', 'P']);
    expect(back.picks.filter((p) => p.origin === 'manual')).toEqual(manual);
    const again = await run('shots', '--project', dir, '--set-line-type', 'P', '--shots', '2003');
    expect(again.out).toBe('the shots were already P line: nothing changed');
  });

  it('refuses unknown shots and types, changing nothing', async () => {
    const dir = path.join(tmpDir(), 'line');
    await run('init', dir);
    await run('import', '--project', dir, path.join(DATA, '2001.dat'));
    const unknown = await run(
      'shots',
      '--project',
      dir,
      '--set-line-type',
      'S',
      '--shots',
      '2001,2099',
    );
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain(`no shot "2099" in ${dir} to set the line type of`);
    expect(state(dir).lineTypes).toEqual(['P']);
    const type = await run('shots', '--project', dir, '--set-line-type', 'SH', '--shots', 'all');
    expect(type.code).toBe(2);
    expect(type.err).toMatch(/--set-line-type must be P\|S\|3C, got SH/);
    const noShots = await run('shots', '--project', dir, '--set-line-type', 'S');
    expect(noShots.code).toBe(2);
    expect(noShots.err).toMatch(/--set-line-type needs --shots/);
    expect(state(dir).lineTypes).toEqual(['P']);
  });
});
