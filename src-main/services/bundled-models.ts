import fs from 'node:fs';
import path from 'node:path';

/**
 * The models shipped with Pickline, under the app's resources folder: `near-surface`, the
 * vertical-component model every project and `pickline pick` use unless told otherwise, and
 * `near-surface-3c`, for lines of 3-component geophones, whose S comes from the horizontals,
 * and `near-surface-sh`, for the S first breaks of S lines (see each model's MODEL_CARD.md).
 */
const DEFAULT_MODEL = path.join('models', 'near-surface');
/** The name (and folder, beside the default's) of the bundled 3-component model. */
export const THREE_COMPONENT_MODEL = 'near-surface-3c';
/** The bundled model for S lines (SH source, horizontal geophones), beside the default. */
export const S_LINE_MODEL = 'near-surface-sh';

/** The default bundled model's folder under a resources folder. */
export function bundledModel(resourcesDir: string): string {
  return path.join(resourcesDir, DEFAULT_MODEL);
}

/**
 * A bundled model by its folder name (`near-surface-3c`): a sibling of the default one, or
 * null when there is none of that name.
 */
export function bundledModelNamed(defaultModelDir: string, name: string): string | null {
  if (!/^[\w.-]+$/.test(name)) return null;
  const dir = path.join(path.dirname(defaultModelDir), name);
  return fs.existsSync(path.join(dir, 'model.json')) ? dir : null;
}

/**
 * A model folder as the command line names it: a folder, or the name of a model shipped with
 * Pickline (`near-surface-3c`) where no folder of that name is at hand.
 */
export function modelFolder(value: string, resourcesDir: string): string {
  if (fs.existsSync(value)) return value;
  return bundledModelNamed(bundledModel(resourcesDir), value) ?? value;
}
