import { spawn } from 'node:child_process';
import { runCli } from '../../src-main/cli/dispatcher';
import { appPaths } from '../../src-main/paths';
import { BUILT_CLI, BUILT_MAIN } from './built';

/**
 * Runs one `pickline` invocation in-process and collects what it printed. Nobody presses
 * Ctrl-C: `untilStopped` never resolves (long commands would otherwise cancel at once).
 */
export async function runPickline(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    argv,
    { out: (t) => out.push(t), err: (t) => err.push(t), untilStopped: () => new Promise(() => {}) },
    appPaths(BUILT_MAIN),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

/**
 * Runs `pickline` from the built bundle in a process of its own, as a crew's batch job
 * would: for tests where several writers meet on one project.
 */
export function spawnPickline(
  ...args: string[]
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BUILT_CLI, ...args]);
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}
