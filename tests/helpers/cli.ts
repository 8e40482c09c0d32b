import { runCli } from '../../src-main/cli/dispatcher';
import { appPaths } from '../../src-main/paths';
import { BUILT_MAIN } from './built';

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
