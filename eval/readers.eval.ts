import fs from 'node:fs';
import path from 'node:path';
import type { SeismicFile } from '../src-main/formats/record';
import { readAny } from '../src-main/formats/registry';
import { Floors, type EvalSuite } from './suite';
import { formatTable } from './table';

/**
 * Every file of the real data sets through `readAny`, each checked against what the data
 * set says of itself (shapes, sample interval, the labels beside it). The unit tests read a
 * few files of each (tests/data); this reads them all, and the ones too large or of unknown
 * licence to carry (the formikoj survey, the seed's SPECFEM2D seismogram).
 */
interface DataSet {
  name: string;
  folder: string;
  /** Files the data set has. */
  count: number;
  matches(file: string): boolean;
  /** What is wrong with the file as read, or null. */
  check(read: SeismicFile, file: string): string | null;
}

const shape = (read: SeismicFile, traces: number, samples: number, dt: number) => {
  const all = read.records.flatMap((r) => r.traces);
  if (all.length !== traces) return `${all.length} traces, not ${traces}`;
  const odd = all.find(
    (t) => t.samples.length !== samples || Math.abs(t.sampleInterval - dt) > 1e-12,
  );
  return odd ? `a trace of ${odd.samples.length} samples at ${odd.sampleInterval} s` : null;
};

const DATA_SETS: DataSet[] = [
  {
    name: 'PhaseNet demo windows (npz)',
    folder: 'phasenet/demo',
    count: 100,
    matches: (f) => f.endsWith('.npz'),
    check(read, file) {
      const listed = fs
        .readFileSync(path.join(path.dirname(file), 'waveform.csv'), 'latin1')
        .split(/\r?\n/)
        .find((line) => line.startsWith(`${path.basename(file)},`));
      if (!listed) return 'not in waveform.csv';
      const [, itp, its] = listed.split(',');
      const picks = read.records[0]!.picks.map((p) => `${p.phase} ${p.time.toFixed(2)}`);
      const want = [`P ${(Number(itp) * 0.01).toFixed(2)}`, `S ${(Number(its) * 0.01).toFixed(2)}`];
      if (picks.join() !== want.join())
        return `picks ${picks.join()} but waveform.csv says ${want.join()}`;
      return shape(read, 3, 9001, 0.01);
    },
  },
  {
    name: 'GeoStack gathers (npy + first breaks)',
    folder: 'refraction/geostack-dataset1',
    count: 20,
    matches: (f) => f.endsWith('.npy'),
    check(read, file) {
      const times = fs
        .readFileSync(file.replace(/\.npy$/, '.txt'), 'latin1')
        .trim()
        .split('\n')
        .slice(1)
        .map(Number);
      const picks = read.records[0]!.picks.map((p) => p.time);
      if (picks.join() !== times.join()) return 'first breaks differ from the .txt';
      return shape(read, 48, 4000, 1);
    },
  },
  {
    name: 'refrapy field example 01 (SEG-2)',
    folder: 'refraction/refrapy-ex01/data',
    count: 5,
    matches: (f) => f.endsWith('.dat'),
    check: (read) => shape(read, 24, 16000, 0.000125),
  },
  {
    name: 'formikoj soda lakes (SEG-2, DMT)',
    folder: 'refraction/formikoj-soda-lakes/data',
    count: 116,
    matches: (f) => f.endsWith('.sg2'),
    check: (read) => shape(read, 96, 2048, 0.00025),
  },
  {
    name: "the seed's SPECFEM2D seismogram",
    folder: 'specfem2d',
    count: 1,
    matches: (f) => f.endsWith('.semv'),
    check(read) {
      const t = read.records[0]!.traces[0]!;
      if (t.startTime !== -0.015) return `starts at ${t.startTime} s`;
      // The last line: 0.58499999999999996  -2.5127294520643773E-006.
      if (t.samples[24000] !== Math.fround(-2.5127294520643773e-6)) return 'last sample differs';
      return shape(read, 1, 24001, 2.5e-5);
    },
  },
];

export const readers: EvalSuite = {
  name: 'readers',
  title: 'every file of the real data sets read, checked against their own labels',
  needs: DATA_SETS.map((d) => d.folder),
  async run({ data, print }) {
    const floors = new Floors();
    const rows = [];
    const problems: string[] = [];
    for (const set of DATA_SETS) {
      const folder = data(set.folder);
      const files = fs.readdirSync(folder).filter(set.matches).sort();
      let read = 0;
      let traces = 0;
      let wrong = 0;
      for (const name of files) {
        const file = path.join(folder, name);
        try {
          const result = readAny(file);
          read++;
          traces += result.records.reduce((n, r) => n + r.traces.length, 0);
          const problem = set.check(result, file);
          if (problem) {
            wrong++;
            problems.push(`${file}: ${problem}`);
          }
        } catch (err) {
          problems.push(`${file}: ${err instanceof Error ? err.message : String(err)}`);
        }
      }
      floors.equal(`${set.name}: files`, files.length, set.count);
      floors.equal(`${set.name}: files read`, read, files.length);
      floors.equal(`${set.name}: files unlike their labels`, wrong, 0);
      rows.push({
        'data set': set.name,
        files: files.length,
        read,
        traces,
        'unlike their labels': wrong,
      });
    }
    print(formatTable(rows));
    for (const problem of problems.slice(0, 20)) print(`  ${problem}`);
    return floors.missed;
  },
};
