import fs from 'node:fs';
import path from 'node:path';
import { readPicksCsv } from '../src-main/export/picks-csv';
import { readSgt } from '../src-main/export/sgt';
import { invertPicks, type SectionPick } from '../src-main/services/section-service';
import { Floors, type EvalSuite } from './suite';
import { formatTable } from './table';

/**
 * Velocity sections from the analysts' P picks of the real lines with positions: refrapy's
 * field example 1 (5 shots × 24 receivers) and each of formikoj's two crossing 94 m lines
 * (48 shots at its own geophones × 48 receivers, positions along the line from geometry.csv).
 * The issue's floor: RMS misfit ≤ 1.5 ms on every line. GeoStack's gathers have no positions
 * and cannot be inverted.
 */
const RMS_CEILING = 0.0015;

interface Line {
  name: string;
  picks: SectionPick[];
}

function refrapy(data: (...parts: string[]) => string): Line {
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
function formikojLine(data: (...parts: string[]) => string, first: number): Line {
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

export const sections: EvalSuite = {
  name: 'sections',
  title: 'velocity sections from the analysts’ P picks of the real lines: misfit and time',
  needs: [
    'refraction/refrapy-ex01/picks/field_example_01.sgt',
    'refraction/formikoj-soda-lakes/geometry.csv',
    'refraction/formikoj-soda-lakes/picks.csv',
  ],
  async run({ data, print }) {
    const floors = new Floors();
    const lines = [refrapy(data), formikojLine(data, 1), formikojLine(data, 49)];
    const rows = [];
    for (const line of lines) {
      const runs = [
        { method: 'tomography', start: 'gradient', label: 'tomography' },
        { method: 'tomography', start: 'timeterm', label: 'tomography from time-terms' },
        { method: 'timeterm', start: 'gradient', label: 'time-terms' },
      ] as const;
      for (const { method, start, label } of runs) {
        const started = performance.now();
        const section = invertPicks(line.picks, { phase: 'P', method, start, picks: 'all' });
        const seconds = (performance.now() - started) / 1000;
        const covered = section.velocity.filter(
          (v, k) => v !== null && (section.coverage === null || section.coverage[k]! > 0),
        ) as number[];
        covered.sort((a, b) => a - b);
        rows.push({
          line: line.name,
          method: label,
          picks: section.picks,
          shots: section.shots,
          'RMS (ms)': +(section.rms * 1000).toFixed(2),
          'chi²': +section.chi2.toFixed(2),
          'v p10 / p90 (m/s)': covered.length
            ? `${covered[Math.floor(covered.length * 0.1)]!.toFixed(0)} / ${covered[Math.floor(covered.length * 0.9)]!.toFixed(0)}`
            : '–',
          layers: section.layers.map((l) => l.velocity.toFixed(0)).join(' / ') || '–',
          'time (s)': +seconds.toFixed(1),
          warnings: section.warnings.length,
        });
        if (method === 'tomography' && start === 'gradient') {
          floors.atMost(`${line.name} tomography RMS, s`, section.rms, RMS_CEILING);
        }
      }
    }
    print(formatTable(rows));
    return floors.missed;
  },
};
