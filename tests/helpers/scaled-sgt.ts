import fs from 'node:fs';
import path from 'node:path';
import { testData } from './test-data';

/** refrapy-ex01's analyst P picks (pyGIMLi .sgt), the line the scaled picks are made from. */
export const REFRAPY_SGT = testData('refraction/refrapy-ex01/picks/field_example_01.sgt');

/**
 * refrapy-ex01's analyst P picks with every time × `factor`, written to `dir`: the S picks of
 * a line where Vs = Vp / factor.
 */
export function scaledRefrapySgt(factor: number, dir: string): string {
  const lines = fs.readFileSync(REFRAPY_SGT, 'utf8').split('\n');
  const start = lines.findIndex((l) => l.includes('# measurements')) + 2;
  const scaled = lines.map((line, i) => {
    if (i < start || line.trim() === '') return line;
    const [s, g, t] = line.trim().split(/\s+/);
    return `${s} ${g} ${(Number(t) * factor).toFixed(6)}`;
  });
  const file = path.join(dir, `s-${factor}.sgt`);
  fs.writeFileSync(file, scaled.join('\n'));
  return file;
}
