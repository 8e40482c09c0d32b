import { execFileSync, spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import pkg from '../../../package.json';
import { BUILT_CLI, requireBuild } from '../../helpers/built';
import { runPickline } from '../../helpers/cli';

const run = runPickline;

describe('pickline CLI dispatcher', () => {
  it('lists the commands in --help', async () => {
    const { code, out } = await run('--help');
    expect(code).toBe(0);
    expect(out).toMatch(/Usage: pickline <command>/);
    expect(out).toMatch(/^ {2}serve +serve the app/m);
    expect(out).toMatch(/Exit codes: 0 ok, 1 runtime error, 2 usage error/);
  });

  it('prints the version, also as JSON', async () => {
    expect(await run('--version')).toMatchObject({ code: 0, out: pkg.version });
    expect(JSON.parse((await run('--version', '--json')).out)).toEqual({ version: pkg.version });
  });

  it('exits 2 on an unknown command or option', async () => {
    const unknown = await run('frobnicate');
    expect(unknown.code).toBe(2);
    expect(unknown.err).toMatch(/unknown command "frobnicate"/);
    const badOption = await run('serve', '--colour', 'red');
    expect(badOption.code).toBe(2);
    expect(badOption.err).toMatch(/Unknown option '--colour'/);
    expect(badOption.err).toMatch(/Usage: pickline serve/);
  });

  it('reports usage errors as JSON on stdout with --json', async () => {
    const res = await run('serve', '--port', '99999', '--json');
    expect(res.code).toBe(2);
    expect(JSON.parse(res.out)).toEqual({
      error: { code: 'usage', message: '--port must be an integer from 0 to 65535, got 99999' },
    });
  });

  it('exits 1 with a clear message when the work fails', async () => {
    const res = await run('serve', '--project', '/nonexistent/pickline-project');
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/no Pickline project in \/nonexistent\/pickline-project/);
  });

  it('shows per-command help', async () => {
    const res = await run('serve', '--help');
    expect(res).toMatchObject({ code: 0 });
    expect(res.out).toMatch(/^Usage: pickline serve \[--project DIR\] \[--port N\]/);
  });
});

describe('installed pickline binary', () => {
  it('runs the built CLI with the exit codes of the convention', () => {
    requireBuild();
    expect(execFileSync('node', [BUILT_CLI, '--help'], { encoding: 'utf8' })).toMatch(/Commands:/);
    const bad = spawnSync('node', [BUILT_CLI, 'nope'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    const backend = spawnSync('node', [BUILT_CLI, 'backend', '--json'], { encoding: 'utf8' });
    expect(backend.status).toBe(0);
    expect(['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu']).toContain(
      JSON.parse(backend.stdout).name,
    );
  });
});
