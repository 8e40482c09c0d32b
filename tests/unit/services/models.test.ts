import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Input, MethodName, Output } from '../../../src-main/api/contract';
import { dispatch } from '../../../src-main/api/dispatch';
import { ApiError } from '../../../src-main/api/errors';
import {
  evaluationsOf,
  findModel,
  listModels,
  registerModel,
  setDefaultModel,
} from '../../../src-main/catalogue/models';
import { PickStore } from '../../../src-main/catalogue/pick-store';
import { Project } from '../../../src-main/catalogue/project';
import { ensureBackend } from '../../../src-main/ml/backend';
import type { Services } from '../../../src-main/services';
import { bundledModel } from '../../../src-main/services/bundled-models';
import { importFiles } from '../../../src-main/services/import-service';
import { evaluateModel } from '../../../src-main/services/model-evaluation';
import {
  deleteRegisteredModel,
  renameRegisteredModel,
} from '../../../src-main/services/model-service';
import { importPicks } from '../../../src-main/services/pick-exchange';
import { pickProject } from '../../../src-main/services/picking-service';
import type { TrainRunResult } from '../../../src-main/training/train-run';
import { DEFAULT_SYNTH_OPTIONS } from '../../../src-main/training/synth/options';
import { simulateSurvey } from '../../../src-main/training/synth/survey';
import { shotSeg2, truthRows } from '../../../src-main/training/synth/survey-output';
import { RESOURCES, requireBuild } from '../../helpers/built';
import { testServices } from '../../helpers/services';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';
import { smallModel } from '../picking/small-model';

const DATA = testData('refraction/refrapy-ex01/data');
const BUNDLED = bundledModel(RESOURCES);
let project: Project;

/** The error a service call throws, for its code and message. */
function refusal(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

beforeEach(() => {
  project = Project.create(path.join(tmpDir(), 'line'), 'Refrapy line');
  importFiles(
    project,
    fs.readdirSync(DATA).map((f) => path.join(DATA, f)),
  );
});
afterEach(() => project.close());

describe('renaming and deleting models', () => {
  it('renames, keeping names unique and the same weights one model', () => {
    const bundled = registerModel(project, BUNDLED, { makeDefault: true });
    expect(renameRegisteredModel(project, bundled.id, 'near-surface v1')).toMatchObject({
      id: bundled.id,
      name: 'near-surface v1',
      isDefault: true,
    });
    // Registering the same folder again finds it by its weights, under its new name.
    expect(registerModel(project, BUNDLED).id).toBe(bundled.id);
    expect(listModels(project).map((m) => m.name)).toEqual(['near-surface v1']);

    const { dir } = smallModel(['Z'], { window: 512, sampleRate: 8000 });
    const small = registerModel(project, dir);
    const taken = refusal(() => renameRegisteredModel(project, small.id, 'near-surface v1'));
    expect(taken.code).toBe('conflict');
    expect(taken.message).toBe(
      'a model named "near-surface v1" is already registered: choose another name',
    );
    expect(refusal(() => renameRegisteredModel(project, 99, 'x')).code).toBe('not-found');
    expect(findModel(project, small.id)!.name).toBe('small');
  });

  it('refuses the default, the bundled model and models that made picks, and deletes the rest', async () => {
    await ensureBackend();
    const bundled = registerModel(project, BUNDLED, { makeDefault: true });
    const defaultRefused = refusal(() => deleteRegisteredModel(project, bundled.id, BUNDLED));
    expect(defaultRefused.message).toMatch(/^"near-surface" is the default model: make another/);

    const { dir } = smallModel(['Z'], { window: 512, sampleRate: 8000 });
    const picker = registerModel(project, dir, { makeDefault: true });
    // No longer the default, but still the bundled model, whatever it is called.
    renameRegisteredModel(project, bundled.id, 'shipped');
    const bundledRefused = refusal(() => deleteRegisteredModel(project, bundled.id, BUNDLED));
    expect(bundledRefused.message).toMatch(/^"shipped" is the model shipped with Pickline/);

    renameRegisteredModel(project, picker.id, 'picker');
    await pickProject(project, { method: 'phasenet', model: { name: 'picker' }, shotIds: [1] });
    setDefaultModel(project, bundled.id);
    const picks = (
      project.db.prepare('SELECT COUNT(*) AS n FROM picks WHERE model_id = ?').get(picker.id) as {
        n: number;
      }
    ).n;
    expect(picks).toBeGreaterThan(0);
    // Deleted picks still count: undo can bring them back.
    project.db.prepare('UPDATE picks SET deleted = 1').run();
    const referenced = refusal(() => deleteRegisteredModel(project, picker.id, BUNDLED));
    expect(referenced.code).toBe('conflict');
    expect(referenced.message).toBe(
      `"picker" made ${picks} picks in this project (live or in the undo history), which must keep naming their model: it cannot be deleted, rename it instead`,
    );

    const unused = registerModel(
      project,
      smallModel(['Z'], { architecture: { filters: [4, 4, 4] } }).dir,
    );
    project.db
      .prepare(
        `INSERT INTO training_runs (model_id, config, state, started_at) VALUES (?, '{}', 'done', 't')`,
      )
      .run(unused.id);
    expect(deleteRegisteredModel(project, unused.id, BUNDLED)).toEqual({
      id: unused.id,
      name: 'small',
    });
    expect(findModel(project, unused.id)).toBeNull();
    expect(fs.existsSync(unused.dir)).toBe(false);
    // The run that made it keeps its record.
    expect(project.db.prepare('SELECT model_id FROM training_runs').get()).toEqual({
      model_id: null,
    });
    expect(listModels(project).map((m) => m.name)).toEqual(['shipped', 'picker']);
    expect(fs.existsSync(picker.dir)).toBe(true);
  });
});

describe('evaluating a model on the project', () => {
  it('scores the bundled model on the line’s manual picks and stores the report by tolerance', async () => {
    const bundled = registerModel(project, BUNDLED, { makeDefault: true });
    await expect(evaluateModel(project, { model: bundled.id, tolerance: 0.005 })).rejects.toThrow(
      /has no reference picks to score against/,
    );
    // refrapy-ex01's 120 manual P picks, imported (accepted).
    importPicks(project, testData('refraction/refrapy-ex01/picks/field_example_01.sgt'));
    const picksBefore = project.db.prepare('SELECT COUNT(*) AS n FROM picks').get();

    const messages: string[] = [];
    const report = await evaluateModel(
      project,
      { model: bundled.id, tolerance: 0.005 },
      { progress: (_, m) => messages.push(m) },
    );
    expect(messages[0]).toMatch(/^near-surface picks shot \S+ \(1\/5\)$/);
    expect(report.dataset).toEqual({
      project: 'Refrapy line',
      shots: 5,
      reference: [{ phase: 'P', manual: 0, accepted: 0, imported: 120 }],
      trainedOnProject: false,
    });
    expect(report.phases.map((p) => p.phase)).toEqual(['P']);
    const p = report.phases[0]!;
    expect(p.labels).toBe(120);
    // One pick per trace at most (peak mode max), only on referenced traces.
    expect(p.picks).toBeLessThanOrEqual(120);
    expect(p.tp + p.fn).toBe(120);
    expect(p.precision).toBeCloseTo(p.tp / p.picks, 12);
    expect(p.withinMs.map((w) => w.limit)).toEqual([1, 2, 5, 10]);
    // The model card: 93.3 % of these picks within 2 ms, picked gather by gather (the bundled
    // model was trained on this line).
    const within2 = p.withinMs[1]!.share!;
    expect(within2).toBeGreaterThan(0.85);
    expect(within2).toBeLessThan(0.98);
    expect(p.withinMs[0]!.share!).toBeLessThanOrEqual(within2);
    // The histogram holds the true positives, across ±tolerance.
    expect(p.histogram.start).toBe(-0.005);
    expect(p.histogram.binWidth).toBeCloseTo(0.0005, 12);
    expect(p.histogram.counts).toHaveLength(20);
    expect(p.histogram.counts.reduce((a, b) => a + b, 0)).toBe(p.tp);
    // Evaluating writes no picks.
    expect(project.db.prepare('SELECT COUNT(*) AS n FROM picks').get()).toEqual(picksBefore);

    // Stored with the model; another tolerance adds a report, the same one replaces it.
    expect(evaluationsOf(findModel(project, bundled.id)!)).toEqual([report]);
    const strict = await evaluateModel(project, { model: bundled.id, tolerance: 0.002 });
    // At 2 ms a true positive is nearer than 2 ms: between the 1 ms and the 2 ms shares.
    expect(strict.phases[0]!.tp).toBeLessThanOrEqual(p.withinMs[1]!.count);
    expect(strict.phases[0]!.tp).toBeGreaterThanOrEqual(p.withinMs[0]!.count);
    const again = await evaluateModel(project, { model: bundled.id, tolerance: 0.005 });
    const stored = evaluationsOf(findModel(project, bundled.id)!);
    expect(stored.map((e) => [e.tolerance, e.at])).toEqual([
      [0.002, strict.at],
      [0.005, again.at],
    ]);
    expect(again.phases[0]!.tp).toBe(p.tp);
  }, 120_000);

  it('scores a 3-component receiver’s one set of picks against references on any component', async () => {
    // One simulated 3-component shot; its true P times stored on the inline (E) traces,
    // where the model, which picks a receiver on its first (Z) trace, never writes. Imports
    // and manual picks go on the Z trace now; a catalogue from before, or references left on
    // a vertical marked dead afterwards, still has them on another component.
    const survey = simulateSurvey(
      { ...DEFAULT_SYNTH_OPTIONS, shots: 1, channels: [24], components: 3, deadRate: 0 },
      3,
      0,
    );
    const shot = survey.shots[0]!;
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, shot.file), shotSeg2(survey, shot, 'float32'));
    const truth = truthRows(survey).filter((r) => r.phase === 'P' && r.trace % 3 === 1);
    const line = Project.create(path.join(dir, 'line'), '3-component line');
    try {
      importFiles(line, [path.join(dir, shot.file)]);
      const traceIds = (
        line.db.prepare('SELECT id FROM traces ORDER BY trace_index').all() as { id: number }[]
      ).map((t) => t.id);
      const references = truth.map((r) => ({
        traceId: traceIds[r.trace]!,
        phase: 'P' as const,
        time: r.time!,
      }));
      expect(new PickStore(line.db).writeImported(references, 'truth').written).toBe(24);
      const bundled = registerModel(line, BUNDLED, { makeDefault: true });
      const report = await evaluateModel(line, { model: bundled.id, tolerance: 0.005 });
      const p = report.phases[0]!;
      expect(p.labels).toBe(24);
      // The receivers' picks reach the references on their E traces.
      expect(p.picks).toBeGreaterThan(12);
      expect(p.tp).toBeGreaterThan(12);
    } finally {
      line.close();
    }
  }, 120_000);
});

describe('training and evaluating through the API', () => {
  let services: Services;
  const call = async <M extends MethodName>(method: M, input: Input<M>): Promise<Output<M>> => {
    const envelope = await dispatch(services.handlers, method, input);
    if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
    return envelope.value as Output<M>;
  };
  beforeEach(() => {
    requireBuild();
    services = testServices();
  });
  afterEach(() => services.close());

  it('fine-tunes on the project’s picks with epochs as data, registers the model and evaluates it', async () => {
    importPicks(project, testData('refraction/refrapy-ex01/picks/field_example_01.sgt'));
    const dir = project.dir;
    await call('project.open', { dir });
    const bundled = await call('models.register', { dir: BUNDLED, makeDefault: true });
    const tuning = {
      init: { model: bundled.id },
      name: 'line-tuned',
      epochs: 2,
      steps: 1,
      batch: 2,
      window: 256,
      freeze: 'encoder',
    } as const;
    await expect(call('training.startOnProject', { ...tuning, freeze: 'half' })).rejects.toThrow(
      /^invalid-input: freeze must be none, deepest:N/,
    );
    await expect(
      call('training.startOnProject', { ...tuning, init: 'scratch', load: 'all' }),
    ).rejects.toThrow(/^invalid-input: load: a training from scratch has no model/);
    await expect(
      call('training.startOnProject', { ...tuning, name: 'near-surface' }),
    ).rejects.toThrow(/^conflict: a model named "near-surface" is already registered/);

    const started = await call('training.startOnProject', tuning);
    const trained = await services.jobs.wait(started.id);
    expect(trained.error).toBeNull();
    expect(trained.state).toBe('done');
    const result = trained.result as TrainRunResult;
    // Every epoch is in the record as data, the same as the run's history.
    expect(trained.epochs.map((e) => [e.epoch, e.epochs, e.loss, e.valLoss])).toEqual(
      result.epochs.map((e) => [e.epoch, 2, e.loss, e.valLoss]),
    );
    expect(result.sources).toEqual([{ dir, kind: 'project', traces: 120 }]);
    expect(result.frozen.length).toBeGreaterThan(0);
    const models = await call('models.list', {});
    expect(models.map((m) => [m.name, m.isDefault, m.sampleRate])).toEqual([
      ['near-surface', true, 4000],
      ['line-tuned', false, 4000],
    ]);
    const tuned = models[1]!;
    expect(tuned.architecture).toMatch(/window 256$/);
    // A fine-tune validates nothing by itself: it keeps its starting model's phases.
    expect(models.map((m) => m.validatedPhases)).toEqual([['P'], ['P']]);

    const evaluating = await call('models.evaluate', { id: tuned.id });
    const evaluated = await services.jobs.wait(evaluating.id);
    expect(evaluated.state).toBe('done');
    const [evaluation] = (await call('models.list', {})).find(
      (m) => m.id === tuned.id,
    )!.evaluations;
    expect(evaluation).toEqual(evaluated.result);
    expect(evaluation!.tolerance).toBe(0.005);
    expect(evaluation!.phases[0]!.labels).toBe(120);
    // It learnt from these very picks, and the report says so.
    expect(evaluation!.dataset.trainedOnProject).toBe(true);
    await expect(call('models.evaluate', { id: 99 })).rejects.toThrow(/^not-found: no model/);

    expect(await call('models.rename', { id: tuned.id, name: 'line 7 v2' })).toMatchObject({
      name: 'line 7 v2',
      evaluations: [evaluation],
    });
    expect(await call('models.delete', { id: tuned.id })).toEqual({
      id: tuned.id,
      name: 'line 7 v2',
    });
    expect((await call('models.list', {})).map((m) => m.name)).toEqual(['near-surface']);
  }, 120_000);
});
