import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ModelEvaluation, ModelInfo } from '../../../src-main/api/contract';
import { RESOURCES } from '../../helpers/built';
import { runPickline as run } from '../../helpers/cli';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';

const REFRAPY = testData('refraction/refrapy-ex01/data');
const BUNDLED = path.join(RESOURCES, 'models', 'near-surface');

describe('pickline models', () => {
  it('evaluates a model on the project’s reference picks, renames it and refuses to delete it', async () => {
    const dir = path.join(tmpDir(), 'line');
    await run('init', dir, '--name', 'Line 7');
    await run(
      'import',
      '--project',
      dir,
      ...['2001.dat', '2005.dat'].map((f) => path.join(REFRAPY, f)),
    );
    await run(
      'import-picks',
      '--project',
      dir,
      testData('refraction/refrapy-ex01/picks/field_example_01.sgt'),
    );
    expect((await run('models', '--project', dir, '--add', BUNDLED)).out).toMatch(
      /^\* near-surface {2}\(/,
    );

    const text = await run(
      'models',
      '--project',
      dir,
      '--evaluate',
      'near-surface',
      '--tolerance',
      '0.002',
    );
    expect(text.code).toBe(0);
    expect(text.err).toMatch(/^near-surface picks shot \S+ \(1\/2\)/);
    const lines = text.out.split('\n');
    expect(lines[2]).toMatch(
      /^near-surface on Line 7 \(2 shots; reference P: 0 manual, 0 accepted, 48 imported\), tolerance 0\.002 s, in [\d.]+ s; stored with the model$/,
    );
    expect(lines[3]).toMatch(
      /^phase +labels +picks +TP +FP +FN +precision +recall +F1 +mean ms +MAE ms +≤1 ms +≤2 ms +≤5 ms +≤10 ms$/,
    );
    expect(lines[4]).toMatch(/^ +P +48 +\d+ +\d+/);

    const json = JSON.parse(
      (await run('models', '--project', dir, '--evaluate', 'near-surface', '--json')).out,
    ) as { models: ModelInfo[]; evaluation: ModelEvaluation };
    const p = json.evaluation.phases[0]!;
    expect(json.evaluation.tolerance).toBe(0.005);
    expect(p.labels).toBe(48);
    expect(p.tp + p.fn).toBe(48);
    expect(p.withinMs[1]!.share).toBeGreaterThan(0.6);
    // Both evaluations are stored with the model, by tolerance.
    const listed = JSON.parse((await run('models', '--project', dir, '--json')).out) as {
      name: string;
      metrics: { evaluations: ModelEvaluation[] };
    }[];
    expect(listed[0]!.metrics.evaluations.map((e) => e.tolerance)).toEqual([0.002, 0.005]);
    expect(listed[0]!.metrics.evaluations[1]).toEqual(json.evaluation);

    const renamed = await run(
      'models',
      '--project',
      dir,
      '--rename',
      'near-surface',
      '--to',
      'shipped',
    );
    expect(renamed.out).toMatch(/^\* shipped {2}\(/);
    const refused = await run('models', '--project', dir, '--delete', 'shipped');
    expect(refused.code).toBe(1);
    expect(refused.err).toBe(
      'pickline: "shipped" is the default model: make another model the default before deleting it',
    );
    expect(fs.existsSync(path.join(dir, 'models'))).toBe(true);
  }, 60_000);

  it('says which options go together', async () => {
    const dir = path.join(tmpDir(), 'line');
    await run('init', dir);
    const lone = await run('models', '--project', dir, '--rename', 'a');
    expect(lone.code).toBe(2);
    expect(lone.err).toMatch(/^pickline: --rename NAME and --to NEW_NAME go together/);
    const tolerance = await run('models', '--project', dir, '--tolerance', '0.01');
    expect(tolerance.code).toBe(2);
    expect(tolerance.err).toMatch(/--tolerance needs --evaluate NAME/);
    const missing = await run('models', '--project', dir, '--delete', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.err).toBe(`pickline: no model named "nope" in ${dir}`);
  });
});
