import fs from 'node:fs';
import path from 'node:path';

/**
 * One evaluation of `npm run eval`: measures Pickline on a data set too large to live in the
 * repository, prints its table and says which guarded floors it missed. Register a new one
 * in `suites.ts`.
 */
export interface EvalSuite {
  /** What `npm run eval -- NAME` selects it by. */
  name: string;
  /** One line: what is measured on what. */
  title: string;
  /** Files and folders the suite reads, relative to the data folder (`../shared/data`). */
  needs: readonly string[];
  /** Prints the suite's tables and returns the floors it missed (none: it passed). */
  run(context: EvalContext): Promise<FloorMiss[]>;
}

export interface EvalContext {
  /** The data folder given to `npm run eval` (absolute). */
  dataDir: string;
  /** A path inside the data folder. */
  data(...parts: string[]): string;
  /** Writes a table (or any text) to stdout. */
  print(text: string): void;
}

/** A guarded floor the measurement did not reach. */
export interface FloorMiss {
  what: string;
  measured: number;
  /** The condition it had to meet, e.g. '≥ 0.93'. */
  floor: string;
}

/**
 * Floors a suite checks as it goes: `atLeast('P F1', f1, 0.93)`. Missed ones are collected
 * for the summary instead of stopping the suite, so one run shows every table.
 */
export class Floors {
  readonly missed: FloorMiss[] = [];
  checked = 0;

  atLeast(what: string, measured: number, floor: number): void {
    this.checked++;
    if (!(measured >= floor)) this.missed.push({ what, measured, floor: `≥ ${floor}` });
  }

  atMost(what: string, measured: number, ceiling: number): void {
    this.checked++;
    if (!(measured <= ceiling)) this.missed.push({ what, measured, floor: `≤ ${ceiling}` });
  }

  equal(what: string, measured: number, expected: number): void {
    this.checked++;
    if (measured !== expected) this.missed.push({ what, measured, floor: `= ${expected}` });
  }
}

/** The needs of a suite that are not in the data folder. */
export function missingData(suite: EvalSuite, dataDir: string): string[] {
  return suite.needs.filter((need) => !fs.existsSync(path.join(dataDir, need)));
}
