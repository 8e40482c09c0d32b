import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../src-main/formats/errors';
import { readAny } from '../../../src-main/formats/registry';
import { segy, su } from '../../../src-main/formats/segy';
import { testData } from '../../helpers/test-data';
import { contextFor, expectSamplesClose, npyData } from './reference';

const obspy = (name: string) => testData('formats/obspy-segy', name);
const REAL_GATHER = testData('formats/segy-real-gather/real_gather.sgy');

interface Expected {
  file: string;
  format: 'segy' | 'su';
  reference: string;
  byteOrder: 'big' | 'little';
  samples: number;
  dt: number;
  /** delrt (109-110) in seconds. */
  start: number;
  record: string;
  startDate: string | null;
  receiver: { x: number; y: number; z: number } | null;
  source: { x: number; y: number; z: number } | null;
  text?: RegExp;
  encoding?: 'ASCII' | 'EBCDIC';
  notes?: string[];
}

/** Every ObsPy SEG-Y/SU file, with what readme.txt and the headers say about it. */
const FILES: Expected[] = [
  {
    file: '00001034.sgy_first_trace', // IBM float, little-endian, ASCII header
    format: 'segy',
    reference: '00001034.sgy_first_trace.npy',
    byteOrder: 'little',
    samples: 2001,
    dt: 0.002,
    start: 0,
    record: '1034',
    startDate: '2009-06-22T14:47:37',
    receiver: null,
    source: null,
    text: /^C 1 Instrument: +ARAM24 NT Recording System/,
    encoding: 'ASCII',
  },
  {
    file: '1.sgy_first_trace', // int32, big-endian, ASCII header
    format: 'segy',
    reference: '1.sgy_first_trace.npy',
    byteOrder: 'big',
    samples: 8000,
    dt: 0.00025,
    start: -0.1,
    record: '1',
    startDate: '2005-12-19T15:07:54',
    receiver: { x: 3, y: 0, z: 0 },
    source: null,
  },
  {
    file: 'example.y_first_trace', // int16, big-endian, EBCDIC header
    format: 'segy',
    reference: 'example.y_first_trace.npy',
    byteOrder: 'big',
    samples: 500,
    dt: 0.002,
    start: 0,
    record: '0',
    startDate: null,
    receiver: { x: 54321, y: 54321, z: 55 },
    source: { x: 54321, y: 54321, z: 0 },
    text: /^C01/,
    encoding: 'EBCDIC',
  },
  {
    file: 'ld0042_file_00018.sgy_first_trace', // IBM float, big-endian, EBCDIC header
    format: 'segy',
    reference: 'ld0042_file_00018.sgy_first_trace.npy',
    byteOrder: 'big',
    samples: 2050,
    dt: 0.002,
    start: 0,
    record: '0',
    startDate: null,
    // Coordinate scalar 82 is not an allowed value: read as 1 (UTM metres).
    receiver: { x: 501325, y: 5152282, z: 5152390 },
    source: { x: 501351, y: 5152489, z: 0 },
    text: /^C01CLIENT: LITHOPROBE {3}AREA: ABITIBI - GRENVILLE '93/,
    encoding: 'EBCDIC',
    notes: ['scalars 82 (trace bytes 69-72) are not allowed values: read as 1'],
  },
  {
    file: 'planes.segy_first_trace', // IBM float, little-endian, EBCDIC header
    format: 'segy',
    reference: 'planes.segy_first_trace.npy',
    byteOrder: 'little',
    samples: 512,
    dt: 0.004,
    start: 0,
    record: '0',
    startDate: null,
    receiver: null,
    source: null,
    encoding: 'EBCDIC',
  },
  ...(['11', '99'] as const).flatMap((yy): Expected[] => {
    const common = {
      reference: `one_trace_year_${yy}.sgy.npy`,
      samples: 8000,
      dt: 0.00025,
      start: -0.1,
      record: '1',
      startDate: `${yy === '11' ? '2011' : '1999'}-12-19T15:07:54`,
      receiver: { x: 3, y: 0, z: 0 },
      source: null,
    };
    return [
      { ...common, file: `one_trace_year_${yy}.sgy`, format: 'segy', byteOrder: 'big' },
      { ...common, file: `one_trace_year_${yy}.su`, format: 'su', byteOrder: 'little' },
    ];
  }),
  {
    file: '1.su_first_trace', // IEEE float, little-endian; same trace as 1.sgy
    format: 'su',
    reference: '1.sgy_first_trace.npy',
    byteOrder: 'little',
    samples: 8000,
    dt: 0.00025,
    start: -0.1,
    record: '1',
    startDate: '2005-12-19T15:07:54',
    receiver: { x: 3, y: 0, z: 0 },
    source: null,
  },
];

describe('SEG-Y and SU readers on the ObsPy test files', () => {
  it.each(FILES.map((e) => [e.file, e] as const))('%s', (_, expected) => {
    const file = readAny(obspy(expected.file));
    expect(file).toMatchObject({ format: expected.format, byteOrder: expected.byteOrder });
    expect(file.notes).toEqual(expected.notes ?? []);
    expect(file.records).toHaveLength(1);
    const record = file.records[0]!;
    expect(record.id).toBe(expected.record);
    expect(record.startDate).toBe(expected.startDate);
    expect(record.traces).toHaveLength(1);
    const trace = record.traces[0]!;
    expect(trace).toMatchObject({
      sampleInterval: expected.dt,
      startTime: expected.start,
      receiver: expected.receiver,
      source: expected.source,
      receiverFrom: expected.receiver ? 'header' : 'none',
      sourceFrom: expected.source ? 'header' : 'none',
    });
    expect(trace.headers.ns).toBe(expected.samples);
    expectSamplesClose(trace.samples, npyData(obspy(expected.reference)));
    if (expected.encoding) {
      expect(record.headers.textual_header_encoding).toBe(expected.encoding);
      expect(record.headers.textual_header).toMatch(expected.text ?? /\S/);
    }
  });
});

describe('SEG-Y reader on a real 96-trace shot gather', () => {
  it('reads geometry, timing and every IEEE big-endian sample', () => {
    const file = readAny(REAL_GATHER);
    expect(file).toMatchObject({ format: 'segy', byteOrder: 'big', notes: [] });
    expect(file.records.map((r) => r.id)).toEqual(['3234']);
    const record = file.records[0]!;
    expect(record.headers).toMatchObject({ format_code: 5, samples_per_trace: 1000 });
    expect(record.traces).toHaveLength(96);
    const bytes = fs.readFileSync(REAL_GATHER);
    record.traces.forEach((trace, i) => {
      // Coordinate scalar -10: gx 100000 per trace -> 10000, sx 23800000 -> 2380000.
      expect(trace).toMatchObject({
        channel: i + 1,
        sampleInterval: 0.00025,
        startTime: 0,
        receiver: { x: 10000 * i, y: 0, z: 0 },
        source: { x: 2380000, y: 0, z: 0 },
        receiverFrom: 'header',
      });
      const data = 3600 + i * 4240 + 240;
      const want = Array.from({ length: 1000 }, (_, k) => bytes.readFloatBE(data + 4 * k));
      expectSamplesClose(trace.samples, want, { rtol: 0 });
    });
  });
});

/** A SEG-Y file: textual header, binary header, then traces, from a few fields. */
function buildSegy({
  little = false,
  format = 5,
  ns = 4,
  dtUs = 1000,
  traces = [[1, 2, 3, 4]] as number[][],
  fldr = [7],
  revision = 0x0100,
  fixedLength = 0,
  extendedHeaders = 0,
  byteOrderWord = 0,
}) {
  const width = { 1: 4, 2: 4, 3: 2, 5: 4, 6: 8, 8: 1 }[format] ?? 4;
  const traceBytes = 240 + width * ns;
  const size = 3600 + 3200 * Math.max(0, extendedHeaders) + traces.length * traceBytes;
  const view = new DataView(new ArrayBuffer(size));
  new Uint8Array(view.buffer).fill(0x40, 0, 3200); // EBCDIC blanks
  view.setUint16(3216, dtUs, little);
  view.setUint16(3220, ns, little);
  view.setUint16(3224, format, little);
  view.setUint32(3296, byteOrderWord, little);
  view.setUint16(3500, revision, little);
  view.setUint16(3502, fixedLength, little);
  view.setInt16(3504, extendedHeaders, little);
  let at = 3600 + 3200 * Math.max(0, extendedHeaders);
  traces.forEach((samples, t) => {
    view.setInt32(at + 8, fldr[t] ?? 1, little);
    view.setInt32(at + 12, t + 1, little);
    view.setUint16(at + 114, ns, little);
    samples.forEach((v, k) => {
      const o = at + 240 + width * k;
      if (format === 8) view.setInt8(o, v);
      else if (format === 3) view.setInt16(o, v, little);
      else if (format === 2) view.setInt32(o, v, little);
      else if (format === 6) view.setFloat64(o, v, little);
      else view.setFloat32(o, v, little);
    });
    at += traceBytes;
  });
  return new Uint8Array(view.buffer);
}

const ctx = contextFor('/data/synthetic.sgy');

describe('SEG-Y details (synthetic files)', () => {
  it('decodes int8, int16, int32 and float64 in both byte orders', () => {
    for (const little of [false, true]) {
      for (const format of [8, 3, 2, 6]) {
        const file = segy.read(buildSegy({ little, format, traces: [[-128, 0, 5, 127]] }), ctx);
        expect(file.byteOrder).toBe(little ? 'little' : 'big');
        expect([...file.records[0]!.traces[0]!.samples]).toEqual([-128, 0, 5, 127]);
      }
    }
  });

  it('decodes IBM floats exactly, including the textbook -118.625', () => {
    const bytes = buildSegy({ format: 1, ns: 3, traces: [[]] });
    const view = new DataView(bytes.buffer);
    // 0xC276A000 = -118.625; 0x41100000 = 1.0; 0x00000000 = 0.
    view.setUint32(3840, 0xc276a000);
    view.setUint32(3844, 0x41100000);
    expect([...segy.read(bytes, ctx).records[0]!.traces[0]!.samples]).toEqual([-118.625, 1, 0]);
  });

  it('groups traces into records by field record number', () => {
    const bytes = buildSegy({
      traces: [
        [1, 1, 1, 1],
        [2, 2, 2, 2],
        [3, 3, 3, 3],
      ],
      fldr: [5, 6, 5],
    });
    const file = segy.read(bytes, ctx);
    expect(file.records.map((r) => [r.id, r.traces.map((t) => t.channel)])).toEqual([
      ['5', [1, 3]],
      ['6', [2]],
    ]);
  });

  it('honours the rev 2 byte-order word, fixed-length flag and extended textual headers', () => {
    const bytes = buildSegy({ little: true, byteOrderWord: 0x01020304, extendedHeaders: 1 });
    const file = segy.read(bytes, ctx);
    expect(file.byteOrder).toBe('little');
    expect(file.records[0]!.traces[0]!.samples).toHaveLength(4);
    // Fixed length: the binary header's count wins over a trace header that says otherwise.
    const fixed = buildSegy({ fixedLength: 1 });
    new DataView(fixed.buffer).setUint16(3600 + 114, 2);
    expect(segy.read(fixed, ctx).records[0]!.traces[0]!.samples).toHaveLength(4);
    const variable = buildSegy({ fixedLength: 0, traces: [[1, 2, 3, 4]] });
    new DataView(variable.buffer).setUint16(3600 + 114, 2);
    expect(() => segy.read(variable, ctx)).toThrow(/trace 2 header needs 240 bytes/);
  });

  it('sniffs each format, and never takes SEG-Y for SU or the reverse', () => {
    const sgy = fs.readFileSync(obspy('1.sgy_first_trace'));
    const suFile = fs.readFileSync(obspy('1.su_first_trace'));
    expect([segy.sniff(sgy), su.sniff(sgy.subarray(0, 4096))]).toEqual([true, false]);
    expect([segy.sniff(suFile.subarray(0, 4096)), su.sniff(suFile.subarray(0, 4096))]).toEqual([
      false,
      true,
    ]);
    expect(su.sniff(new TextEncoder().encode('0.0 1.5\n'.repeat(600)))).toBe(false);
  });
});

describe('SEG-Y and SU bad input: a FormatError naming file, byte and problem', () => {
  const expectError = (read: () => unknown, message: RegExp) => {
    expect(read).toThrow(FormatError);
    expect(read).toThrow(message);
  };

  it('rejects short, empty and garbage files', () => {
    expectError(
      () => segy.read(new Uint8Array(100), ctx),
      /synthetic\.sgy: at byte 0: SEG-Y textual and binary file header needs 3600 bytes/,
    );
    expectError(
      () => su.read(new Uint8Array(0), ctx),
      /at byte 0: SU trace header needs 240 bytes/,
    );
    expectError(() => su.read(new Uint8Array(1000).fill(0xff), ctx), /at byte 114: not an SU file/);
  });

  it('rejects undefined and unsupported sample formats', () => {
    expectError(
      () => segy.read(buildSegy({ format: 99 }), ctx),
      /at byte 3224: not a SEG-Y file: sample format code 99/,
    );
    expectError(
      () => segy.read(buildSegy({ format: 4 }), ctx),
      /at byte 3224: sample format 4 \(4-byte fixed point with gain\) is not supported/,
    );
  });

  it('rejects sample counts the file cannot hold, zero counts and intervals', () => {
    const big = buildSegy({});
    new DataView(big.buffer).setUint16(3600 + 114, 65535);
    expectError(
      () => segy.read(big, ctx),
      /at byte 3714: trace 1: 65535 samples need 262140 bytes but only 16 remain/,
    );
    expectError(
      () => segy.read(buildSegy({ ns: 0, traces: [[]] }), ctx),
      /trace 1: sample count is 0/,
    );
    expectError(
      () => segy.read(buildSegy({ dtUs: 0 }), ctx),
      /at byte 3716: trace 1: sample interval is 0/,
    );
    expectError(
      () => segy.read(buildSegy({ traces: [] }), ctx),
      /at byte 3600: the file holds no traces/,
    );
  });

  it('rejects extended textual headers beyond the end of the file', () => {
    const bytes = buildSegy({});
    new DataView(bytes.buffer).setInt16(3504, 1000);
    expectError(
      () => segy.read(bytes, ctx),
      /at byte 3600: 1000 extended textual headers needs 3200000 bytes/,
    );
  });

  it('rejects a truncated trace', () => {
    const bytes = fs.readFileSync(REAL_GATHER);
    expectError(
      () => segy.read(bytes.subarray(0, bytes.length - 3), ctx),
      /trace 96: 1000 samples need 4000 bytes but only 3997 remain/,
    );
  });
});

describe('SEG-Y timing readings', () => {
  it('offers the delay, its negation and the lags when they disagree, the delay applied', () => {
    const bytes = buildSegy({ traces: [[0, 0, 0, 0]] });
    const view = new DataView(bytes.buffer);
    view.setInt16(3600 + 108, -20); // delay recording time, ms
    view.setInt16(3600 + 104, 15); // lag A: the time break 15 ms after the first sample
    const record = segy.read(bytes, ctx).records[0]!;
    expect(record.traces[0]!.startTime).toBe(-0.02);
    expect(record.timeReadings!.map((r) => [r.name, r.startTimes[0]])).toEqual([
      ['delay', -0.02],
      ['negative-delay', 0.02],
      ['lag', -0.015],
    ]);
  });

  it('offers none when every field is zero', () => {
    expect(segy.read(buildSegy({}), ctx).records[0]!.timeReadings).toBeUndefined();
  });
});
