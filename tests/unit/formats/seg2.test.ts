import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../src-main/formats/errors';
import type { ReadOptions } from '../../../src-main/formats/plugin';
import { readAny } from '../../../src-main/formats/registry';
import { seg2 } from '../../../src-main/formats/seg2';
import { testData } from '../../helpers/test-data';
import { contextFor, datColumns, expectSamplesClose, fixtureBytes } from './reference';

const GEOMETRICS = testData('formats/obspy-seg2/20180307_031245000.0.seg2');
const DMT = testData('formats/obspy-seg2/20130107_103041000.CET.3c.cont.0.seg2.gz');
const REFRAPY = [1, 2, 3, 4, 5].map((n) => testData(`refraction/refrapy-ex01/data/200${n}.dat`));

function read(bytes: Uint8Array, options: ReadOptions = {}) {
  return seg2.read(bytes, contextFor('/data/synthetic.sg2', options));
}

interface SynthTrace {
  format: number;
  samples: number;
  data: Uint8Array;
  keywords: string[];
}

/**
 * A SEG-2 file built byte by byte from the standard: descriptor, pointers, file strings, then
 * per trace a descriptor with its strings and the data block.
 */
function buildSeg2(traces: SynthTrace[], { little = true, fileKeywords = ['UNITS METERS'] } = {}) {
  const strings = (keywords: string[]) => {
    const parts = keywords.map((k) => {
      const text = Buffer.from(`${k}\0`, 'latin1');
      const out = Buffer.alloc(2 + text.length);
      if (little) out.writeUInt16LE(out.length, 0);
      else out.writeUInt16BE(out.length, 0);
      text.copy(out, 2);
      return out;
    });
    return Buffer.concat([...parts, Buffer.alloc(2)]);
  };
  const u16 = (v: number) => {
    const b = Buffer.alloc(2);
    if (little) b.writeUInt16LE(v);
    else b.writeUInt16BE(v);
    return b;
  };
  const u32 = (v: number) => {
    const b = Buffer.alloc(4);
    if (little) b.writeUInt32LE(v);
    else b.writeUInt32BE(v);
    return b;
  };
  const pointerBytes = 4 * traces.length;
  const head = Buffer.alloc(32);
  u16(0x3a55).copy(head, 0);
  u16(1).copy(head, 2);
  u16(pointerBytes).copy(head, 4);
  u16(traces.length).copy(head, 6);
  head.set([1, 0, 0, 1, 0x0a, 0], 8);
  const fileStrings = strings(fileKeywords);
  const blocks: Buffer[] = [];
  let at = 32 + pointerBytes + fileStrings.length;
  const pointers: Buffer[] = [];
  for (const t of traces) {
    const s = strings(t.keywords);
    const descriptor = Buffer.alloc(32);
    u16(0x4422).copy(descriptor, 0);
    u16(32 + s.length).copy(descriptor, 2);
    u32(t.data.length).copy(descriptor, 4);
    u32(t.samples).copy(descriptor, 8);
    descriptor[12] = t.format;
    pointers.push(u32(at));
    blocks.push(descriptor, s, Buffer.from(t.data));
    at += 32 + s.length + t.data.length;
  }
  return new Uint8Array(Buffer.concat([head, ...pointers, fileStrings, ...blocks]));
}

const KEYS = ['SAMPLE_INTERVAL 0.001', 'CHANNEL_NUMBER 7'];

describe('SEG-2 reader on ObsPy test files', () => {
  it('decodes the Geometrics packed 20-bit file exactly as the reference', () => {
    const file = readAny(GEOMETRICS);
    expect(file).toMatchObject({ format: 'seg2', byteOrder: 'little' });
    expect(file.records).toHaveLength(1);
    const [record] = file.records;
    expect(record?.id).toBe('20180307_031245000.0');
    expect(record?.startDate).toBe('2018-03-07T03:12:45');
    expect(record?.headers).toMatchObject({ INSTRUMENT: 'GEOMETRICS SmartSeis 0000' });
    const trace = record!.traces[0]!;
    expect(trace).toMatchObject({
      sampleInterval: 0.000125,
      startTime: -0.01,
      channel: 1,
      receiver: { x: 1004, y: 0, z: 0 },
      source: { x: 1000, y: 0, z: 0 },
      receiverFrom: 'header',
      sourceFrom: 'header',
    });
    expect(trace.headers).toMatchObject({ STACK: '8', DATA_FORMAT_CODE: 3, DELAY: '-0.010' });
    const [reference] = datColumns(GEOMETRICS.replace('.seg2', '.DAT.gz'));
    expectSamplesClose(trace.samples, reference!);
    expect(file.notes).toEqual([
      'DELAY read with the geometrics convention: first sample at -0.01 s',
    ]);
  });

  it('applies the DMT DELAY convention when asked', () => {
    const file = readAny(GEOMETRICS, { seg2Delay: 'dmt' });
    expect(file.records[0]?.traces[0]?.startTime).toBe(0.01);
    expect(file.notes).toEqual(['DELAY read with the dmt convention: first sample at 0.01 s']);
  });

  it('decodes the gzipped DMT int32 file, three components', () => {
    const file = readAny(DMT);
    const record = file.records[0]!;
    expect(record.traces).toHaveLength(3);
    expect(record.startDate).toBe('2013-01-07T10:30:41');
    expect(record.headers).toMatchObject({ STATION_NAME: 'DMT-BANK', NOTE: 'Comment' });
    // The reference is in µm/s; DESCALING_FACTOR gives mm/s (ObsPy's test scales by 1e3).
    const columns = datColumns(DMT.replace('.seg2.gz', '.DAT.gz'));
    record.traces.forEach((trace, i) => {
      expect(trace).toMatchObject({
        sampleInterval: 0.001,
        startTime: 0,
        channel: i + 1,
        receiver: null,
        receiverFrom: 'none',
        sourceFrom: 'none',
      });
      expect(trace.samples).toHaveLength(2000);
      expectSamplesClose(trace.samples, columns[i]!, { rtol: 1e-6, atol: 1e-7, scale: 1e3 });
    });
    expect(record.traces.map((t) => t.component)).toEqual(['', '', 'Z']);
    expect(file.notes).toEqual(['no DELAY keyword: first sample at the trigger (0 s)']);
  });
});

describe('SEG-2 reader on the Refrapy refraction line', () => {
  const shots = [-20, -4, 46, 96, 112];
  const times = ['15:08:45', '15:17:09', '15:24:16', '15:32:43', '15:41:29'];
  it.each(REFRAPY.map((f, i) => [path.basename(f), f, shots[i], times[i]] as const))(
    '%s: 24 channels at 4 m, dt 0.125 ms, 2 s',
    (name, file, sourceX, time) => {
      const result = readAny(file);
      const record = result.records[0]!;
      expect(record.id).toBe(name.replace('.dat', ''));
      expect(record.startDate).toBe(`2013-02-02T${time}`);
      expect(record.traces.map((t) => t.channel)).toEqual([...Array(24).keys()].map((i) => i + 1));
      expect(record.traces.map((t) => t.receiver?.x)).toEqual(
        [...Array(24).keys()].map((i) => 4 * i),
      );
      for (const trace of record.traces) {
        expect(trace).toMatchObject({ sampleInterval: 0.000125, startTime: 0 });
        expect(trace.source).toEqual({ x: sourceX, y: 0, z: 0 });
        expect(trace.samples).toHaveLength(16000);
        expect(trace.samples.every(Number.isFinite)).toBe(true);
      }
      // Geometrics float32 data times DESCALING_FACTOR 1.6985e-4: check one raw sample.
      const bytes = fixtureBytes(file);
      const view = new DataView(bytes.buffer, bytes.byteOffset);
      const pointer = view.getUint32(32, true);
      const raw = view.getFloat32(pointer + view.getUint16(pointer + 2, true) + 4 * 100, true);
      expect(record.traces[0]!.samples[100]).toBe(Math.fround(raw * 1.6985e-4));
    },
  );
});

describe('SEG-2 sample formats and byte orders (synthetic files)', () => {
  const le = (type: 'Int16' | 'Int32' | 'Float32' | 'Float64', values: number[], little = true) => {
    const size = { Int16: 2, Int32: 4, Float32: 4, Float64: 8 }[type];
    const view = new DataView(new ArrayBuffer(size * values.length));
    values.forEach((v, i) => view[`set${type}`](i * size, v, little));
    return new Uint8Array(view.buffer);
  };

  it.each([
    [1, 'Int16', [1, -2, 32767, -32768]],
    [2, 'Int32', [5, -6, 2147483647, -2147483648]],
    [4, 'Float32', [0.5, -1.25, 3e10, -7]],
    [5, 'Float64', [0.1, -2.5, 1e-3, 4]],
  ] as const)('format %i (%s) in both byte orders, descaled', (format, type, values) => {
    for (const little of [true, false]) {
      const bytes = buildSeg2(
        [
          {
            format,
            samples: 4,
            data: le(type, [...values], little),
            keywords: [...KEYS, 'DESCALING_FACTOR 2'],
          },
        ],
        { little },
      );
      const file = read(bytes);
      expect(file.byteOrder).toBe(little ? 'little' : 'big');
      expect([...file.records[0]!.traces[0]!.samples]).toEqual(
        values.map((v) => Math.fround(v * 2)),
      );
      expect(file.records[0]!.traces[0]!.channel).toBe(7);
    }
  });

  it('format 3: exponents per sample, one-complement mantissas, a partial last group', () => {
    // Group 1: exponents 0, 1, 2, 15; group 2 holds 1 of its 4 samples.
    const data = new Uint8Array(20);
    const view = new DataView(data.buffer);
    view.setUint16(0, 0xf210, true);
    [3, 0xfffc, 0x7fff, 1].forEach((m, k) => view.setUint16(2 + 2 * k, m, true));
    view.setUint16(10, 0x0003, true);
    view.setUint16(12, 0x8000, true);
    const file = read(buildSeg2([{ format: 3, samples: 5, data, keywords: KEYS }]));
    // 0xfffc is -3 in one's complement; 0x8000 is -32767.
    expect([...file.records[0]!.traces[0]!.samples]).toEqual([3, -6, 32767 * 4, 32768, -32767 * 8]);
  });

  it('reads 1 to 3 position numbers and an explicit shot number', () => {
    const keywords = [...KEYS, 'RECEIVER_LOCATION 10.5 -2 301.25', 'SOURCE_LOCATION 3 4'];
    const bytes = buildSeg2([{ format: 1, samples: 1, data: new Uint8Array(2), keywords }], {
      fileKeywords: ['SHOT_SEQUENCE_NUMBER 42'],
    });
    const record = read(bytes).records[0]!;
    expect(record.id).toBe('42');
    expect(record.traces[0]).toMatchObject({
      receiver: { x: 10.5, y: -2, z: 301.25 },
      source: { x: 3, y: 4, z: 0 },
    });
  });
});

describe('SEG-2 bad input: a FormatError naming file, byte and problem', () => {
  const good = () =>
    buildSeg2([{ format: 2, samples: 4, data: new Uint8Array(16), keywords: KEYS }]);
  const expectError = (bytes: Uint8Array, message: RegExp) => {
    expect(() => read(bytes)).toThrow(FormatError);
    expect(() => read(bytes)).toThrow(message);
  };

  it('rejects empty, short and wrong-magic files', () => {
    expectError(
      new Uint8Array(0),
      /synthetic\.sg2: at byte 0: SEG-2 file descriptor needs 32 bytes/,
    );
    const wrong = good();
    wrong[0] = 0x12;
    expectError(wrong, /at byte 0: not a SEG-2 file: block id is 0x3a12/);
  });

  it('rejects trace pointers outside the file', () => {
    const bytes = good();
    new DataView(bytes.buffer).setUint32(32, 99999, true);
    expectError(
      bytes,
      new RegExp(`at byte 32: trace pointer 99999 is outside the file \\(${bytes.length} bytes\\)`),
    );
  });

  it('rejects absurd sample counts before allocating', () => {
    const bytes = good();
    const view = new DataView(bytes.buffer);
    const pointer = view.getUint32(32, true);
    view.setUint32(pointer + 8, 0xffffffff, true);
    expectError(bytes, /trace 1: 4294967295 samples of format 2 need \d+ bytes but only 16 remain/);
  });

  it('rejects unknown data formats, a bad trace block id and absurd intervals', () => {
    const bytes = good();
    const pointer = new DataView(bytes.buffer).getUint32(32, true);
    bytes[pointer + 12] = 9;
    expectError(bytes, new RegExp(`at byte ${pointer + 12}: trace 1: unknown data format code 9`));
    const badId = good();
    badId[pointer] = 0;
    expectError(badId, /trace 1: descriptor block id is 0x4400, expected 0x4422/);
    const slow = buildSeg2([
      { format: 1, samples: 0, data: new Uint8Array(0), keywords: ['SAMPLE_INTERVAL 1e9'] },
    ]);
    expectError(slow, /SAMPLE_INTERVAL 1000000000 s is not between 0 and 60 s/);
    const none = buildSeg2([{ format: 1, samples: 0, data: new Uint8Array(0), keywords: [] }]);
    expectError(none, /trace 1: no SAMPLE_INTERVAL keyword/);
    const nan = buildSeg2([
      { format: 1, samples: 0, data: new Uint8Array(0), keywords: [...KEYS, 'DELAY soon'] },
    ]);
    expectError(nan, /DELAY "soon" is not a number/);
  });

  it('rejects a truncated file', () => {
    const bytes = good();
    expectError(
      bytes.subarray(0, bytes.length - 1),
      /trace 1: 4 samples of format 2 need 16 bytes but only 15 remain/,
    );
  });
});
