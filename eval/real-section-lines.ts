import fs from 'node:fs';
import path from 'node:path';
import { readPicksCsv } from '../src-main/export/picks-csv';
import { readSgt } from '../src-main/export/sgt';
import type { SectionPick } from '../src-main/services/section-service';

/**
 * The real lines with an analyst's P picks and positions, as section picks: refrapy's field
 * example 1 (5 shots × 24 receivers) and each of formikoj's two crossing 94 m lines (48 shots
 * at its own geophones × 48 receivers, positions along the line from geometry.csv). GeoStack's
 * gathers have no positions and cannot be inverted. `data` resolves a path in the data folder.
 */
export interface SectionLine {
  name: string;
  picks: SectionPick[];
}

export function refrapy(data: (...parts: string[]) => string): SectionLine {
  const file = data('refraction', 'refrapy-ex01', 'picks', 'field_example_01.sgt');
  const sgt = readSgt(fs.readFileSync(file, 'utf8'), file);
  const shots = new Map<number, number>();
  return {
    name: 'refrapy-ex01',
    picks: sgt.picks.map((p, i) => {
      if (!shots.has(p.source.x)) shots.set(p.source.x, shots.size + 1);
      return {
        pickId: i + 1,
        traceId: i + 1,
        shotId: shots.get(p.source.x)!,
        sourceX: p.source.x,
        sourceZ: null,
        receiverX: p.receiver.x,
        receiverZ: null,
        time: p.time,
        sigma: null,
        layer: null,
      };
    }),
  };
}

/**
 * One of formikoj's lines: stations `first`..`first + 47` (receivers and the shots standing at
 * them), x = distance from the line's first station. Zero-offset picks (before the impact,
 * see the data set's README) and dead channels' picks are left out.
 */
export function formikojLine(data: (...parts: string[]) => string, first: number): SectionLine {
  const root = data('refraction', 'formikoj-soda-lakes');
  const stations = fs
    .readFileSync(path.join(root, 'geometry.csv'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split(',').map(Number));
  const origin = stations[first - 1]!;
  const along = (station: number) => {
    const s = stations[station - 1]!;
    return Math.hypot(s[0]! - origin[0]!, s[1]! - origin[1]!);
  };
  const onLine = (station: number) => station >= first && station < first + 48;
  const rows = readPicksCsv(fs.readFileSync(path.join(root, 'picks.csv'), 'utf8'), 'picks.csv');
  const dead = new Set([48, 59, 60]);
  const picks: SectionPick[] = [];
  for (const r of rows) {
    const shot = Number(/Shot_0(\d+)\.sg2/.exec(r.file)?.[1]) - 1000;
    const channel = r.trace + 1;
    if (!onLine(shot) || !onLine(channel) || dead.has(channel) || shot === channel) continue;
    if (r.time === null || !(r.time > 0)) continue;
    picks.push({
      pickId: picks.length + 1,
      traceId: picks.length + 1,
      shotId: shot,
      sourceX: +along(shot).toFixed(3),
      sourceZ: null,
      receiverX: +along(channel).toFixed(3),
      receiverZ: null,
      time: r.time,
      sigma: null,
      layer: null,
    });
  }
  return { name: `formikoj-soda-lakes line ${first === 1 ? 1 : 2}`, picks };
}

/** Every real line with positions, in the order the tables list them. */
export function realSectionLines(data: (...parts: string[]) => string): SectionLine[] {
  return [refrapy(data), formikojLine(data, 1), formikojLine(data, 49)];
}
