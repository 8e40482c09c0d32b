import { invertPicks } from '../src-main/services/section-service';
import { realSectionLines } from './real-section-lines';
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
    const lines = realSectionLines(data);
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
