import path from 'node:path';
import { JobParamsSchemas, type EvaluationPhase, type ModelEvaluation } from '../api/contract';
import type { Db } from '../catalogue/database';
import { storeEvaluation } from '../catalogue/models';
import { Project } from '../catalogue/project';
import { shotForPicking } from '../catalogue/shot-record';
import { throwIfCancelled, type Task, type TaskContext } from '../jobs/task';
import { residualHistogram } from '../metrics/residual-histogram';
import { DEFAULT_WITHIN_MS, scorePicks, type KeyedTime, type Phase } from '../metrics/scores';
import { ensureBackend } from '../ml/backend';
import { groupComponents } from '../picking/group';
import { loadModel } from '../picking/model-dir';
import { pickFile } from '../picking/pick-file';
import { requireModel } from './model-service';

type Progress = Pick<TaskContext, 'progress'> & Partial<Pick<TaskContext, 'signal'>>;

interface ReferencePick {
  traceId: number;
  shotId: number;
  phase: Phase;
  time: number;
  origin: string;
  status: string;
}

/**
 * The reference of each trace and phase: picks a person made or vouched for, by trust (a
 * manual pick, else an accepted one, else an imported one), on traces that are not dead.
 * Unreviewed and rejected proposals are never a reference.
 */
function referencePicks(db: Db): ReferencePick[] {
  return db
    .prepare(
      `SELECT traceId, shotId, phase, time, origin, status FROM (
         SELECT p.trace_id AS traceId, t.shot_id AS shotId, p.phase, p.time, p.origin, p.status,
           ROW_NUMBER() OVER (
             PARTITION BY p.trace_id, p.phase
             ORDER BY p.origin = 'manual' DESC, p.status = 'accepted' DESC, p.updated_at DESC,
               p.id DESC
           ) AS rank
         FROM picks p JOIN traces t ON p.trace_id = t.id
         WHERE p.deleted = 0 AND p.status != 'rejected' AND t.status != 'dead'
           AND (p.origin IN ('manual', 'imported') OR p.status = 'accepted')
       )
       WHERE rank = 1
       ORDER BY shotId, traceId, phase`,
    )
    .all() as ReferencePick[];
}

/** Whether a training run recorded in this project fed the model this project's picks. */
function trainedOnProject(project: Project, modelId: number): boolean {
  const runs = project.db
    .prepare('SELECT config FROM training_runs WHERE model_id = ?')
    .all(modelId) as { config: string }[];
  const here = path.resolve(project.dir);
  return runs.some((r) => {
    const data = (JSON.parse(r.config) as { data?: unknown }).data;
    return (
      Array.isArray(data) && data.some((d) => typeof d === 'string' && path.resolve(d) === here)
    );
  });
}

const keyed = (shotId: number, traceId: number, phase: Phase, time: number | null): KeyedTime => ({
  file: String(shotId),
  trace: traceId,
  phase,
  time,
});

/**
 * Scores a registered model on the project's reference picks: the model picks (in memory,
 * nothing is written to the picks) every shot that has references, its picks on the
 * referenced traces are scored per phase at `tolerance` (metrics/scores.ts), and the report
 * is stored with the model (catalogue/models.ts storeEvaluation). A phase is scored only on
 * traces with a reference of that phase: elsewhere nobody has said whether it arrives.
 */
export async function evaluateModel(
  project: Project,
  options: { model: number; tolerance: number },
  ctx: Progress = { progress: () => {} },
): Promise<ModelEvaluation> {
  const started = performance.now();
  const model = requireModel(project, options.model);
  const refs = referencePicks(project.db);
  if (refs.length === 0) {
    throw new Error(
      `${project.dir} has no reference picks to score against: pick traces by hand, accept proposals or import picks first`,
    );
  }
  const phases = (['P', 'S'] as const).filter((ph) => refs.some((r) => r.phase === ph));
  const shotIds = [...new Set(refs.map((r) => r.shotId))];
  const wanted = new Set(refs.map((r) => `${r.traceId}:${r.phase}`));
  await ensureBackend();
  const loaded = loadModel(model.dir);
  const predicted: KeyedTime[] = [];
  try {
    for (const [k, shotId] of shotIds.entries()) {
      if (ctx.signal) throwIfCancelled(ctx.signal);
      const shot = shotForPicking(project.db, shotId)!;
      const message = `${model.name} picks shot ${shot.file.records[0]!.id} (${k + 1}/${shotIds.length})`;
      const result = await pickFile(shot.file, {
        method: 'phasenet',
        model: loaded,
        phases,
        ...(ctx.signal ? { signal: ctx.signal } : {}),
        onProgress: (done, total) =>
          ctx.progress((k + (total ? done / total : 1)) / shotIds.length, message),
      });
      // The model picks a receiver once, on its first trace; a reference may sit on any of
      // its components (an S picked on the crossline, say), and is scored against that pick.
      const receiverOf = new Map(
        groupComponents(shot.file.records[0]!.traces).map((members) => [members[0]!, members]),
      );
      for (const p of result.picks) {
        for (const member of receiverOf.get(p.trace) ?? [p.trace]) {
          const traceId = shot.traceIds[member]!;
          if (wanted.has(`${traceId}:${p.phase}`)) {
            predicted.push(keyed(shotId, traceId, p.phase, p.time));
          }
        }
      }
    }
  } finally {
    loaded.model.dispose();
  }
  const reference = refs.map((r) => keyed(r.shotId, r.traceId, r.phase, r.time));
  const { tolerance } = options;
  const scores = scorePicks(predicted, reference, { tolerance, withinMs: DEFAULT_WITHIN_MS });
  const evaluation: ModelEvaluation = {
    at: new Date().toISOString(),
    tolerance,
    dataset: {
      project: project.info().name,
      shots: shotIds.length,
      trainedOnProject: trainedOnProject(project, model.id),
      reference: phases.map((phase) => {
        const own = refs.filter((r) => r.phase === phase);
        const imported = own.filter((r) => r.origin === 'imported').length;
        const manual = own.filter((r) => r.origin === 'manual').length;
        return { phase, manual, imported, accepted: own.length - manual - imported };
      }),
    },
    phases: scores.map((s): EvaluationPhase => ({
      phase: s.phase,
      labels: s.labels,
      picks: s.picks,
      tp: s.tp,
      fp: s.fp,
      fn: s.fn,
      precision: s.precision,
      recall: s.recall,
      f1: s.f1,
      residual: s.residual,
      withinMs: s.withinMs,
      histogram: residualHistogram(predicted, reference, s.phase, tolerance),
    })),
    seconds: (performance.now() - started) / 1000,
  };
  storeEvaluation(project, model.id, evaluation);
  ctx.progress(1, `${model.name} scored on ${refs.length} reference picks`);
  return evaluation;
}

/** The 'evaluation.run' job: runs in a worker with its own connection to the project. */
export const evaluationTask: Task = async (rawParams, ctx) => {
  const { projectDir, model, tolerance } = JobParamsSchemas['evaluation.run'].parse(rawParams);
  const project = Project.open(projectDir);
  try {
    return await evaluateModel(project, { model, tolerance }, ctx);
  } finally {
    project.close();
  }
};
