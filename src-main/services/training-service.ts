import path from 'node:path';
import type { z } from 'zod';
import type { JobParamsSchemas, ParsedInput } from '../api/contract';
import { ApiError } from '../api/errors';
import { findModel } from '../catalogue/models';
import type { Project } from '../catalogue/project';
import { readCard } from '../picking/model-dir';
import { parseFreeze } from '../training/transfer';
import { requireModel } from './model-service';

/** Where training runs on a project write their model and checkpoint, inside the project. */
const TRAINING_DIR = 'training';

type TrainingParams = z.input<(typeof JobParamsSchemas)['training.run']>;

/** Labels a project offers the trainer (training/sources.ts reads the same picks). */
function labelCount(project: Project): number {
  const row = project.db
    .prepare(
      `SELECT COUNT(*) AS n FROM picks
       WHERE deleted = 0 AND status != 'rejected' AND (origin = 'manual' OR status = 'accepted')`,
    )
    .get() as { n: number };
  return row.n;
}

/**
 * The 'training.run' parameters of a training on the open project (the Training view): the
 * project is the data, the run writes to `training/<name>` in it (its checkpoint allows a
 * resume there) and registers the model when done (training/run-record.ts). A fine-tuning
 * keeps the initial model's sample rate, and its channels and window unless asked otherwise,
 * since the picks it learns from are read at that rate. Everything that would only fail in
 * the worker minutes later is checked here.
 */
export function projectTrainingParams(
  project: Project,
  input: ParsedInput<'training.startOnProject'>,
  bundledDir: string,
): TrainingParams {
  const { init: from, name, freeze, ...options } = input;
  if (findModel(project, name)) {
    throw new ApiError(
      'conflict',
      `a model named "${name}" is already registered: choose another name`,
    );
  }
  if (freeze !== undefined) {
    try {
      parseFreeze(freeze);
    } catch (err) {
      throw new ApiError('invalid-input', (err as Error).message);
    }
  }
  const init =
    from === 'scratch'
      ? null
      : from === 'bundled'
        ? bundledDir
        : requireModel(project, from.model).dir;
  if (init === null && options.load !== undefined) {
    throw new ApiError(
      'invalid-input',
      'load: a training from scratch has no model to load layers from',
    );
  }
  if (labelCount(project) === 0) {
    throw new ApiError(
      'conflict',
      'the project has no manual or accepted picks to train on: pick or accept some first',
    );
  }
  const card = init ? readCard(init) : null;
  const params: TrainingParams = {
    ...options,
    data: [project.dir],
    out: path.join(project.dir, TRAINING_DIR, name.replace(/[^\w.-]+/g, '_')),
    init,
    name,
    ...(freeze !== undefined ? { freeze } : {}),
    ...(card
      ? {
          sampleRate: card.sampleRate,
          channels: options.channels ?? card.architecture.channels,
          window: options.window ?? card.architecture.window,
        }
      : {}),
  };
  return Object.fromEntries(
    Object.entries(params).filter(([, v]) => v !== undefined),
  ) as TrainingParams;
}
