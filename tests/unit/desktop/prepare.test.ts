import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  abiOfBinding,
  DesktopError,
  electronTarget,
} from '../../../scripts/desktop/electron-target';
import {
  buildSqliteForElectron,
  sqliteBuild,
  upToDate,
  type Builder,
} from '../../../scripts/desktop/sqlite-for-electron';
import { BUILT_CLI, requireBuild } from '../../helpers/built';
import { tmpDir } from '../../helpers/tmp';

/**
 * The desktop preparation (`npm start`'s first step) against this checkout: whatever it
 * manages here, Node's better-sqlite3 in node_modules stays as npm built it, and the CLI
 * runs on it afterwards. Offline (as on the machine these tests were written on) Electron's
 * headers and prebuilt bindings cannot be fetched, so the Electron build is checked for
 * Electron's ABI only where the preparation could make one.
 */
const REPO = path.resolve(__dirname, '../../..');
const JITI = path.join(REPO, 'node_modules/jiti/lib/jiti-cli.mjs');
const PREPARE = path.join(REPO, 'scripts/desktop/prepare.ts');
const NODE_BINDING = path.join(
  REPO,
  'node_modules/better-sqlite3/build/Release/better_sqlite3.node',
);
const target = electronTarget(REPO);

/** What would show any write to Node's binding: its bytes, its inode and its times. */
function fingerprint(file: string) {
  const stat = fs.statSync(file);
  const hash = crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
  return { hash, ino: stat.ino, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs };
}

function prepare(...steps: string[]) {
  return spawnSync(process.execPath, [JITI, PREPARE, ...steps], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 15 * 60_000,
  });
}

/** `pickline init` and `pickline info` on a fresh project: the catalogue opens under Node. */
function cliWorks(): void {
  const dir = path.join(tmpDir(), 'project');
  const init = spawnSync(process.execPath, [BUILT_CLI, 'init', dir], { encoding: 'utf8' });
  expect(init.stderr).toBe('');
  expect(init.status).toBe(0);
  const info = spawnSync(process.execPath, [BUILT_CLI, 'info', '--project', dir, '--json'], {
    encoding: 'utf8',
  });
  expect(info.status).toBe(0);
  expect(JSON.parse(info.stdout)).toMatchObject({ files: 0, shots: 0 });
}

describe('the desktop preparation and Node’s better-sqlite3', () => {
  beforeAll(() => requireBuild());

  it('Node’s build is one for Node (the ABI this test runs on)', () => {
    expect(abiOfBinding(NODE_BINDING)).toBe(process.versions.modules);
    expect(target.abi).not.toBe(process.versions.modules);
  });

  it(
    'builds better-sqlite3 for Electron apart, or says in one line why not; Node’s is untouched and the CLI runs',
    () => {
      const before = fingerprint(NODE_BINDING);
      const run = prepare('sqlite');
      const binding = sqliteBuild(target, REPO).binding;
      if (run.status === 0) {
        // With network: the binding the app loads carries Electron's ABI.
        expect(abiOfBinding(binding)).toBe(target.abi);
      } else {
        expect(run.status).toBe(1);
        const lines = run.stderr.trim().split('\n');
        expect(lines.at(-1)).toMatch(
          new RegExp(
            `^pickline: could not build better-sqlite3 for Electron ${target.version} \\(ABI ${target.abi}\\): .*` +
              "The CLI, `npm run web` and the tests use Node's build and are unaffected$",
          ),
        );
        expect(lines).toHaveLength(2); // 'building...', then the reason
      }
      expect(fingerprint(NODE_BINDING)).toEqual(before);
      expect(
        fs.readdirSync(path.dirname(path.dirname(binding))).filter((f) => f.startsWith('.staging')),
      ).toEqual([]);
      cliWorks();
    },
    16 * 60_000,
  );

  it(
    'interrupted half-way, leaves Node’s build as it was; the next run clears what it left',
    async () => {
      const before = fingerprint(NODE_BINDING);
      const workDir = sqliteBuild(target, REPO).workDir;
      const stamp = fs.existsSync(sqliteBuild(target, REPO).stamp);
      // --rebuild: it builds even where Electron's build is up to date, and keeps that one.
      const child = spawn(process.execPath, [JITI, PREPARE, 'sqlite', '--rebuild'], {
        cwd: REPO,
        stdio: 'ignore',
      });
      const exited = new Promise((resolve) => child.once('exit', resolve));
      // Kill it while it works in its staging folder (copying sources or building).
      const staging = await new Promise<string | null>((resolve) => {
        const timer = setInterval(() => {
          const found = fs.existsSync(workDir)
            ? fs.readdirSync(workDir).find((f) => f === `.staging-${child.pid}`)
            : undefined;
          if (found || child.exitCode !== null) {
            clearInterval(timer);
            resolve(found ? path.join(workDir, found) : null);
          }
        }, 5);
      });
      child.kill('SIGKILL');
      await exited;
      expect(staging).not.toBeNull();
      expect(fingerprint(NODE_BINDING)).toEqual(before);
      cliWorks();
      prepare('sqlite');
      expect(fs.existsSync(staging!)).toBe(false);
      expect(fs.existsSync(sqliteBuild(target, REPO).stamp)).toBe(stamp);
      expect(fingerprint(NODE_BINDING)).toEqual(before);
    },
    16 * 60_000,
  );
});

describe('the Electron build it installs', () => {
  const nodeBuildInStaging: Builder = (staging) => {
    fs.mkdirSync(path.join(staging, 'build', 'Release'), { recursive: true });
    fs.copyFileSync(NODE_BINDING, path.join(staging, 'build', 'Release', 'better_sqlite3.node'));
    return { what: 'Node headers (as npm_config_nodedir=/usr gave)', status: 0, output: '' };
  };

  function scratchBuild() {
    const dir = tmpDir();
    const binding = path.join(dir, 'electron', 'better_sqlite3.node');
    return {
      ...sqliteBuild(target, REPO),
      binding,
      stamp: binding.replace(/\.node$/, '.json'),
      workDir: dir,
    };
  }

  it('is refused when it comes out built for another ABI, and nothing is installed', () => {
    const build = scratchBuild();
    expect(() => buildSqliteForElectron(build, { builders: [nodeBuildInStaging] })).toThrow(
      new DesktopError(
        `better-sqlite3 came out built for ABI ${process.versions.modules}, not Electron ${target.version}'s ` +
          `${target.abi}; refused (see ${path.relative(REPO, path.join(build.workDir, 'electron-build.log'))})`,
      ),
    );
    expect(fs.existsSync(build.binding)).toBe(false);
    expect(fs.readdirSync(build.workDir)).toEqual(['electron-build.log']);
  });

  it('is up to date only with its stamp and Electron’s ABI inside', () => {
    const build = scratchBuild();
    const electronLike: Builder = (staging) => {
      fs.mkdirSync(path.join(staging, 'build', 'Release'), { recursive: true });
      fs.writeFileSync(
        path.join(staging, 'build', 'Release', 'better_sqlite3.node'),
        `\0ELF...node_register_module_v${target.abi}\0`,
      );
      return { what: 'a stand-in with the right symbol', status: 0, output: '' };
    };
    expect(upToDate(build)).toBe(false);
    buildSqliteForElectron(build, { builders: [electronLike] });
    expect(upToDate(build)).toBe(true);
    expect(JSON.parse(fs.readFileSync(build.stamp, 'utf8'))).toEqual({
      electron: target.version,
      abi: target.abi,
      platform: process.platform,
      arch: process.arch,
      betterSqlite3: build.sqliteVersion,
    });
    expect(upToDate({ ...build, sqliteVersion: '0.0.1' })).toBe(false);
    expect(upToDate({ ...build, target: { ...target, abi: '1' } })).toBe(false);
  });
});

describe('the Electron binary', () => {
  it('not fetched: one line saying so and how to get it', () => {
    const empty = tmpDir();
    const run = spawnSync(process.execPath, [JITI, PREPARE, 'electron'], {
      cwd: REPO,
      encoding: 'utf8',
      env: {
        ...process.env,
        // Nothing answers here, with or without network; an empty cache and dist.
        ELECTRON_MIRROR: 'http://127.0.0.1:9/',
        electron_config_cache: empty,
        ELECTRON_OVERRIDE_DIST_PATH: empty,
      },
    });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(
        `^pickline: could not fetch the Electron ${target.version} binary \\(.*; no network\\?\\): ` +
          'run `npx install-electron` once with network, .*; the CLI and `npm run web` work without it\\n$',
      ),
    );
  });
});
