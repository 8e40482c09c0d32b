import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../src-main/formats/errors';
import { npz } from '../../../src-main/formats/npz';
import type { ReadOptions } from '../../../src-main/formats/plugin';
import { detectFormat, readAny } from '../../../src-main/formats/registry';
import { zipEntries, zipRead } from '../../../src-main/formats/zip';
import { testData } from '../../helpers/test-data';
import { npyBytes, npyText, zipBytes } from './numpy-writer';
import { expectSamplesClose } from './reference';

const DEMO = testData('phasenet/demo');
const FIXTURES = path.resolve(__dirname, '../../fixtures/numpy');

const read = (bytes: Uint8Array, options: ReadOptions = {}) =>
  npz.read(bytes, { file: '/data/w.npz', options, readSibling: () => null, siblings: () => [] });

/** A PhaseNet-style archive: data [n, 3] float64, itp, its, channels. */
function phaseNetArchive(
  n: number,
  { deflate = false, channels = 'HHE_HHN_HHZ', itp = 10, its = 20 } = {},
) {
  const values = Array.from({ length: 3 * n }, (_, k) => Math.sin(k) * 1000);
  return {
    values,
    bytes: zipBytes([
      { name: 'data.npy', data: npyBytes('<f8', [n, 3], values), deflate },
      { name: 'itp.npy', data: npyBytes('<i8', [], [itp]), deflate },
      { name: 'its.npy', data: npyBytes('<i8', [], [its]), deflate },
      { name: 'channels.npy', data: npyText(channels), deflate },
    ]),
  };
}

describe('PhaseNet demo archives', () => {
  const rows = fs
    .readFileSync(path.join(DEMO, 'waveform.csv'), 'latin1')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((line) => line.split(','));

  it('lists the windows of the folder (3 of the 100; `npm run eval` reads them all)', () => {
    const archives = fs.readdirSync(DEMO).filter((f) => f.endsWith('.npz'));
    expect(rows.map(([fname]) => fname).sort()).toEqual(archives.sort());
    expect(rows).toHaveLength(3);
  });

  it('reads every window: 3 traces E, N, Z of 9001 samples at 100 Hz, picks as in waveform.csv', () => {
    for (const [fname, itp, its, channels] of rows) {
      const file = readAny(path.join(DEMO, fname!));
      expect(file.format).toBe('npz');
      const [record] = file.records;
      expect(record!.id).toBe(fname!.replace(/\.npz$/, ''));
      expect(
        record!.traces.map((t) => [t.component, t.samples.length, t.sampleInterval, t.startTime]),
      ).toEqual([
        ['E', 9001, 0.01, 0],
        ['N', 9001, 0.01, 0],
        ['Z', 9001, 0.01, 0],
      ]);
      expect(record!.picks).toEqual([
        { phase: 'P', trace: null, time: Number(itp) * 0.01 },
        { phase: 'S', trace: null, time: Number(its) * 0.01 },
      ]);
      expect(record!.headers.CHANNELS).toBe(channels);
      const codes = channels!.split('_');
      expect(record!.traces.map((t) => t.headers.CHANNEL)).toEqual(
        codes.length === 3 ? codes : [undefined, undefined, undefined],
      );
    }
  });

  it('decodes the samples of a stored archive exactly (to float32)', () => {
    const file = path.join(DEMO, 'BG_ACR_2012082505145960.npz');
    const raw = fs.readFileSync(file);
    // Stored entry data.npy: 30-byte local header + 8-byte name, then a 128-byte .npy header.
    expect(raw.subarray(30, 38).toString('latin1')).toBe('data.npy');
    const at = 38 + 128;
    const record = readAny(file).records[0]!;
    record.traces.forEach((t, c) => {
      const want = Array.from({ length: 9001 }, (_, i) =>
        Math.fround(raw.readDoubleLE(at + 8 * (3 * i + c))),
      );
      expectSamplesClose(t.samples, want, { rtol: 0 });
    });
  });

  it('notes a single channel name for 3 columns and keeps the E, N, Z order', () => {
    const file = readAny(path.join(DEMO, 'NC_BBG_2007102001425167.npz'));
    expect(file.records[0]!.traces.map((t) => t.component)).toEqual(['E', 'N', 'Z']);
    expect(file.notes.join(' ')).toMatch(
      /channels 'EHZ' do not name the 3 columns one by one: taken as E, N, Z/,
    );
    // This station has only a vertical sensor: PhaseNet pads E and N with zeros.
    expect(file.records[0]!.traces[0]!.samples.every((v) => v === 0)).toBe(true);
  });
});

describe('npz archives', () => {
  it('reads a compressed, Fortran-order, big-endian float32 archive NumPy wrote', () => {
    const bytes = fs.readFileSync(path.join(FIXTURES, 'phasenet-compressed.npz'));
    expect(detectFormat(bytes)?.name).toBe('npz');
    const file = read(bytes);
    const record = file.records[0]!;
    expect(record.headers).toMatchObject({ DTYPE: '>f4', SHAPE: '100x3', CHANNELS: 'HHE_HHN_HHZ' });
    record.traces.forEach((t, c) => {
      expect(Array.from(t.samples)).toEqual(
        Array.from({ length: 100 }, (_, i) => (3 * i + c) * 0.5 - 7),
      );
    });
    expect(record.picks.map((p) => p.time)).toEqual([0.1, 0.42]);
  });

  it('reads stored and deflated entries alike', () => {
    for (const deflate of [false, true]) {
      const { bytes, values } = phaseNetArchive(50, { deflate });
      const t = read(bytes).records[0]!.traces[1]!;
      expectSamplesClose(
        t.samples,
        values.filter((_, k) => k % 3 === 1),
      );
    }
  });

  it('uses the sample interval option over the PhaseNet convention', () => {
    const file = read(phaseNetArchive(50).bytes, { sampleInterval: 0.004 });
    expect(file.records[0]!.traces[0]!.sampleInterval).toBe(0.004);
    expect(file.records[0]!.picks.map((p) => p.time)).toEqual([0.04, 0.08]);
    expect(file.notes.join(' ')).not.toMatch(/100 Hz/);
  });

  it('takes the only array of a non-PhaseNet archive, at 1 s with a note', () => {
    const file = read(
      zipBytes([{ name: 'gather.npy', data: npyBytes('<f4', [4, 2], [1, 2, 3, 4, 5, 6, 7, 8]) }]),
    );
    expect(file.records[0]!.headers.ARRAY).toBe('gather');
    expect(file.records[0]!.traces.map((t) => Array.from(t.samples))).toEqual([
      [1, 3, 5, 7],
      [2, 4, 6, 8],
    ]);
    expect(file.notes.join(' ')).toMatch(/1 s assumed/);
    const two = zipBytes([
      { name: 'a.npy', data: npyBytes('<f4', [1], [1]) },
      { name: 'b.npy', data: npyBytes('<f4', [1], [1]) },
    ]);
    expect(() => read(two)).toThrow(
      "/data/w.npz: no 'data' array and 2 other arrays to choose from (keys: a, b)",
    );
  });

  it('skips pick indices that are no sample index, with a note', () => {
    const file = read(phaseNetArchive(50, { itp: -1 }).bytes);
    expect(file.records[0]!.picks).toEqual([{ phase: 'S', trace: null, time: 0.2 }]);
    expect(file.notes.join(' ')).toMatch(/'itp' value -1 is no sample index/);
  });

  it('does not sniff other ZIP files (a .docx) as npz', () => {
    const docx = zipBytes([
      { name: '[Content_Types].xml', data: new TextEncoder().encode('<xml/>') },
    ]);
    expect(detectFormat(docx)).toBeNull();
  });
});

describe('npz on bad input', () => {
  const { bytes } = phaseNetArchive(30, { deflate: true });
  const message = (b: Uint8Array) => {
    try {
      read(b);
    } catch (err) {
      expect(err).toBeInstanceOf(FormatError);
      return (err as FormatError).message;
    }
    return 'no error';
  };

  it('names the archive, the offset and the problem', () => {
    expect(message(bytes.subarray(0, bytes.length - 5))).toMatch(
      /^\/data\/w\.npz: at byte \d+: no ZIP end-of-central-directory record/,
    );
    expect(message(new Uint8Array(0))).toMatch(/at byte 0: no ZIP end-of-central-directory record/);
    const entries = zipEntries(bytes, 'w.npz');
    const data = entries.find((e) => e.name === 'data.npy')!;
    // A declared size deflate cannot reach, before any allocation.
    const absurd = bytes.slice();
    new DataView(absurd.buffer).setUint32(data.centralOffset + 24, 0xfffffff0, true);
    expect(message(absurd)).toMatch(
      `at byte ${data.centralOffset}: deflated entry data.npy claims 4294967280 bytes`,
    );
    // A changed byte in the compressed data: deflate or CRC-32 catches it.
    const flipped = bytes.slice();
    flipped[data.localOffset + 30 + 8 + 20]! ^= 0x55;
    expect(message(flipped)).toMatch(/data\.npy (fails its CRC-32 check|is corrupt)/);
    // An unsupported method.
    const bzip = bytes.slice();
    new DataView(bzip.buffer).setUint16(data.centralOffset + 10, 12, true);
    expect(message(bzip)).toMatch('data.npy uses ZIP compression method 12');
    // A broken .npy inside names the entry.
    const inner = zipBytes([{ name: 'data.npy', data: npyBytes('<f8', [10, 3], [1, 2]) }]);
    expect(message(inner)).toMatch(
      /^\/data\/w\.npz: data\.npy: at byte 128: shape \(10, 3\) of <f8 needs 240 bytes/,
    );
  });

  it('a stored entry whose sizes disagree is refused', () => {
    const stored = phaseNetArchive(5).bytes;
    const entry = zipEntries(stored, 'w.npz')[0]!;
    const bad = stored.slice();
    new DataView(bad.buffer).setUint32(entry.centralOffset + 24, entry.size + 1, true);
    expect(() => zipRead(bad, 'w.npz', zipEntries(bad, 'w.npz')[0]!)).toThrow(
      /stored entry data\.npy has size \d+ but \d+ bytes of data/,
    );
  });

  it('truncated or mutated anywhere: a well-formed file or a FormatError', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: bytes.length }),
        fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.nat(255)), { maxLength: 6 }),
        (end, changes) => {
          const b = bytes.slice(0, end);
          for (const [at, v] of changes) if (at < b.length) b[at] = v;
          try {
            const file = read(b);
            const samples = file.records[0]!.traces.reduce((n, t) => n + t.samples.length, 0);
            expect(samples).toBeLessThanOrEqual(b.length * 1032);
          } catch (err) {
            expect(err).toBeInstanceOf(FormatError);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
