import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultModel, findModel } from '../../../src-main/catalogue/models';
import { readCard } from '../../../src-main/picking/model-dir';
import { Project } from '../../../src-main/catalogue/project';
import { importFiles } from '../../../src-main/services/import-service';
import { importPicks } from '../../../src-main/services/pick-exchange';
import { teachProject } from '../../../src-main/services/teach-service';
import { RESOURCES } from '../../helpers/built';
import { runPickline } from '../../helpers/cli';
import { FORMIKOJ } from '../../helpers/formikoj';
import { tmpDir } from '../../helpers/tmp';

/**
 * "Teach this line" on real traces: two formikoj shots (tests/data/refraction/formikoj-soda-lakes-excerpts) with
 * the analyst's picks imported (accepted). Teaching one shot fine-tunes the bundled model on
 * its picks, makes the result the default, and re-proposes the other shot; no person's pick
 * changes. The training is a token one here (one epoch of two batches): what teaching gains
 * on real lines is measured in docs/field-accuracy.md, not in a unit test.
 */
const BUNDLED = path.join(RESOURCES, 'models/near-surface');
const TOKEN = { epochs: 1, steps: 2 };

function line(picks = path.join(FORMIKOJ, 'picks.csv'), lineType?: 'S'): Project {
  const project = Project.create(path.join(tmpDir(), 'line'));
  importFiles(
    project,
    ['shot-1070.sg2', 'shot-1100.sg2'].map((f) => path.join(FORMIKOJ, f)),
    lineType ? { lineType } : {},
  );
  importPicks(project, picks, { format: 'csv' });
  return project;
}

const personsPicks = (project: Project) =>
  project.db
    .prepare("SELECT id, trace_id, time, status FROM picks WHERE origin = 'imported' ORDER BY id")
    .all();

describe('teach this line', () => {
  it('fine-tunes on a picked gather, makes it the default and re-proposes the other shots', async () => {
    const project = line();
    const before = personsPicks(project);
    const report = await teachProject(project, {
      shotIds: [1],
      bundledModel: BUNDLED,
      ...TOKEN,
    });
    expect(report).toMatchObject({
      base: { name: 'near-surface' },
      model: { name: 'near-surface-taught-1' },
      taughtShots: ['1070'],
    });
    // 24 traces, two of them dead with the analyst's picks on them: 22 receivers to learn from.
    expect(report.taughtReceivers).toBe(22);
    expect(report.before.references).toBe(22);
    expect(report.after.references).toBe(22);
    expect(report.before.median).not.toBeNull();
    expect(defaultModel(project)!.name).toBe('near-surface-taught-1');
    expect(report.repicked).toMatchObject({ shots: 1, model: { name: 'near-surface-taught-1' } });
    const proposals = project.db
      .prepare(
        `SELECT COUNT(*) AS n FROM picks p JOIN traces t ON t.id = p.trace_id
         WHERE t.shot_id = 2 AND p.origin = 'auto' AND p.model_id = ?`,
      )
      .get(report.model.id) as { n: number };
    expect(proposals.n).toBeGreaterThan(10);
    // Nothing a person decided has changed.
    expect(personsPicks(project)).toEqual(before);
    // Teaching again names the next model.
    const again = await teachProject(project, { shotIds: [1], repick: false, ...TOKEN });
    expect(again.model.name).toBe('near-surface-taught-2');
    expect(again.repicked).toBeNull();
    project.close();
  });

  it("teaches an S line's model on its S picks, and leaves the P lines' default alone", async () => {
    // The analyst's first breaks given as S on a line said to be an S line: the mechanics of
    // teaching an S line (what it gains is a matter for real S lines, none of which is here).
    const sPicks = path.join(tmpDir(), 's-picks.csv');
    const csv = fs.readFileSync(path.join(FORMIKOJ, 'picks.csv'), 'utf8');
    fs.writeFileSync(sPicks, csv.replace(/,P,/g, ',S,'));
    const project = line(sPicks, 'S');
    const report = await teachProject(project, { shotIds: [1], bundledModel: BUNDLED, ...TOKEN });
    expect(report).toMatchObject({
      base: { name: 'near-surface-sh' },
      model: { name: 'near-surface-sh-taught-1' },
    });
    expect(report.before.references).toBe(22);
    const taught = findModel(project, 'near-surface-sh-taught-1')!;
    expect(readCard(taught.dir).lineTypes).toEqual(['S']);
    // Not the project's default (that is its P lines' model); its S lines find it by its card.
    expect(defaultModel(project)?.name).not.toBe('near-surface-sh-taught-1');
    expect(report.repicked).toMatchObject({
      shots: 1,
      picks: { P: 0 },
      model: { name: 'near-surface-sh-taught-1' },
    });
    expect(report.repicked!.picks.S).toBeGreaterThan(10);

    // A P line's model is not taught on an S line, nor two kinds of line at once.
    await expect(
      teachProject(project, { shotIds: [1], model: 'near-surface', ...TOKEN }),
    ).rejects.toThrow(/near-surface is not made for S lines/);
    project.db.prepare("UPDATE shots SET line_type = 'P' WHERE id = 2").run();
    await expect(teachProject(project, { shotIds: [1, 2], ...TOKEN })).rejects.toThrow(
      /on a P line and an S line: teach one line at a time/,
    );
    project.close();
  });

  it('says why it cannot teach: no picks on the gather, too few, or no such model', async () => {
    const none = path.join(tmpDir(), 'none.csv');
    fs.writeFileSync(none, 'file,trace,phase,time_s\n');
    const empty = line(none);
    await expect(
      teachProject(empty, { shotIds: [1], bundledModel: BUNDLED, ...TOKEN }),
    ).rejects.toThrow(/shot 1070 of .* has no manual or accepted picks to teach from/);
    // A model is named as picking names it (services/project-model.ts).
    await expect(teachProject(empty, { shotIds: [1], model: 'nope', ...TOKEN })).rejects.toThrow(
      `no model named "nope" is registered in ${empty.dir}`,
    );
    empty.close();

    const few = path.join(tmpDir(), 'few.csv');
    const rows = fs.readFileSync(path.join(FORMIKOJ, 'picks.csv'), 'utf8').split('\n');
    // Three picks on live channels (the header, then traces 3-5: 59 and 60 are dead).
    fs.writeFileSync(few, [rows[0], ...rows.slice(4, 7), ''].join('\n'));
    const sparse = line(few);
    await expect(
      teachProject(sparse, { shotIds: [1], bundledModel: BUNDLED, ...TOKEN }),
    ).rejects.toThrow(/3 picked receivers, teaching needs at least 10/);
    // Nothing was registered.
    expect(sparse.db.prepare('SELECT COUNT(*) AS n FROM models').get()).toEqual({ n: 1 });
    sparse.close();
  });

  it('runs from the command line by record id', async () => {
    const project = line();
    const dir = project.dir;
    project.close();
    const { code, out } = await runPickline(
      'teach',
      '--project',
      dir,
      '--shots',
      '1070',
      '--epochs',
      '1',
      '--steps',
      '2',
      '--no-repick',
    );
    expect(code).toBe(0);
    expect(out).toMatch(/taught near-surface-taught-1 on 22 receivers of shot 1070/);
    expect(out).toMatch(/before: near-surface: median [+-]\d/);
    const bad = await runPickline('teach', '--project', dir, '--shots', '9999');
    expect(bad.code).not.toBe(0);
    expect(bad.err).toMatch(/no shot "9999" .* to teach from/);
  });
});
