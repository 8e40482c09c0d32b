import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import type { FormatPlugin } from '../../../src-main/formats/plugin';
import type { FormatName, Position, SeismicFile } from '../../../src-main/formats/record';
import { testData } from '../../helpers/test-data';
import { concatBytes, encodeRecord } from './mseed-encoder';
import { writeSeedLikeSeismogram } from './specfem2d-writer';

/**
 * Real files of every format, for the robustness and fuzz tests, and what a well-formed
 * reader result is.
 */

/**
 * The test data holds no miniSEED, so the fixture is written by the test encoder: a
 * Steim2, a Steim1 and an int32 record of one channel, then a float32 record of another.
 */
export function generatedMseed(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pickline-mseed-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  const wave = (n: number, k: number) =>
    Array.from({ length: n }, (_, i) => Math.round(4000 * Math.sin(i / k) + ((i * 37) % 11)));
  const start = Date.UTC(2024, 2, 5, 13, 45, 7, 250);
  const file = path.join(dir, 'generated.mseed');
  const records = [
    encodeRecord({ start, rate: 100, encoding: 11, samples: wave(300, 5), exponent: 12 }),
    encodeRecord({
      start: start + 3000,
      rate: 100,
      encoding: 10,
      samples: wave(200, 7),
      sequence: 2,
      exponent: 12,
    }),
    encodeRecord({
      start: start + 5000,
      rate: 100,
      encoding: 3,
      samples: wave(100, 3),
      sequence: 3,
    }),
    encodeRecord({
      channel: 'HHN',
      start,
      rate: 100,
      encoding: 4,
      samples: wave(100, 9),
      sequence: 4,
    }),
  ];
  fs.writeFileSync(file, concatBytes(records));
  return file;
}

/** A seismogram in SPECFEM2D's layout (the shared one's licence is unknown, so it stays out). */
export function generatedSpecfem2d(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pickline-specfem2d-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
  return writeSeedLikeSeismogram(dir);
}

/**
 * Real files of every format, corrupted at random: each reader must return a well-formed
 * SeismicFile or throw FormatError, never anything else, never hang. A registered format
 * without fixtures here fails the first test of its block: add its files to this table.
 */
const real = (...files: string[]) => files.map((f) => testData(f));
export const FIXTURES: Record<FormatName, string[]> = {
  seg2: real(
    'formats/obspy-seg2/20180307_031245000.0.seg2',
    'formats/obspy-seg2/20130107_103041000.CET.3c.cont.0.seg2.gz',
    'refraction/refrapy-ex01/data/2001.dat',
  ),
  segy: real(
    'formats/obspy-segy/00001034.sgy_first_trace',
    'formats/obspy-segy/1.sgy_first_trace',
    'formats/obspy-segy/example.y_first_trace',
    'formats/obspy-segy/ld0042_file_00018.sgy_first_trace',
    'formats/obspy-segy/planes.segy_first_trace',
    'formats/segy-real-gather/real_gather.sgy',
  ),
  su: real('formats/obspy-segy/1.su_first_trace', 'formats/obspy-segy/one_trace_year_99.su'),
  'specfem2d-ascii': [generatedSpecfem2d()],
  npy: real('refraction/geostack-dataset1/108.npy'),
  npz: real('phasenet/demo/BG_ACR_2012082505145960.npz'),
  mseed: [generatedMseed()],
};

/**
 * Deflate expands at most 1032:1 and Steim2 packs up to 7 samples in a 4-byte word; every
 * other format stores at least one byte per sample.
 */
export const MAX_SAMPLES_PER_BYTE: Partial<Record<FormatName, number>> = { npz: 1032, mseed: 1.75 };

const finite = (n: unknown) => typeof n === 'number' && Number.isFinite(n);
const finitePosition = (p: Position | null) => p === null || [p.x, p.y, p.z].every(finite);

/** What is wrong with a reader's result, or [] when it is well formed. */
export function problems(file: SeismicFile, plugin: FormatPlugin, inputBytes: number): string[] {
  const out: string[] = [];
  if (file.format !== plugin.name) out.push(`format ${file.format}`);
  if (file.records.length === 0) out.push('no records');
  let samples = 0;
  for (const record of file.records) {
    if (typeof record.id !== 'string') out.push('record id');
    for (const t of record.traces) {
      if (!(t.samples instanceof Float32Array)) out.push('samples not Float32Array');
      if (!(finite(t.sampleInterval) && t.sampleInterval > 0)) out.push(`dt ${t.sampleInterval}`);
      if (!finite(t.startTime) || !finite(t.channel)) out.push('start time or channel');
      if (!finitePosition(t.receiver) || !finitePosition(t.source)) out.push('position');
      if ((t.receiver === null) !== (t.receiverFrom === 'none')) out.push('receiverFrom');
      const declared = t.headers.NUMBER_OF_SAMPLES;
      if (declared !== undefined && declared !== t.samples.length) out.push('sample count');
      for (const v of Object.values(t.headers)) {
        if (typeof v !== 'string' && !finite(v)) out.push(`header value ${v}`);
      }
      samples += t.samples.length;
    }
  }
  if (samples > inputBytes * (MAX_SAMPLES_PER_BYTE[plugin.name] ?? 1)) {
    out.push(`${samples} samples from ${inputBytes} bytes`);
  }
  return out;
}
