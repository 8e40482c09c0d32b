import fs from 'node:fs';
import path from 'node:path';

/** Files of `npm run build`, which `npm test` runs before the unit tests. */
export const BUILT_MAIN = path.resolve(__dirname, '../../out/main');
export const BUILT_WORKER = path.join(BUILT_MAIN, 'job-worker.js');
export const BUILT_CLI = path.resolve(__dirname, '../../bin/pickline.js');

export function requireBuild(): void {
  if (!fs.existsSync(BUILT_WORKER)) {
    throw new Error('these tests use the built bundle: run `npm run build` first');
  }
}

/** The repository's resources folder, as the built app finds it. */
export const RESOURCES = path.resolve(__dirname, '../../resources');
