import fs from 'node:fs';
import path from 'node:path';

/**
 * better-sqlite3 is a native module, built for one runtime's ABI. npm builds it for Node in
 * node_modules, where the CLI, `npm run web` and the tests load it. Electron's ABI differs,
 * so Electron loads a second build kept apart in build/native/electron, which the desktop
 * scripts prepare (scripts/desktop/) and the packages carry: neither runtime's build ever
 * replaces the other's, so the two work in any order on one checkout.
 */
export const ELECTRON_BINDING = ['build', 'native', 'electron', 'better_sqlite3.node'] as const;

/**
 * The Electron build's path in an app whose package.json is in `appRoot`. In a packaged app
 * the root is app.asar and native files are unpacked beside it (electron-builder's
 * asarUnpack), where the loader must find them.
 */
export function electronBindingFile(appRoot: string): string {
  return path
    .join(appRoot, ...ELECTRON_BINDING)
    .replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

/**
 * The binding this runtime loads: under Node none (better-sqlite3 finds the one npm built),
 * under Electron its own build, which must exist.
 */
export function bindingForRuntime(
  appRoot: string,
  versions: Partial<Record<string, string>> = process.versions,
  exists: (file: string) => boolean = fs.existsSync,
): string | undefined {
  if (!versions.electron) return undefined;
  const file = electronBindingFile(appRoot);
  if (!exists(file)) {
    throw new Error(
      `${file} is missing: better-sqlite3 has no build for Electron ${versions.electron} ` +
        'yet; run `npm start` in the Pickline folder (with network the first time), which builds it',
    );
  }
  return file;
}
