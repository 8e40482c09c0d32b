import fs from 'node:fs';
import path from 'node:path';
import type { Trace } from '../../src-main/formats/record';
import { readAny } from '../../src-main/formats/registry';
import { writeSeg2 } from '../../src-main/formats/seg2-writer';

/** Two real formikoj shots and their analyst's picks (see the folder's README). */
export const FORMIKOJ = path.resolve(__dirname, '../data/refraction/formikoj-soda-lakes-excerpts');

/**
 * A formikoj shot's real traces written again by the SEG-2 writer, DELAY in the sign given
 * ('dmt': the pre-trigger length, +0.01), each trace changed by `change` first.
 */
export function rewrittenShot(
  name: string,
  delay: 'geometrics' | 'dmt',
  change: (t: Trace) => Partial<Trace> = () => ({}),
): Uint8Array {
  const traces = readAny(path.join(FORMIKOJ, name)).records[0]!.traces;
  return writeSeg2({
    coding: 'float32',
    delay,
    traces: traces.map((t) => ({ ...t, ...change(t), keywords: {} })),
  });
}

/** `rewrittenShot` saved in `dir` under the shot's name; returns its path. */
export function writeRewrittenShot(name: string, delay: 'geometrics' | 'dmt', dir: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, rewrittenShot(name, delay));
  return file;
}
