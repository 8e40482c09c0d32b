/**
 * `npm start`, `npm run dev` and `npm run dist` run this first: the Electron binary, then
 * better-sqlite3 built for Electron (kept apart from Node's build, see sqlite-for-electron.ts).
 * `jiti scripts/desktop/prepare.ts [electron] [sqlite]` runs the steps named. A step that
 * fails says why in one line and exits 1, before Electron is launched.
 */
import { ensureElectronBinary } from './electron-binary';
import { DesktopError, electronTarget } from './electron-target';
import { buildSqliteForElectron, sqliteBuild, upToDate } from './sqlite-for-electron';

const STEPS = ['electron', 'sqlite'] as const;

function main(args: string[]): void {
  const unknown = args.filter((a) => !(STEPS as readonly string[]).includes(a));
  if (unknown.length) {
    throw new DesktopError(`unknown step ${unknown.join(', ')}; steps: ${STEPS.join(', ')}`);
  }
  const steps = args.length ? args : STEPS;
  const target = electronTarget();
  if (steps.includes('electron')) ensureElectronBinary(target);
  if (steps.includes('sqlite')) {
    const build = sqliteBuild(target);
    if (!upToDate(build)) {
      process.stderr.write(
        `pickline: building better-sqlite3 for Electron ${target.version} (once per Electron version)\n`,
      );
      buildSqliteForElectron(build);
    }
  }
}

try {
  main(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof DesktopError)) throw err;
  process.stderr.write(`pickline: ${err.message}\n`);
  process.exit(1);
}
