import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ELECTRON_BINDING } from '../../src-main/catalogue/native-binding';
import { abiOfBinding, DesktopError, REPO, type ElectronTarget } from './electron-target';

/**
 * Builds better-sqlite3 for Electron into build/native/electron, never in node_modules: the
 * package's sources are copied to a staging folder and built there, and only a binding
 * verified to carry Electron's ABI is renamed into place. Node's build in node_modules is
 * only ever read, so an interrupted or failed preparation leaves the CLI, `npm run web` and
 * the tests working (electron-builder install-app-deps rebuilt it in place, for whichever
 * ABI its headers happened to give).
 */
export interface SqliteBuild {
  target: ElectronTarget;
  sqliteVersion: string;
  /** node_modules/better-sqlite3: read, never written. */
  source: string;
  /** The Electron build, where the app loads it (src-main/catalogue/native-binding.ts). */
  binding: string;
  /** What the binding was built for; a binding without a matching stamp is rebuilt. */
  stamp: string;
  /** Where builds happen: build/native, beside the binding, so the final rename is atomic. */
  workDir: string;
}

export function sqliteBuild(target: ElectronTarget, repo = REPO): SqliteBuild {
  const source = path.join(repo, 'node_modules', 'better-sqlite3');
  const { version } = JSON.parse(fs.readFileSync(path.join(source, 'package.json'), 'utf8')) as {
    version: string;
  };
  const binding = path.join(repo, ...ELECTRON_BINDING);
  return {
    target,
    sqliteVersion: version,
    source,
    binding,
    stamp: binding.replace(/\.node$/, '.json'),
    workDir: path.dirname(path.dirname(binding)),
  };
}

function stampOf(build: SqliteBuild): string {
  const { target, sqliteVersion } = build;
  return `${JSON.stringify({ electron: target.version, abi: target.abi, platform: target.platform, arch: target.arch, betterSqlite3: sqliteVersion }, null, 2)}\n`;
}

export function upToDate(build: SqliteBuild): boolean {
  return (
    fs.existsSync(build.binding) &&
    fs.existsSync(build.stamp) &&
    fs.readFileSync(build.stamp, 'utf8') === stampOf(build) &&
    abiOfBinding(build.binding) === build.target.abi
  );
}

/**
 * npm hands its configuration to scripts as npm_config_* variables, and a `nodedir` there
 * (Debian's Node sets nodedir=/usr) makes node-gyp build against Node's headers whatever
 * target it is given: the Node-ABI binding the issue found. The build gets none of them.
 */
function buildEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^npm_config_/i.test(key) && !/proxy|cafile|^npm_config_ca$|strict_ssl/i.test(key)) {
      delete env[key];
    }
  }
  return env;
}

/** What one way of getting the binding printed, and whether it worked. */
export interface Attempt {
  what: string;
  status: number | null;
  output: string;
}

/** A way to put a binding at `staging`/build/Release/better_sqlite3.node. */
export type Builder = (staging: string, target: ElectronTarget, repo: string) => Attempt;

function run(what: string, cwd: string, args: string[]): Attempt {
  const result = spawnSync(process.execPath, args, {
    cwd,
    env: buildEnv(),
    encoding: 'utf8',
    timeout: 20 * 60_000,
  });
  return { what, status: result.status, output: `${result.stdout ?? ''}${result.stderr ?? ''}` };
}

/** A prebuilt binding for this Electron, from better-sqlite3's GitHub releases... */
const prebuilt: Builder = (staging, target, repo) =>
  run('prebuilt binding (github.com)', staging, [
    path.join(repo, 'node_modules', 'prebuild-install', 'bin.js'),
    ...['--runtime', 'electron', '--target', target.version],
    ...['--arch', target.arch, '--platform', target.platform, '--verbose'],
  ]);

/** ...else compiled against Electron's headers, cached where @electron/rebuild keeps them. */
const compiled: Builder = (staging, target, repo) =>
  run("compiled against Electron's headers (electronjs.org)", staging, [
    path.join(repo, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    ...['rebuild', '--release', '--runtime=electron', `--target=${target.version}`],
    `--arch=${target.arch}`,
    '--dist-url=https://electronjs.org/headers',
    `--devdir=${path.join(os.homedir(), '.electron-gyp')}`,
  ]);

export const BUILDERS: readonly Builder[] = [prebuilt, compiled];

const NETWORK =
  /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|getaddrinfo|fetch failed|network connectivity/;

/** Removes staging folders of earlier runs that were interrupted (their process is gone). */
function removeStaleStaging(workDir: string): void {
  if (!fs.existsSync(workDir)) return;
  for (const name of fs.readdirSync(workDir)) {
    const pid = /^\.staging-(\d+)$/.exec(name)?.[1];
    if (!pid || isAlive(Number(pid))) continue;
    fs.rmSync(path.join(workDir, name), { recursive: true, force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * The sqlite step of `npm start`: clears what interrupted runs left, then builds Electron's
 * binding unless it is up to date (or `rebuild`), saying so first through `starting`.
 */
export function ensureSqliteForElectron(
  build: SqliteBuild,
  { rebuild = false, starting }: { rebuild?: boolean; starting(): void },
): void {
  removeStaleStaging(build.workDir);
  if (!rebuild && upToDate(build)) return;
  starting();
  buildSqliteForElectron(build);
}

/** Builds and installs the Electron binding; throws a one-line DesktopError when it cannot. */
export function buildSqliteForElectron(
  build: SqliteBuild,
  { repo = REPO, builders = BUILDERS }: { repo?: string; builders?: readonly Builder[] } = {},
): void {
  const { target } = build;
  const staging = path.join(build.workDir, `.staging-${process.pid}`);
  fs.mkdirSync(staging, { recursive: true });
  const log = path.join(build.workDir, 'electron-build.log');
  const built = path.join(staging, 'build', 'Release', 'better_sqlite3.node');
  try {
    fs.cpSync(build.source, staging, {
      recursive: true,
      filter: (from) => path.relative(build.source, from).split(path.sep)[0] !== 'build',
    });
    const attempts: Attempt[] = [];
    for (const builder of builders) {
      attempts.push(builder(staging, target, repo));
      if (attempts.at(-1)!.status === 0 && fs.existsSync(built)) break;
    }
    fs.writeFileSync(
      log,
      attempts.map((a) => `## ${a.what}: exit ${a.status}\n${a.output}`).join('\n'),
    );
    if (attempts.at(-1)!.status !== 0 || !fs.existsSync(built)) {
      const offline = attempts.every((a) => NETWORK.test(a.output));
      throw new DesktopError(
        `could not build better-sqlite3 for Electron ${target.version} (ABI ${target.abi}): ` +
          (offline
            ? `neither a prebuilt binding nor Electron's headers could be fetched (no network?); `
            : `see ${path.relative(repo, log)}; `) +
          'run `npm start` once with network. The CLI, `npm run web` and the tests use ' +
          "Node's build and are unaffected",
      );
    }
    const abi = abiOfBinding(built);
    if (abi !== target.abi) {
      throw new DesktopError(
        `better-sqlite3 came out built for ABI ${abi ?? 'unknown'}, not Electron ${target.version}'s ` +
          `${target.abi}; refused (see ${path.relative(repo, log)})`,
      );
    }
    // The binding first, by rename; then the stamp that says it is complete.
    fs.mkdirSync(path.dirname(build.binding), { recursive: true });
    const partial = `${build.binding}.partial-${process.pid}`;
    fs.copyFileSync(built, partial);
    fs.renameSync(partial, build.binding);
    fs.writeFileSync(build.stamp, stampOf(build));
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
