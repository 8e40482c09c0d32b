import type { ParseArgsConfig } from 'node:util';
import type { AppPaths } from '../paths';

export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Resolves when the process is asked to stop (Ctrl-C, SIGTERM): for long-running commands. */
  untilStopped(): Promise<void>;
}

export interface CommandContext {
  values: Record<string, string | boolean | (string | boolean)[] | undefined>;
  positionals: string[];
  /** `--json`: print one JSON document on stdout instead of text. */
  json: boolean;
  io: CliIo;
  paths: AppPaths;
}

/** What a command prints: `text` for people, `data` for `--json`. */
export interface CommandResult {
  text: string;
  data: unknown;
  /** Exit 1 after printing: a batch where some items failed and the rest are reported. */
  exitCode?: typeof EXIT_OK | typeof EXIT_FAILED;
}

export interface Command {
  name: string;
  summary: string;
  /** One line after `pickline `, e.g. `serve [--project DIR] [--port N]`. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  positionals?: boolean;
  run(ctx: CommandContext): Promise<CommandResult | void>;
}

/** Bad arguments: printed with the usage line, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Parses an integer option, naming the option when the value is not one. */
export function intOption(
  value: unknown,
  name: string,
  range: { min: number; max: number },
): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < range.min || n > range.max) {
    throw new UsageError(
      `--${name} must be an integer from ${range.min} to ${range.max}, got ${String(value)}`,
    );
  }
  return n;
}
