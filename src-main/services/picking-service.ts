import { JobParamsSchemas, type ProjectPickReport, type ShotProbabilities } from '../api/contract';
import { ApiError } from '../api/errors';
import type { RegisteredModel } from '../catalogue/models';
import { PickStore } from '../catalogue/pick-store';
import { Project } from '../catalogue/project';
import { readSettings } from '../catalogue/settings-store';
import { shotLineType } from '../catalogue/queries';
import { shotForPicking } from '../catalogue/shot-record';
import { throwIfCancelled, type Task, type TaskContext } from '../jobs/task';
import type { Phase } from '../metrics/scores';
import { ensureBackend } from '../ml/backend';
import { loadModel, type LoadedModel } from '../picking/model-dir';
import { firstBreakPhase, sLinePicking } from '../picking/line-type';
import { fileSourceChecks } from '../picking/source-report';
import {
  defaultPhases,
  pickFile,
  pickingCurves,
  type PickFileOptions,
  type PickMethod,
} from '../picking/pick-file';
import { projectModel, sLineModel, type ModelChoice } from './project-model';

export interface ProjectPickOptions extends Omit<
  PickFileOptions,
  'model' | 'signal' | 'onProgress' | 'method'
> {
  method: PickMethod;
  model?: ModelChoice;
  /** Shots to pick (catalogue ids); all shots when left out. */
  shotIds?: number[];
  /** The model shipped with Pickline, for a project that has no default model yet. */
  bundledModel?: string;
}

type Progress = Pick<TaskContext, 'progress'> & Partial<Pick<TaskContext, 'signal'>>;

/** A registered model and the network loaded from it; none for a classical picker. */
interface RunModel {
  registered: RegisteredModel | null;
  loaded: LoadedModel | undefined;
}

/**
 * Picks a project's shots and stores the picks as `auto` proposals, shot by shot (each shot
 * one transaction and one undoable action), so memory stays at one shot and a cancel keeps
 * the shots done. Manual and accepted picks are never changed (see PickStore.writeRun).
 *
 * On an S line the first break is S: a model made for S lines picks it from its S output;
 * any other picker's first break (P output, classical onset) is stored as S.
 */
export async function pickProject(
  project: Project,
  options: ProjectPickOptions,
  ctx: Progress = { progress: () => {} },
): Promise<ProjectPickReport> {
  const started = performance.now();
  const main: RunModel = { registered: null, loaded: undefined };
  let backend: string | null = null;
  if (options.method === 'phasenet') {
    main.registered = projectModel(project, options.model, options.bundledModel);
    backend = (await ensureBackend()).name;
    main.loaded = loadModel(main.registered.dir);
  }
  const phases: Phase[] = options.phases ?? defaultPhases(options.method, main.loaded);
  // What the run leaves unsaid comes from the project's picking settings.
  const stored = readSettings(project.db).picking;
  const strategy = options.strategy ?? stored.strategy;
  const vMax = options.vMax !== undefined ? options.vMax : stored.vMax;
  const hum = options.hum ?? stored.hum;
  const shotIds =
    options.shotIds ??
    (project.db.prepare('SELECT id FROM shots ORDER BY id').all() as { id: number }[]).map(
      (r) => r.id,
    );
  const lineTypes = new Map(shotIds.map((id) => [id, shotLineType(project.db, id)]));
  let onSLines = main;
  if (main.registered && [...lineTypes.values()].some((t) => firstBreakPhase(t) === 'S')) {
    const chosen = sLineModel(project, main.registered, !!options.model, options.bundledModel);
    if (chosen.id !== main.registered.id) {
      onSLines = { registered: chosen, loaded: loadModel(chosen.dir) };
    }
  }
  const store = new PickStore(project.db);
  const report: ProjectPickReport = {
    method: options.method,
    model: main.registered ? { id: main.registered.id, name: main.registered.name } : null,
    sLineModel:
      onSLines !== main && onSLines.registered
        ? { id: onSLines.registered.id, name: onSLines.registered.name }
        : null,
    backend,
    shots: 0,
    traces: 0,
    picks: { P: 0, S: 0 },
    superseded: 0,
    besideKept: 0,
    skipped: [],
    sourceChecks: [],
    hum: [],
    windows: 0,
    seconds: 0,
  };
  try {
    for (const [k, shotId] of shotIds.entries()) {
      if (ctx.signal) throwIfCancelled(ctx.signal);
      const shot = shotForPicking(project.db, shotId);
      if (!shot) throw new Error(`no shot with id ${shotId} in ${project.dir}`);
      const share = (done: number, total: number) =>
        ctx.progress(
          (k + (total ? done / total : 1)) / shotIds.length,
          `shot ${shot.file.records[0]!.id} (${k + 1}/${shotIds.length})`,
        );
      share(0, 1);
      const line = lineTypes.get(shotId)!;
      const model = firstBreakPhase(line) === 'S' ? onSLines : main;
      const sLine = sLinePicking(line, model.loaded?.card ?? null);
      const result = await pickFile(shot.file, {
        ...options,
        strategy,
        vMax,
        hum,
        phases: sLine ? [sLine.pick] : phases,
        firstBreak: sLine?.pick ?? 'P',
        model: model.loaded,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        onProgress: share,
      });
      const picks = result.picks
        .filter((p) => p.time !== null)
        .map((p) => ({
          traceId: shot.traceIds[p.trace]!,
          phase: sLine?.store ?? p.phase,
          time: p.time!,
          probability: p.probability,
          uncertainty: p.uncertainty,
        }));
      const written = store.writeRun({
        traceIds: shot.allTraceIds,
        phases: sLine ? [sLine.store] : phases,
        picks,
        origin: 'auto',
        method: result.method,
        modelId: model.registered?.id ?? null,
      });
      report.shots++;
      report.traces += shot.traceIds.length;
      report.windows += result.windows;
      for (const p of picks) report.picks[p.phase]++;
      report.superseded += written.superseded;
      report.besideKept += written.besideKept;
      const record = shot.file.records[0]!;
      for (const { doubt, move } of fileSourceChecks(shot.file, result, sLine?.pick ?? 'P')) {
        report.sourceChecks.push({ shotId, shot: record.id, doubt, move });
      }
      for (const { record: r, ...h } of result.hum) {
        report.hum.push({ shotId, shot: shot.file.records[r]!.id, ...h });
      }
      for (const s of result.skipped) {
        report.skipped.push({
          traceId: shot.traceIds[s.trace]!,
          shot: record.id,
          channel: record.traces[s.trace]!.channel,
          reason: s.reason,
        });
      }
    }
  } finally {
    main.loaded?.model.dispose();
    if (onSLines !== main) onSLines.loaded?.model.dispose();
  }
  report.seconds = (performance.now() - started) / 1000;
  ctx.progress(1, `picked ${report.shots} shots`);
  return report;
}

/** The 'picking.run' job: runs in a worker with its own connection to the project. */
export const pickingTask: Task = async (rawParams, ctx) => {
  const { projectDir, model, bundledModel, ...params } =
    JobParamsSchemas['picking.run'].parse(rawParams);
  const project = Project.open(projectDir);
  try {
    return await pickProject(
      project,
      {
        method: params.method,
        ...(model ? { model: { name: model } } : {}),
        ...(params.phases ? { phases: params.phases } : {}),
        ...(params.threshold !== undefined ? { peaks: { threshold: params.threshold } } : {}),
        ...(params.strategy ? { strategy: params.strategy } : {}),
        ...(params.vMax !== undefined ? { vMax: params.vMax } : {}),
        ...(params.hum !== undefined ? { hum: params.hum } : {}),
        ...(params.shotIds ? { shotIds: params.shotIds } : {}),
        ...(bundledModel ? { bundledModel } : {}),
      },
      ctx,
    );
  } finally {
    project.close();
  }
};

/**
 * The network's P and S probability for every trace of a shot (multi-component receivers:
 * on their first trace), on the model's sample grid, as the shot's picks read them, for the
 * gather view's overlay. The loaded model is kept for the next shot of the same model.
 */
export class ProbabilityService {
  private cached: { modelId: number; loaded: LoadedModel } | null = null;

  constructor(private readonly bundledModel?: string) {}

  async forShot(project: Project, shotId: number, modelName?: string): Promise<ShotProbabilities> {
    const main = projectModel(
      project,
      modelName ? { name: modelName } : undefined,
      this.bundledModel,
    );
    // An S line's gather shows what its picks come from (see pickProject).
    const line = shotLineType(project.db, shotId);
    const registered =
      firstBreakPhase(line) === 'S'
        ? sLineModel(project, main, !!modelName, this.bundledModel)
        : main;
    const shot = shotForPicking(project.db, shotId);
    if (!shot) throw new ApiError('not-found', `no shot with id ${shotId}`);
    await ensureBackend();
    if (this.cached?.modelId !== registered.id) {
      this.dispose();
      this.cached = { modelId: registered.id, loaded: loadModel(registered.dir) };
    }
    // The curves the picks come from: on the project's strategy, a gather's first break is
    // read from the trace's curve averaged with its neighbour stack's (pickFile).
    const stored = readSettings(project.db).picking;
    const sLine = sLinePicking(line, this.cached.loaded.card);
    const firstBreak = sLine?.pick ?? 'P';
    // Traces no picker can take (no samples) get no curves, as they get no picks.
    const curves = (
      await pickingCurves(shot.file, {
        method: 'phasenet',
        model: this.cached.loaded,
        phases: [firstBreak],
        firstBreak,
        strategy: stored.strategy,
        vMax: stored.vMax,
        hum: stored.hum,
      })
    ).filter((c) => c.record === 0);
    const base64 = (x: Float32Array) =>
      Buffer.from(x.buffer, x.byteOffset, x.byteLength).toString('base64');
    return {
      model: registered.name,
      traces: curves.map(({ trace, probabilities }) => ({
        traceId: shot.traceIds[trace]!,
        dt: probabilities.dt,
        startTime: probabilities.startTime,
        p: base64(probabilities.p),
        s: base64(probabilities.s),
      })),
    };
  }

  dispose(): void {
    this.cached?.loaded.model.dispose();
    this.cached = null;
  }
}
