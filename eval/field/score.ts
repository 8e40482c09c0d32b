/**
 * A picker scored on a field line the way a crew would meet it: every file through
 * `pickFile` with the options given (the defaults of `pickline pick` unless told), P picks
 * against the analyst's.
 */
import { residualStats, type ResidualStats } from '../../src-main/metrics/residual-stats';
import type { LoadedModel } from '../../src-main/picking/model-dir';
import { pickFile, type PickFileOptions } from '../../src-main/picking/pick-file';
import type { FieldLine } from './lines';

export interface LineScore extends ResidualStats {
  line: string;
  /** P picks made on the whole line, and how many before the shot. */
  picks: number;
  beforeShot: number;
  seconds: number;
}

export async function scoreLine(
  line: FieldLine,
  model: LoadedModel | null,
  options: Partial<PickFileOptions> = {},
): Promise<LineScore> {
  const started = performance.now();
  const times = new Map<string, number>();
  let picks = 0;
  let beforeShot = 0;
  for (const [f, file] of line.files.entries()) {
    const result = await pickFile(file, {
      method: 'phasenet',
      ...(model ? { model } : {}),
      ...options,
      phases: ['P'],
    });
    for (const p of result.picks) {
      if (p.time === null) continue;
      picks++;
      if (p.time < 0) beforeShot++;
      times.set(`${f}:${p.trace}`, p.time);
    }
  }
  const residuals = line.reference.map((r) => {
    const t = times.get(`${r.file}:${r.trace}`);
    return t === undefined ? null : t - r.time;
  });
  return {
    line: line.name,
    ...residualStats(residuals),
    picks,
    beforeShot,
    seconds: (performance.now() - started) / 1000,
  };
}
