import { parseArgs } from 'node:util';
import pkg from '../../package.json';
import type { AppPaths } from '../paths';
import { backend } from './commands/backend';
import { demo } from './commands/demo';
import { convertPhasenet } from './commands/convert-phasenet';
import { evaluate } from './commands/evaluate';
import { exportCommand, importPicksCommand } from './commands/exchange';
import { inspect } from './commands/inspect';
import { models } from './commands/models';
import { pick } from './commands/pick';
import { pseudoLabelCommand } from './commands/pseudo-label';
import { teachCommand } from './commands/teach';
import { invertCommand } from './commands/invert';
import { qc } from './commands/qc';
import { importCommand, info, init } from './commands/project';
import { serve } from './commands/serve';
import { sectionsCommand } from './commands/sections';
import { shotsCommand } from './commands/shots';
import { synth } from './commands/synth';
import { train } from './commands/train';
import { EXIT_FAILED, EXIT_OK, EXIT_USAGE, UsageError, type CliIo, type Command } from './command';
import { maxOf } from '../numeric/extent';

/** Every subcommand, in the order `--help` lists them. Later features append here. */
export const commands: readonly Command[] = [
  serve,
  demo,
  init,
  importCommand,
  info,
  shotsCommand,
  importPicksCommand,
  exportCommand,
  inspect,
  pick,
  models,
  qc,
  pseudoLabelCommand,
  teachCommand,
  invertCommand,
  sectionsCommand,
  evaluate,
  synth,
  train,
  convertPhasenet,
  backend,
];

export function helpText(): string {
  const width = maxOf(commands.map((c) => c.name.length));
  return [
    `pickline ${pkg.version} — seismic P/S arrival picking, QC and export (offline)`,
    '',
    'Usage: pickline <command> [options] [--json]',
    '',
    'Commands:',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'Global options:',
    '  --help      show help (also: pickline <command> --help)',
    '  --version   print the version',
    '  --json      print one JSON document on stdout (errors: {"error":{code,message}})',
    '',
    'Exit codes: 0 ok, 1 runtime error, 2 usage error.',
  ].join('\n');
}

function commandHelp(command: Command): string {
  return `Usage: pickline ${command.usage}\n\n${command.summary}`;
}

/**
 * Runs one CLI invocation and returns its exit code. Never throws: usage errors exit 2
 * with the command's usage, runtime errors exit 1 with a message that says what failed.
 */
export async function runCli(argv: string[], io: CliIo, paths: AppPaths): Promise<number> {
  const json = argv.includes('--json');
  const fail = (code: 'usage' | 'failed', message: string, usage?: string): number => {
    if (json) io.out(JSON.stringify({ error: { code, message } }));
    else io.err(`pickline: ${message}${usage ? `\n${usage}` : ''}`);
    return code === 'usage' ? EXIT_USAGE : EXIT_FAILED;
  };

  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    io.out(helpText());
    return EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    io.out(json ? JSON.stringify({ version: pkg.version }) : pkg.version);
    return EXIT_OK;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    return fail(
      'usage',
      `unknown command ${JSON.stringify(name)}`,
      'Run `pickline --help` for the list.',
    );
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    io.out(commandHelp(command));
    return EXIT_OK;
  }

  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: rest,
      options: { ...command.options, json: { type: 'boolean' } },
      allowPositionals: command.positionals ?? false,
      strict: true,
    });
  } catch (err) {
    return fail('usage', (err as Error).message, `Usage: pickline ${command.usage}`);
  }

  try {
    const result = await command.run({
      values: parsed.values,
      positionals: parsed.positionals,
      json,
      io,
      paths,
    });
    if (result?.text || (json && result)) {
      io.out(json ? JSON.stringify(result.data, null, 2) : result.text);
    }
    return result?.exitCode ?? EXIT_OK;
  } catch (err) {
    if (err instanceof UsageError)
      return fail('usage', err.message, `Usage: pickline ${command.usage}`);
    return fail('failed', err instanceof Error ? err.message : String(err));
  }
}
