import fs from 'node:fs';
import path from 'node:path';
import { readAny } from '../src-main/formats/registry';
import type { BenchCase } from './harness';

/** The benchmarks read the real files the tests carry (tests/data), so they run in any clone. */
const DATA = path.resolve(__dirname, '../tests/data');

/** Reading throughput per format, in MB/s of file, from the page cache. */
export function formatCases(): BenchCase[] {
  const files: [string, string][] = [
    ['SEG-2 (refrapy 2001.dat, 24 x 16000 int32)', 'refraction/refrapy-ex01/data/2001.dat'],
    ['SEG-Y (real gather, 96 traces IBM float)', 'formats/segy-real-gather/real_gather.sgy'],
    ['NumPy .npy (geostack 108.npy)', 'refraction/geostack-dataset1/108.npy'],
  ];
  return files.map(([name, rel]) => {
    const file = path.join(DATA, rel);
    const mb = fs.statSync(file).size / 1e6;
    return {
      suite: 'formats',
      name: `read ${name}`,
      items: mb,
      unit: 'MB/s',
      target: name.startsWith('SEG') ? '≥ 200 MB/s' : '',
      warmup: 3,
      rounds: 20,
      round: () => () => readAny(file),
    };
  });
}
