/**
 * `npm start`, `npm run dev` and `npm run dist` run this first: the Electron binary, then
 * better-sqlite3 built for Electron (kept apart from Node's build, see sqlite-for-electron.ts).
 * `jiti scripts/desktop/prepare.ts [electron] [sqlite] [--rebuild]` runs the steps named;
 * `--rebuild` builds better-sqlite3 again even if Electron's build is up to date (a failed
 * rebuild keeps the one there). A step that fails says why in one line and exits 1, before
 * Electron is launched.
 */
import { ensureElectronBinary } from './electron-binary';
import { DesktopError, electronTarget } from './electron-target';
import { ensureSqliteForElectron, sqliteBuild } from './sqlite-for-electron';

const STEPS = ['electron', 'sqlite'] as const;

function main(args: string[]): void {
  const rebuild = args.includes('--rebuild');
  const named = args.filter((a) => a !== '--rebuild');
  const unknown = named.filter((a) => !(STEPS as readonly string[]).includes(a));
  if (unknown.length) {
    throw new DesktopError(
      `unknown step ${unknown.join(', ')}; steps: ${STEPS.join(', ')}, option --rebuild`,
    );
  }
  const steps = named.length ? named : STEPS;
  const target = electronTarget();
  if (steps.includes('electron')) ensureElectronBinary(target);
  if (steps.includes('sqlite')) {
    ensureSqliteForElectron(sqliteBuild(target), {
      rebuild,
      starting: () =>
        process.stderr.write(
          `pickline: building better-sqlite3 for Electron ${target.version} (once per Electron version)\n`,
        ),
    });
  }
}

try {
  main(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof DesktopError)) throw err;
  process.stderr.write(`pickline: ${err.message}\n`);
  process.exit(1);
}
