import fs from 'node:fs';
import path from 'node:path';
import { firstArrival, rayArrivals } from '../../src-main/training/synth/ray-times';
import type { VelocityModel } from '../../src-main/training/synth/velocity-model';
import { layer } from '../unit/inversion/model-layer';
import { testData } from './test-data';

const REFRAPY_SGT = testData('refraction/refrapy-ex01/picks/field_example_01.sgt');

/**
 * Under refrapy-ex01's stations: 2 m of dry ground, 3 m saturated (water carries P, not S),
 * then bedrock. At its 4 m spacing P sees dry ground over bedrock (2.9 m deep), S sees the
 * bedrock at 5 m: a layer hidden from P (inversion/hidden-layer.ts).
 */
export const SATURATED_UNDER_REFRAPY: VelocityModel = {
  layers: [layer(450, 230, 'dry'), layer(1600, 230, 'saturated'), layer(3400, 1700, 'bedrock')],
  interfaces: [
    { depth: 2, slope: 0, kind: 'water-table' },
    { depth: 5, slope: 0, kind: 'geology' },
  ],
  extent: [-50, 150],
};

/**
 * Refrapy's pick file with every time the model's ray-theory first arrival of `wave`,
 * written to `dir` as P.sgt or S.sgt; its path.
 */
export function rayTimesSgt(model: VelocityModel, wave: 'P' | 'S', dir: string): string {
  const lines = fs.readFileSync(REFRAPY_SGT, 'utf8').split('\n');
  const header = lines.findIndex((l) => l.includes('# shot/geophone points'));
  const count = Number(lines[header]!.trim().split(/\s+/)[0]);
  // The points follow their header and a "#x y" line.
  const x = lines
    .slice(header + 2, header + 2 + count)
    .map((l) => Number(l.trim().split(/\s+/)[0]));
  const start = lines.findIndex((l) => l.includes('# measurements')) + 2;
  const timed = lines.map((line, i) => {
    if (i < start || line.trim() === '') return line;
    const [s, g] = line.trim().split(/\s+/).map(Number);
    const time = firstArrival(rayArrivals(model, wave, x[s! - 1]!, x[g! - 1]!)).time;
    return `${s} ${g} ${time.toFixed(6)}`;
  });
  const file = path.join(dir, `${wave}.sgt`);
  fs.writeFileSync(file, timed.join('\n'));
  return file;
}
