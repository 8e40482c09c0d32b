import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../src-main/formats/errors';
import { npy, parseNpy, parseNpyStrings } from '../../../src-main/formats/npy';
import type { ReadOptions } from '../../../src-main/formats/plugin';
import { readAny } from '../../../src-main/formats/registry';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';
import { npyBytes, npyText } from './numpy-writer';
import { contextFor, expectSamplesClose } from './reference';

const GEOSTACK = testData('refraction/geostack-dataset1/108.npy');
const FIXTURES = path.resolve(__dirname, '../../fixtures/numpy');

const read = (bytes: Uint8Array, file = '/data/synthetic.npy', options: ReadOptions = {}) =>
  npy.read(bytes, { file, options, readSibling: () => null, siblings: () => [] });

describe('parseNpy', () => {
  const floats = [1.5, -2.25, 3, 40000, -7, 0];
  const ints = [1, -2, 3, 40000, -7, 0];
  it.each(['<f4', '>f4', '<f8', '>f8', '<i4', '>i4', '<i8', '>i8'])('reads %s exactly', (descr) => {
    const values = descr[1] === 'f' ? floats : ints;
    const a = parseNpy(npyBytes(descr, [6], values), 'x.npy');
    expect(a.dtype).toBe(descr);
    expect(a.shape).toEqual([6]);
    expect(Array.from(a.data)).toEqual(values);
    expect(a.data).toBeInstanceOf(descr.endsWith('f4') ? Float32Array : Float64Array);
  });

  it.each(['<i2', '>i2'])('reads %s exactly', (descr) => {
    expect(Array.from(parseNpy(npyBytes(descr, [3], [-32768, 7, 32767]), 'x.npy').data)).toEqual([
      -32768, 7, 32767,
    ]);
  });

  it('reads format versions 2.0 and 3.0 (uint32 header length, UTF-8 header)', () => {
    for (const version of [2, 3]) {
      expect(Array.from(parseNpy(npyBytes('<f8', [2], [1, 2], { version }), 'x.npy').data)).toEqual(
        [1, 2],
      );
    }
  });

  it('returns Fortran-order arrays in C order, in 2-D and 3-D', () => {
    // Column-major [[1,2,3],[4,5,6]] is written 1,4,2,5,3,6.
    const a = parseNpy(npyBytes('<f4', [2, 3], [1, 4, 2, 5, 3, 6], { fortran: true }), 'x.npy');
    expect(Array.from(a.data)).toEqual([1, 2, 3, 4, 5, 6]);
    // 3-D: element (i,j,k) = 100i + 10j + k, shape (2,3,4), written with i fastest.
    const fortran: number[] = [];
    for (let k = 0; k < 4; k++)
      for (let j = 0; j < 3; j++) for (let i = 0; i < 2; i++) fortran.push(100 * i + 10 * j + k);
    const c = parseNpy(npyBytes('<f8', [2, 3, 4], fortran, { fortran: true }), 'x.npy').data;
    const want: number[] = [];
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) want.push(100 * i + 10 * j + k);
    expect(Array.from(c)).toEqual(want);
  });

  it('matches NumPy on a Fortran-order int16 file NumPy wrote', () => {
    const a = parseNpy(fs.readFileSync(path.join(FIXTURES, 'int16-fortran.npy')), 'f.npy');
    expect(a).toMatchObject({ dtype: '<i2', shape: [4, 3] });
    expect(Array.from(a.data)).toEqual([-6, -5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5]);
  });

  it("accepts Python 2's long suffix and double-quoted keys", () => {
    const header = `{"descr": "<f4", "fortran_order": False, "shape": (2L, 1L), }`;
    expect(parseNpy(npyBytes('<f4', [2, 1], [5, 6], { header }), 'x.npy').shape).toEqual([2, 1]);
  });

  it('reads text arrays for channel names', () => {
    expect(parseNpyStrings(npyText('DPE_DPN_DPZ'), 'c.npy')).toEqual(['DPE_DPN_DPZ']);
    expect(parseNpyStrings(npyText('EHZ', 11), 'c.npy')).toEqual(['EHZ']);
    expect(() => parseNpyStrings(npyBytes('<f4', [1], [1]), 'c.npy')).toThrow(
      "dtype '<f4' is not text",
    );
  });
});

describe('parseNpy on bad input', () => {
  const good = npyBytes('<f4', [4, 2], [1, 2, 3, 4, 5, 6, 7, 8]);
  const cases: [string, Uint8Array, RegExp][] = [
    ['empty', new Uint8Array(0), /^bad\.npy: at byte 0: file is empty$/],
    [
      'wrong magic',
      new TextEncoder().encode('PK\x03\x04 not numpy at all'),
      /at byte 0: not a NumPy .npy file/,
    ],
    ['version 9', good.slice().fill(9, 6, 7), /at byte 6: unknown .npy format version 9/],
    ['cut in the header', good.subarray(0, 40), /at byte 8: header of \d+ bytes runs past the end/],
    [
      'cut in the data',
      good.subarray(0, good.length - 1),
      /shape \(4, 2\) of <f4 needs 32 bytes of data but the file has 31/,
    ],
    ['unknown dtype', npyBytes('<c16', [1], []), /dtype '<c16' is not supported/],
    [
      'absurd shape',
      npyBytes('<f8', [1e9, 1e9], []),
      /needs 8000000000000000000 bytes of data but the file has 0/,
    ],
    [
      'structured dtype',
      npyBytes('<f4', [1], [], {
        header: "{'descr': [('a', '<f4')], 'fortran_order': False, 'shape': (1,), }",
      }),
      /structured/,
    ],
    [
      'no shape',
      npyBytes('<f4', [1], [], { header: "{'descr': '<f4', 'fortran_order': False}" }),
      /'shape' is not a tuple/,
    ],
    [
      'garbage header',
      npyBytes('<f4', [1], [], { header: '{{{{{{{{{{{{{{{{{{{{{{{{{{' }),
      /nested too deeply/,
    ],
    [
      'unclosed string',
      npyBytes('<f4', [1], [], { header: "{'descr: 1}" }),
      /string at character 1 is not closed/,
    ],
  ];
  it.each(cases)('%s: FormatError naming the file, offset and problem', (_, bytes, message) => {
    let error: unknown;
    try {
      parseNpy(bytes, 'bad.npy');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FormatError);
    expect((error as FormatError).message).toMatch(/^bad\.npy: /);
    expect((error as FormatError).message).toMatch(message);
  });

  it('truncated or mutated anywhere: the right data or a FormatError, never another error', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: good.length }),
        fc.array(fc.tuple(fc.nat(good.length - 1), fc.nat(255)), { maxLength: 4 }),
        (end, changes) => {
          const bytes = good.slice(0, end);
          for (const [at, v] of changes) if (at < bytes.length) bytes[at] = v;
          try {
            const a = parseNpy(bytes, 'f.npy');
            expect(a.data.length).toBeLessThanOrEqual(bytes.length / 2);
          } catch (err) {
            expect(err).toBeInstanceOf(FormatError);
          }
        },
      ),
      { numRuns: 500 },
    );
  });
});

describe('npy plugin', () => {
  it('reads a geo-stack gather: 48 traces of 4000 samples with their first breaks', () => {
    const file = npy.read(fs.readFileSync(GEOSTACK), contextFor(GEOSTACK));
    const [record] = file.records;
    expect(file.format).toBe('npy');
    expect(record!.id).toBe('108');
    expect(record!.traces).toHaveLength(48);
    // The file is Fortran order, 118 header bytes: column j is contiguous from byte 128.
    const raw = fs.readFileSync(GEOSTACK);
    expect(raw.readUInt16LE(8)).toBe(118);
    const column = (j: number) =>
      Array.from({ length: 4000 }, (_, i) => raw.readFloatLE(128 + 4 * (4000 * j + i)));
    record!.traces.forEach((t, j) => {
      expect(t).toMatchObject({
        channel: j + 1,
        sampleInterval: 1,
        startTime: 0,
        receiverFrom: 'none',
      });
      expectSamplesClose(t.samples, column(j), { rtol: 0 });
    });
    const times = fs
      .readFileSync(GEOSTACK.replace(/\.npy$/, '.txt'), 'latin1')
      .trim()
      .split('\n')
      .slice(1)
      .map(Number);
    expect(record!.picks).toEqual(times.map((time, trace) => ({ phase: 'P', trace, time })));
    expect(file.notes.join(' ')).toMatch(/1 s assumed; set the real interval at import/);
    expect(file.notes.join(' ')).toMatch(/108\.txt/);
  });

  it('takes the sample interval from the options, without the note', () => {
    const file = readAny(GEOSTACK, { sampleInterval: 0.00025 });
    expect(file.records[0]!.traces[0]!.sampleInterval).toBe(0.00025);
    expect(file.notes.join(' ')).not.toMatch(/assumed/);
    expect(() => readAny(GEOSTACK, { sampleInterval: -1 })).toThrow(/sample interval option -1/);
  });

  it('reads both geo-stack gathers of the test data through readAny', () => {
    const dir = path.dirname(GEOSTACK);
    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.npy'));
    expect(files.sort()).toEqual(['108.npy', '13.npy']);
    for (const f of files) {
      const record = readAny(path.join(dir, f)).records[0]!;
      expect(record.traces.map((t) => t.samples.length)).toEqual(new Array(48).fill(4000));
      expect(record.picks).toHaveLength(48);
    }
  });

  it('a 1-D array is one trace; 3-D and empty arrays are refused', () => {
    expect(read(npyBytes('<f8', [3], [1, 2, 3])).records[0]!.traces).toHaveLength(1);
    expect(() => read(npyBytes('<f8', [1, 1, 1], [1]))).toThrow(
      /shape \(1, 1, 1\) is not 1-D or 2-D/,
    );
    expect(() => read(npyBytes('<f8', [0, 3], []))).toThrow(/holds no samples/);
  });

  it('refuses a first-break file whose count does not match, naming it and the line', () => {
    const dir = tmpDir();
    const file = path.join(dir, 'g.npy');
    fs.writeFileSync(file, npyBytes('<f4', [2, 3], [1, 2, 3, 4, 5, 6]));
    fs.writeFileSync(path.join(dir, 'g.txt'), 'Time\n0.1\n0.2\n');
    expect(() => readAny(file)).toThrow(
      `${file}: g.txt has 2 first breaks but the array has 3 traces`,
    );
    fs.writeFileSync(path.join(dir, 'g.txt'), 'Time\n0.1\nabc\n0.3\n');
    expect(() => readAny(file)).toThrow(`${file}: g.txt, line 3: 'abc' is not a time in seconds`);
    fs.writeFileSync(path.join(dir, 'g.txt'), 'Time\n0.1\n0.2\n0.3\n');
    expect(readAny(file).records[0]!.picks.map((p) => p.time)).toEqual([0.1, 0.2, 0.3]);
  });
});
