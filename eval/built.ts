import fs from 'node:fs';
import path from 'node:path';
import { appPaths, type AppPaths } from '../src-main/paths';

/** The built bundle (`npm run eval` builds first): the picking commands run its workers. */
export function builtPaths(): AppPaths {
  const mainDir = path.resolve(__dirname, '../out/main');
  if (!fs.existsSync(path.join(mainDir, 'job-worker.js'))) {
    throw new Error('the evaluations use the built bundle: run `npm run build` first');
  }
  return appPaths(mainDir);
}

/** The bundled models, as the app finds them. */
export const RESOURCES = path.resolve(__dirname, '../resources');
