import path from 'node:path';

/** Where the built bundles are. Shared modules end up in chunks, so only entry files know. */
export interface AppPaths {
  workerScript: string;
  rendererDir: string;
  preloadDir: string;
  /** Bundled models and sample data (`resources/` of the repository and of the package). */
  resourcesDir: string;
  /** The folder of package.json: the repository, or app.asar in a package. */
  appRoot: string;
}

/** Paths from the folder of the main bundle's entry files (`out/main`). */
export function appPaths(mainDir: string): AppPaths {
  return {
    workerScript: path.join(mainDir, 'job-worker.js'),
    rendererDir: path.join(mainDir, '..', 'renderer'),
    preloadDir: path.join(mainDir, '..', 'preload'),
    resourcesDir: path.join(mainDir, '..', '..', 'resources'),
    appRoot: path.join(mainDir, '..', '..'),
  };
}
