import fs from 'node:fs';
import path from 'node:path';
import {
  JobParamsSchemas,
  type PseudoLabelReport,
  type PseudoLabelRound,
  type QcReport,
} from '../api/contract';
import {
  findModel,
  registerModel,
  setDefaultModel,
  type RegisteredModel,
} from '../catalogue/models';
import { ApiError } from '../api/errors';
import { writeTransaction } from '../catalogue/database';
import { CATALOGUE_FILE, Project } from '../catalogue/project';
import { throwIfCancelled, type Task, type TaskContext } from '../jobs/task';
import { GATHER_PICK_DEFAULTS } from '../picking/gather/gather-picks';
import { readCard } from '../picking/model-dir';
import { runTraining } from '../training/train-run';
import { heldOutShotIds, recordIdsOf } from './held-out-shots';
import { pickProject } from './picking-service';
import { projectModel } from './project-model';
import { runQc } from './qc-service';

export interface PseudoLabelOptions {
  /** Most rounds to run; the loop stops earlier when a round does not improve. */
  rounds: number;
  /** The registered model to start from; default: the project's (or the bundled) model. */
  model?: string;
  bundledModel?: string;
  /** Fine-tuning per round. */
  epochs?: number;
  steps?: number;
  batch?: number;
  lr?: number;
  freeze?: string;
  /** QC residual threshold in robust standard deviations. */
  k?: number;
  seed?: number;
  /**
   * Record ids of shots that are only scored: their traces never become labels (neither the
   * network's picks nor manual ones), and the reference score counts only their imported
   * picks. A test set of whole gathers that the loop never trains on.
   */
  holdOutShots?: string[];
}

type Progress = Pick<TaskContext, 'progress'> & Partial<Pick<TaskContext, 'signal'>>;

/**
 * Share of the network's current P proposals within 2 ms of the trace's imported pick. Imported
 * picks are the held-out reference: they never become labels here.
 */
function referenceAgreement(
  project: Project,
  modelId: number,
  shotIds: ReadonlySet<number> | null,
): number | null {
  const rows = (
    project.db
      .prepare(
        `SELECT ABS(a.time - r.time) AS err, t.shot_id AS shotId
         FROM picks a JOIN picks r ON r.trace_id = a.trace_id JOIN traces t ON t.id = a.trace_id
         WHERE a.phase = 'P' AND r.phase = 'P' AND a.origin = 'auto' AND a.deleted = 0
           AND a.status = 'proposed' AND a.model_id = ? AND r.origin = 'imported'
           AND r.deleted = 0`,
      )
      .all(modelId) as { err: number; shotId: number }[]
  ).filter((r) => !shotIds || shotIds.has(r.shotId));
  if (rows.length === 0) return null;
  return rows.filter((r) => r.err <= 0.002).length / rows.length;
}

/**
 * The labels of a round: each trace's QC-passed network pick or its correction; manual picks
 * win. Traces of held-out shots are never labels, nor picks the gather's path put on its
 * neighbours' line where the network saw no arrival (below the gather's threshold): those are
 * the picker's guesses, and would teach the network to find arrivals in the noise.
 */
export function roundLabels(
  project: Project,
  qc: QcReport,
  heldOut: ReadonlySet<number>,
): Map<number, number> {
  const labels = new Map<number, number>();
  const probability = project.db.prepare('SELECT probability FROM picks WHERE id = ?').pluck();
  const seen = (pickId: number) => {
    const p = probability.get(pickId) as number | null | undefined;
    return p === null || p === undefined || p >= GATHER_PICK_DEFAULTS.threshold;
  };
  for (const shot of qc.shots) {
    if (heldOut.has(shot.shotId)) continue;
    for (const item of shot.items) {
      if (item.time === null) continue;
      if (item.flags.length === 0) {
        if (seen(item.pickId)) labels.set(item.traceId, item.time);
      } else if (item.corrected !== null) labels.set(item.traceId, item.corrected);
    }
  }
  const manual = project.db
    .prepare(
      `SELECT p.trace_id, p.time, t.shot_id FROM picks p JOIN traces t ON t.id = p.trace_id
       WHERE p.origin = 'manual' AND p.phase = 'P' AND p.deleted = 0`,
    )
    .all() as { trace_id: number; time: number; shot_id: number }[];
  for (const m of manual) if (!heldOut.has(m.shot_id)) labels.set(m.trace_id, m.time);
  return labels;
}

/**
 * A scratch copy of the catalogue whose only picks are the round's labels (accepted), which
 * the trainer reads as a project. The user's catalogue is never changed by training.
 */
function labelledCopy(project: Project, labels: Map<number, number>, dir: string): void {
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, CATALOGUE_FILE);
  project.db.prepare('VACUUM INTO ?').run(file);
  const copy = Project.open(dir);
  try {
    const now = new Date().toISOString();
    writeTransaction(copy.db, () => {
      copy.db.prepare('DELETE FROM pick_history').run();
      copy.db.prepare('DELETE FROM pick_creations').run();
      copy.db.prepare('DELETE FROM picks').run();
      const insert = copy.db.prepare(
        `INSERT INTO picks (trace_id, phase, time, origin, method, status, created_at, updated_at)
         VALUES (?, 'P', ?, 'pseudo', 'pseudo-label', 'accepted', ?, ?)`,
      );
      for (const [traceId, time] of labels) insert.run(traceId, time, now, now);
    });
  } finally {
    copy.close();
  }
}

function startModel(project: Project, options: PseudoLabelOptions): RegisteredModel {
  return projectModel(
    project,
    options.model ? { name: options.model } : undefined,
    options.bundledModel,
  );
}

/**
 * Semi-supervised pseudo-labelling, as the source report plans it for lines without labels:
 * the model picks P, travel-time QC flags the picks that disagree with their gather and
 * corrects them (SVR), the model is fine-tuned on the QC-passed and corrected picks (plus any
 * manual ones), and the loop repeats while the score improves: the share within 2 ms of
 * imported reference picks when the project has them, else the share of picks QC flags.
 * Each round's model is registered; the best becomes the default.
 */
export async function pseudoLabel(
  project: Project,
  options: PseudoLabelOptions,
  ctx: Progress = { progress: () => {} },
): Promise<PseudoLabelReport> {
  const heldOut = heldOutShotIds(project, options.holdOutShots ?? []);
  let model = startModel(project, options);
  const rounds: PseudoLabelRound[] = [];
  const score = (r: PseudoLabelRound) => r.withinTwoMs ?? 1 - r.flaggedShare;
  for (let round = 0; round <= options.rounds; round++) {
    if (ctx.signal) throwIfCancelled(ctx.signal);
    const share = (f: number, message: string) =>
      ctx.progress((round + f) / (options.rounds + 1), `round ${round}: ${message}`);
    share(0, `picking with ${model.name}`);
    await pickProject(
      project,
      { method: 'phasenet', model: { name: model.name }, phases: ['P'] },
      ctx.signal ? { signal: ctx.signal, progress: () => {} } : undefined,
    );
    const qc = runQc(project, {
      phase: 'P',
      picks: 'auto',
      correct: true,
      ...(options.k ? { k: options.k } : {}),
    });
    const entry: PseudoLabelRound = {
      round,
      model: model.name,
      picks: qc.picks,
      flagged: qc.flagged,
      corrected: qc.corrected,
      labels: 0,
      flaggedShare: qc.picks ? qc.flagged / qc.picks : 1,
      withinTwoMs: referenceAgreement(project, model.id, heldOut.size ? heldOut : null),
      trained: null,
      trainSeconds: 0,
    };
    rounds.push(entry);
    const previous = rounds.at(-2);
    // A round that scores no better than the one before ends the loop.
    if (previous && score(entry) <= score(previous)) break;
    if (round === options.rounds) break;

    const labels = roundLabels(project, qc, heldOut);
    if (labels.size === 0) {
      // Nothing to learn from is the line's state, not a training failure: say which.
      throw new ApiError(
        'invalid-input',
        `${project.dir}: round ${round} has no pick to learn from: ` +
          (qc.picks === 0
            ? `QC fits travel time against offset, and none of the ${model.name} picks has one ` +
              '(give the shots and receivers positions: import a geometry)'
            : `no pick of ${model.name} outside the held-out shots passed QC ` +
              `(${qc.flagged} of ${qc.picks} flagged)`),
      );
    }
    entry.labels = labels.size;
    share(0.3, `fine-tuning on ${labels.size} pseudo-labels`);
    const scratch = path.join(project.dir, 'training', `pseudo-round-${round + 1}`);
    labelledCopy(project, labels, path.join(scratch, 'data'));
    const card = readCard(model.dir);
    const trained = await runTraining(
      {
        data: [path.join(scratch, 'data')],
        out: path.join(scratch, 'model'),
        init: model.dir,
        freeze: options.freeze ?? 'none',
        channels: card.architecture.channels,
        window: card.architecture.window,
        sampleRate: card.sampleRate,
        name: `${model.name.replace(/-pseudo-\d+$/, '')}-pseudo-${round + 1}`,
        ...(options.epochs ? { epochs: options.epochs } : {}),
        ...(options.steps ? { steps: options.steps } : {}),
        ...(options.batch ? { batch: options.batch } : {}),
        ...(options.lr ? { lr: options.lr } : {}),
        ...(options.seed !== undefined ? { seed: options.seed } : {}),
      },
      ctx.signal ? { signal: ctx.signal } : {},
    );
    entry.trainSeconds = trained.seconds;
    model = registerModel(project, trained.out);
    entry.trained = model.name;
    // The model is now copied into models/; the catalogue copy and checkpoints are spent.
    fs.rmSync(scratch, { recursive: true, force: true });
  }
  const best = rounds.reduce((a, b) => (score(b) > score(a) ? b : a));
  setDefaultModel(project, findModel(project, best.model)!.id);
  return {
    rounds,
    best: best.model,
    ...(heldOut.size ? { heldOutShots: recordIdsOf(project, heldOut) } : {}),
  };
}

/** The 'pseudolabel.run' job. */
export const pseudoLabelTask: Task = async (rawParams, ctx) => {
  const { projectDir, ...options } = JobParamsSchemas['pseudolabel.run'].parse(rawParams);
  const project = Project.open(projectDir);
  try {
    return await pseudoLabel(project, options, ctx);
  } finally {
    project.close();
  }
};
