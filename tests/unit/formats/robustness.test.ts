import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FormatError } from '../../../src-main/formats/errors';
import { SNIFF_BYTES, type FormatPlugin } from '../../../src-main/formats/plugin';
import type { FormatName, Position, SeismicFile } from '../../../src-main/formats/record';
import { detectFormat, formats, readAny } from '../../../src-main/formats/registry';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';
import { concatBytes, encodeRecord } from './mseed-encoder';
import { contextFor, fixtureBytes } from './reference';
import { writeSeedLikeSeismogram } from './specfem2d-writer';

/**
 * The test data holds no miniSEED, so the fixture is written by the test encoder: a
 * Steim2, a Steim1 and an int32 record of one channel, then a float32 record of another.
 */
function generatedMseed(): string {
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
function generatedSpecfem2d(): string {
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
const FIXTURES: Record<FormatName, string[]> = {
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
const MAX_SAMPLES_PER_BYTE: Partial<Record<FormatName, number>> = { npz: 1032, mseed: 1.75 };

const finite = (n: unknown) => typeof n === 'number' && Number.isFinite(n);
const finitePosition = (p: Position | null) => p === null || [p.x, p.y, p.z].every(finite);

/** What is wrong with a reader's result, or [] when it is well formed. */
function problems(file: SeismicFile, plugin: FormatPlugin, inputBytes: number): string[] {
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

/** Reads corrupted bytes with the fixture's plugin and with whatever sniffing picks. */
function expectReadOrFormatError(plugin: FormatPlugin, fixture: string, bytes: Uint8Array) {
  const detected = detectFormat(bytes.subarray(0, SNIFF_BYTES));
  for (const p of new Set([plugin, ...(detected ? [detected] : [])])) {
    let result: SeismicFile;
    try {
      result = p.read(bytes, contextFor(fixture));
    } catch (err) {
      if (!(err instanceof FormatError)) throw err;
      expect(err.message.startsWith(`${fixture}: `)).toBe(true);
      continue;
    }
    expect(problems(result, p, bytes.length)).toEqual([]);
  }
}

describe.each(formats.map((p) => [p.name, p] as const))('%s reader robustness', (name, plugin) => {
  const fixtures = FIXTURES[name];

  it('has fixtures in the robustness table', () => {
    expect(fixtures.length, `add ${name} files to FIXTURES`).toBeGreaterThan(0);
  });

  describe.each(fixtures.map((f) => [path.basename(f), f] as const))('%s', (_, file) => {
    const bytes = fixtureBytes(file);

    it('reads the intact file, well formed', () => {
      expect(problems(plugin.read(bytes, contextFor(file)), plugin, bytes.length)).toEqual([]);
    });

    it('truncated anywhere: a well-formed file or a FormatError', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), (end) => {
          expectReadOrFormatError(plugin, file, bytes.subarray(0, end));
        }),
        { numRuns: 40 },
      );
    });

    it('with random bytes changed: a well-formed file or a FormatError', () => {
      // Half the changes land in the first 4 KB, where the headers and pointers are.
      const offset = fc.oneof(
        fc.integer({ min: 0, max: Math.min(bytes.length, 4096) - 1 }),
        fc.integer({ min: 0, max: bytes.length - 1 }),
      );
      const change = fc.tuple(offset, fc.integer({ min: 0, max: 255 }));
      fc.assert(
        fc.property(fc.array(change, { minLength: 1, maxLength: 8 }), (changes) => {
          const mutated = bytes.slice();
          for (const [at, value] of changes) mutated[at] = value;
          expectReadOrFormatError(plugin, file, mutated);
        }),
        { numRuns: 60 },
      );
    });
  });
});

describe('readAny on files that are no seismic data', () => {
  it('names the file for empty, garbage and missing files', () => {
    const dir = tmpDir();
    const empty = path.join(dir, 'empty.sgy');
    fs.writeFileSync(empty, '');
    expect(() => readAny(empty)).toThrow(`${empty}: file is empty`);
    const garbage = path.join(dir, 'garbage.dat');
    fs.writeFileSync(garbage, Buffer.from('\x01\x02 this is no seismic data at all'.repeat(200)));
    expect(() => readAny(garbage)).toThrow(FormatError);
    expect(() => readAny(garbage)).toThrow(
      /garbage\.dat: at byte 0: not a recognised seismic format/,
    );
  });

  it('never throws anything but FormatError on random bytes', () => {
    // A path in a real folder, for readers that look at sibling files.
    const RANDOM_FILE = path.join(testData('formats'), 'random.bin');
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 8000 }), (bytes) => {
        const plugin = detectFormat(bytes.subarray(0, SNIFF_BYTES));
        if (plugin) expectReadOrFormatError(plugin, RANDOM_FILE, bytes);
      }),
      { numRuns: 200 },
    );
  });
});
