import type { Seg2DelayConvention } from '../../formats/plugin';
import { Project } from '../../catalogue/project';
import { intOption, UsageError, type CommandContext } from '../command';

/** `--delay`: how to read SEG-2 DELAY (see ReadOptions.seg2Delay). */
export function delayOption(value: unknown): Seg2DelayConvention | undefined {
  if (value === undefined || value === 'geometrics' || value === 'dmt') return value;
  throw new UsageError(`--delay must be geometrics or dmt, got ${String(value)}`);
}

/** A string option the command cannot do without. */
export function requiredOption(values: CommandContext['values'], name: string): string {
  const v = values[name];
  if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`--${name} is required`);
  return v;
}

/** An option with a fixed set of values, or undefined when not given. */
export function choiceOption<T extends string>(
  value: unknown,
  name: string,
  allowed: readonly T[],
): T | undefined {
  if (value === undefined) return undefined;
  if (allowed.includes(value as T)) return value as T;
  throw new UsageError(`--${name} must be ${allowed.join('|')}, got ${String(value)}`);
}

/** A comma-separated list option (record ids, say), blanks dropped; [] when not given. */
export function listOption(value: unknown): string[] {
  return typeof value === 'string'
    ? value
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')
    : [];
}

/** Runs `fn` on the project in `dir`, closing it whatever happens (after `fn`'s promise, if any). */
export function withProject<T>(dir: string, fn: (project: Project) => T): T {
  const project = Project.open(dir);
  let result: T;
  try {
    result = fn(project);
  } catch (err) {
    project.close();
    throw err;
  }
  if (result instanceof Promise) {
    return result.finally(() => project.close()) as T;
  }
  project.close();
  return result;
}

/** A positive, finite number option, or undefined when not given. */
export function positiveOption(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (typeof value !== 'string' || value.trim() === '' || !(n > 0) || !Number.isFinite(n)) {
    throw new UsageError(`--${name} must be a positive number, got ${String(value)}`);
  }
  return n;
}

/** A catalogue id (a section, a shot): a positive integer. */
export const idOption = (values: CommandContext['values'], name: string) =>
  intOption(values[name], name, { min: 1, max: Number.MAX_SAFE_INTEGER });
