import { ApiError } from '../api/errors';
import {
  defaultModel,
  findModel,
  listModels,
  registerModel,
  type RegisteredModel,
} from '../catalogue/models';
import type { Project } from '../catalogue/project';
import { modelMadeFor } from '../picking/line-type';
import { readCard } from '../picking/model-dir';
import { bundledModelNamed, S_LINE_MODEL, THREE_COMPONENT_MODEL } from './bundled-models';

/**
 * Which registered model a project's run (picking, teaching, self-training) starts from: one
 * rule for all of them, so that a run names a model the same way everywhere and a project
 * without one gets the same bundled default whichever run comes first.
 */

/** A model directory to register and use, or the name of a registered model. */
export type ModelChoice = { dir: string } | { name: string };

/**
 * The model a run uses: a directory (registered on the way), a registered name, else the
 * project's default; a project without one gets the bundled model registered as its default,
 * so picking works out of the box.
 */
export function projectModel(
  project: Project,
  choice: ModelChoice | undefined,
  bundledModel?: string,
): RegisteredModel {
  if (choice && 'dir' in choice) return registerModel(project, choice.dir);
  if (choice) {
    const found = findModel(project, choice.name);
    if (!found) {
      throw new ApiError(
        'not-found',
        `no model named "${choice.name}" is registered in ${project.dir}`,
      );
    }
    return found;
  }
  const fallback = defaultModel(project);
  if (!fallback && bundledModel) return registerBundled(project, bundledModel);
  if (!fallback) {
    throw new ApiError(
      'invalid-input',
      `${project.dir} has no default model: register a model folder first ` +
        '(in the app: Models; on the command line: pickline models --add DIR, or pick --model DIR)',
    );
  }
  return fallback;
}

/**
 * Registers the bundled models a project needs, one of them its default: the vertical model
 * on a vertical line; on a line with horizontal geophones the 3-component one as the default
 * (it picks P as well as the vertical model on such lines, F1 0.630 against 0.637 on the
 * simulated 3-component test set, and S far better, 0.530 against 0.322; see its card), with
 * the vertical model registered beside it to choose.
 */
function registerBundled(project: Project, bundledModel: string): RegisteredModel {
  const threeComponent = bundledModelNamed(bundledModel, THREE_COMPONENT_MODEL);
  const horizontals = project.db
    .prepare("SELECT 1 FROM traces WHERE component IN ('E', 'N') LIMIT 1")
    .get();
  if (threeComponent && horizontals) {
    registerModel(project, bundledModel);
    return registerModel(project, threeComponent, { makeDefault: true });
  }
  return registerModel(project, bundledModel, { makeDefault: true });
}

export const madeForSLines = (dir: string) => modelMadeFor(readCard(dir).lineTypes, 'S');

/**
 * The model for the shots of S lines. A model the run names is used everywhere, as asked;
 * otherwise the newest registered model made for S lines, else the bundled one (registered on
 * the way), else the run's model, whose first break is then stored as S.
 */
export function sLineModel(
  project: Project,
  main: RegisteredModel,
  named: boolean,
  bundledModel?: string,
): RegisteredModel {
  if (named || madeForSLines(main.dir)) return main;
  const registered = listModels(project).filter((m) => madeForSLines(m.dir));
  const bundled = bundledModel ? bundledModelNamed(bundledModel, S_LINE_MODEL) : null;
  return registered.at(-1) ?? (bundled ? registerModel(project, bundled) : main);
}
