import fs from 'node:fs';
import path from 'node:path';
import { JobParamsSchemas, type TeachReport } from '../api/contract';
import { ApiError } from '../api/errors';
import { listModels, registerModel, type RegisteredModel } from '../catalogue/models';
import { Project } from '../catalogue/project';
import { shotLineType } from '../catalogue/queries';
import { shotForPicking } from '../catalogue/shot-record';
import type { Task, TaskContext } from '../jobs/task';
import { hasSignal } from '../dsp/samples';
import { residualStats } from '../metrics/residual-stats';
import type { Phase } from '../metrics/scores';
import { ensureBackend } from '../ml/backend';
import { loadModel, readCard, type LoadedModel } from '../picking/model-dir';
import { firstBreakPhase } from '../picking/line-type';
import { pickFile } from '../picking/pick-file';
import { projectTraces } from '../training/sources';
import { MIN_TAUGHT_RECEIVERS, teachModel } from '../training/teach';
import { jobEpoch } from '../training/train-task';
import { ensureTrainingBackend } from '../training/training-backend';
import { pickProject } from './picking-service';
import { madeForSLines, projectModel, sLineModel } from './project-model';

/**
 * "Teach this line": after a person has picked or accepted a gather (or a few), the model is
 * fine-tuned on those picks (training/teach.ts), becomes the project's default, and re-proposes
 * the other shots. Manual and accepted picks are never touched (the pick store's rule), so
 * nothing a person decided changes. The report says how the model sat against the person's
 * picks before and after: its bias (median) and spread on the taught shots.
 */

export interface TeachOptions {
  shotIds: number[];
  /** The registered model to teach; default: the project's (the bundled one if none). */
  model?: string;
  bundledModel?: string;
  repick?: boolean;
  epochs?: number;
  steps?: number;
}

type Progress = Pick<TaskContext, 'progress'> & Partial<Pick<TaskContext, 'signal' | 'epoch'>>;

function baseModel(project: Project, options: TeachOptions): RegisteredModel {
  return projectModel(
    project,
    options.model ? { name: options.model } : undefined,
    options.bundledModel,
  );
}

/**
 * The model an S line's shots are taught from: one made for S lines (the one named, else
 * the one pickProject picks S lines with), since only its S output is the S first break.
 */
function sLineBase(project: Project, options: TeachOptions, named: string): RegisteredModel {
  const chosen = options.model
    ? baseModel(project, options)
    : sLineModel(project, baseModel(project, options), false, options.bundledModel);
  if (!madeForSLines(chosen.dir)) {
    throw new ApiError(
      'invalid-input',
      `${named} of ${project.dir}: an S line's first breaks are S, and ${chosen.name} is not made for S lines: teach a model that is (near-surface-sh)`,
    );
  }
  return chosen;
}

/** The person's picks of a phase (manual, or accepted) on the shots, by trace id. */
function personsPicks(
  project: Project,
  shotIds: readonly number[],
  phase: Phase,
): Map<number, number> {
  const rows = project.db
    .prepare(
      `SELECT p.trace_id, p.time FROM picks p JOIN traces t ON t.id = p.trace_id
       WHERE t.shot_id IN (${shotIds.map(() => '?').join(', ')}) AND p.phase = ?
         AND p.deleted = 0 AND p.status != 'rejected'
         AND (p.origin = 'manual' OR p.status = 'accepted')
       ORDER BY p.updated_at, p.id`,
    )
    .all(...shotIds, phase) as { trace_id: number; time: number }[];
  return new Map(rows.map((r) => [r.trace_id, r.time]));
}

/** The model's first breaks (of `phase`) on the shots against the person's: bias and spread. */
async function agreement(
  project: Project,
  model: LoadedModel,
  shotIds: readonly number[],
  reference: Map<number, number>,
  phase: Phase,
) {
  const residuals: (number | null)[] = [];
  for (const shotId of shotIds) {
    const shot = shotForPicking(project.db, shotId)!;
    const result = await pickFile(shot.file, {
      method: 'phasenet',
      model,
      phases: [phase],
      firstBreak: phase,
    });
    const picked = new Map(
      result.picks.flatMap((p) => (p.time === null ? [] : [[shot.traceIds[p.trace]!, p.time]])),
    );
    for (const [k, traceId] of shot.traceIds.entries()) {
      const person = reference.get(traceId);
      // A person's pick on a dead channel (pick files carry some) is nothing to measure by.
      if (person === undefined || !hasSignal(shot.file.records[0]!.traces[k]!.samples)) continue;
      const own = picked.get(traceId);
      residuals.push(own === undefined ? null : own - person);
    }
  }
  return residualStats(residuals);
}

/** The taught model's name: the base's, with the number of this teaching. */
function taughtName(project: Project, base: string): string {
  const stem = base.replace(/-taught-\d+$/, '');
  const taken = new Set(listModels(project).map((m) => m.name));
  let n = 1;
  while (taken.has(`${stem}-taught-${n}`)) n++;
  return `${stem}-taught-${n}`;
}

export async function teachProject(
  project: Project,
  options: TeachOptions,
  ctx: Progress = { progress: () => {} },
): Promise<TeachReport> {
  const shotIds = [...new Set(options.shotIds)];
  const records = shotIds.map((id) => {
    const row = project.db.prepare('SELECT record_id FROM shots WHERE id = ?').get(id) as
      { record_id: string } | undefined;
    if (!row) throw new ApiError('not-found', `no shot with id ${id} in ${project.dir}`);
    return row.record_id;
  });
  const named = `shot${records.length > 1 ? 's' : ''} ${records.join(', ')}`;
  // A line's first break is P, or S on an S line; one teaching learns one of them.
  const phases = new Set(shotIds.map((id) => firstBreakPhase(shotLineType(project.db, id))));
  if (phases.size > 1) {
    throw new ApiError(
      'invalid-input',
      `${named} of ${project.dir} are on a P line and an S line: teach one line at a time`,
    );
  }
  const phase: Phase = phases.has('S') ? 'S' : 'P';
  const base = phase === 'S' ? sLineBase(project, options, named) : baseModel(project, options);
  const card = readCard(base.dir);
  const taught = projectTraces(
    project,
    { sampleRate: card.sampleRate, channelOrder: card.channelOrder },
    shotIds,
  );
  if (taught.length === 0) {
    throw new ApiError(
      'invalid-input',
      `${named} of ${project.dir} ${records.length > 1 ? 'have' : 'has'} no manual or accepted picks to teach from: pick the gather, or accept its proposals, first`,
    );
  }
  if (taught.length < MIN_TAUGHT_RECEIVERS) {
    throw new ApiError(
      'invalid-input',
      `${named} of ${project.dir}: ${taught.length} picked receiver${taught.length === 1 ? '' : 's'}, teaching needs at least ${MIN_TAUGHT_RECEIVERS}: pick or accept more of the gather, or add a shot`,
    );
  }
  const reference = personsPicks(project, shotIds, phase);

  ctx.progress(0.02, `measuring ${base.name} against the picks of ${named}`);
  await ensureBackend();
  const before = loadModel(base.dir);
  let beforeStats;
  try {
    beforeStats = await agreement(project, before, shotIds, reference, phase);
  } finally {
    before.model.dispose();
  }

  const name = taughtName(project, base.name);
  const work = path.join(project.dir, 'training', `${name}-${Date.now()}`);
  const out = path.join(work, 'model');
  await ensureTrainingBackend();
  const trained = await teachModel(
    base.dir,
    taught,
    out,
    name,
    {
      ...(options.epochs ? { epochs: options.epochs } : {}),
      ...(options.steps ? { steps: options.steps } : {}),
    },
    {
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      onEpoch: (e) => ctx.epoch?.(jobEpoch(e)),
      onProgress: (f, message) => ctx.progress(0.05 + 0.6 * f, `teaching: ${message}`),
    },
  );
  // A cancelled or failed teaching registers nothing; the model is kept once registered. A
  // taught S-line model is not the project's default: its S lines find it by its card.
  const registered = registerModel(project, out, { makeDefault: phase === 'P' });
  fs.rmSync(work, { recursive: true, force: true });

  ctx.progress(0.67, `measuring ${name} against the picks of ${named}`);
  await ensureBackend();
  const after = loadModel(registered.dir);
  let afterStats;
  try {
    afterStats = await agreement(project, after, shotIds, reference, phase);
  } finally {
    after.model.dispose();
  }

  let repicked = null;
  const others = (project.db.prepare('SELECT id FROM shots ORDER BY id').all() as { id: number }[])
    .map((r) => r.id)
    // The taught model is for this kind of line; the other kind keeps its own model.
    .filter(
      (id) => !shotIds.includes(id) && firstBreakPhase(shotLineType(project.db, id)) === phase,
    );
  if ((options.repick ?? true) && others.length > 0) {
    repicked = await pickProject(
      project,
      { method: 'phasenet', model: { name }, shotIds: others },
      {
        progress: (f, message) => ctx.progress(0.7 + 0.3 * f, message),
        ...(ctx.signal ? { signal: ctx.signal } : {}),
      },
    );
  }
  ctx.progress(1, `taught ${name} on ${taught.length} receivers of ${named}`);
  return {
    base: { id: base.id, name: base.name },
    model: { id: registered.id, name: registered.name },
    taughtShots: records,
    taughtReceivers: taught.length,
    before: beforeStats,
    after: afterStats,
    trainSeconds: trained.seconds,
    repicked,
  };
}

/** The 'teach.run' job: runs in a worker with its own connection to the project. */
export const teachTask: Task = async (rawParams, ctx) => {
  const { projectDir, ...options } = JobParamsSchemas['teach.run'].parse(rawParams);
  const project = Project.open(projectDir);
  try {
    return await teachProject(project, options, ctx);
  } finally {
    project.close();
  }
};
