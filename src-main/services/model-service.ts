import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ModelInfo } from '../api/contract';
import { ApiError } from '../api/errors';
import {
  evaluationsOf,
  findModel,
  picksByModel,
  removeModel,
  renameModel,
  type RegisteredModel,
} from '../catalogue/models';
import type { Project } from '../catalogue/project';
import { readCard, WEIGHTS_FILE } from '../picking/model-dir';

/** What the API says about a registered model. */
export const modelInfo = (m: RegisteredModel): ModelInfo => ({
  id: m.id,
  name: m.name,
  architecture: m.architecture,
  sampleRate: m.sampleRate,
  inputChannels: m.inputChannels,
  isDefault: m.isDefault,
  source: m.provenance.source,
  licence: m.provenance.licence,
  evaluations: evaluationsOf(m),
  validatedPhases: readCard(m.dir).validatedPhases ?? ['P', 'S'],
});

export function requireModel(project: Project, id: number): RegisteredModel {
  const model = findModel(project, id);
  if (!model) throw new ApiError('not-found', `no model with id ${id} in ${project.dir}`);
  return model;
}

export function renameRegisteredModel(project: Project, id: number, name: string): ModelInfo {
  return modelInfo(renameModel(project, requireModel(project, id).id, name));
}

/** Whether a registered model has the bundled model's weights (whatever it is called now). */
function isBundled(model: RegisteredModel, bundledDir: string): boolean {
  const file = path.join(bundledDir, WEIGHTS_FILE);
  if (!fs.existsSync(file)) return false;
  const sha = createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  return sha === model.provenance.weightsSha256;
}

/**
 * Deletes a registered model, refusing what would leave the project worse off:
 *
 * - the default model: picking and the probability overlay use it; choose another first;
 * - the bundled model: every project falls back on it (it would be registered again at the
 *   next pick) and it is the yardstick a fine-tuned model is compared with;
 * - a model that made picks, live or deleted (undo brings deleted picks back): a pick must keep
 *   saying which model made it. We refuse rather than hide such a model (a soft delete), as a
 *   hidden model that picks still name is one nobody can inspect or evaluate any more; the
 *   message says how to get it out of the way instead.
 *
 * What goes: the row, its evaluations and its copy in `models/`; training runs keep their
 * record without the model.
 */
export function deleteRegisteredModel(
  project: Project,
  id: number,
  bundledDir: string,
): { id: number; name: string } {
  const model = requireModel(project, id);
  if (model.isDefault) {
    throw new ApiError(
      'conflict',
      `"${model.name}" is the default model: make another model the default before deleting it`,
    );
  }
  if (isBundled(model, bundledDir)) {
    throw new ApiError(
      'conflict',
      `"${model.name}" is the model shipped with Pickline: it stays in every project as the fallback and the yardstick`,
    );
  }
  const picks = picksByModel(project, id);
  if (picks > 0) {
    throw new ApiError(
      'conflict',
      `"${model.name}" made ${picks} picks in this project (live or in the undo history), which must keep naming their model: it cannot be deleted, rename it instead`,
    );
  }
  removeModel(project, model);
  return { id: model.id, name: model.name };
}
