import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { DesktopError, REPO, type ElectronTarget } from './electron-target';

/**
 * The Electron binary (about 100 MB) is not in the npm package: Electron's install.js fetches
 * it from GitHub on first use. electron-vite would try the same and fail with a bare
 * "Electron uninstall"; this step fetches it first and says plainly what it could not get.
 */
export function electronBinaryInstalled(repo = REPO): boolean {
  const dir = path.join(repo, 'node_modules', 'electron');
  const pathFile = path.join(dir, 'path.txt');
  const executable = fs.existsSync(pathFile) ? fs.readFileSync(pathFile, 'utf8') : 'electron';
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? path.join(dir, 'dist');
  return fs.existsSync(path.join(dist, executable));
}

export function ensureElectronBinary(target: ElectronTarget, repo = REPO): void {
  if (electronBinaryInstalled(repo)) return;
  const run = spawnSync(process.execPath, [path.join(repo, 'node_modules/electron/install.js')], {
    cwd: repo,
    encoding: 'utf8',
    timeout: 15 * 60_000,
  });
  if (run.status === 0 && electronBinaryInstalled(repo)) return;
  const reason =
    (run.stderr ?? '')
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '' && !l.startsWith('at ')) ?? `install.js exited with ${run.status}`;
  throw new DesktopError(
    `could not fetch the Electron ${target.version} binary (${reason}; no network?): ` +
      'run `npx install-electron` once with network, or set ELECTRON_OVERRIDE_DIST_PATH to an ' +
      `unpacked Electron ${target.version}; the CLI and \`npm run web\` work without it`,
  );
}
