import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteReader } from '../../../src-main/formats/binary';
import { FormatError } from '../../../src-main/formats/errors';
import { decodeSteim, mseed } from '../../../src-main/formats/mseed';
import { SNIFF_BYTES } from '../../../src-main/formats/plugin';
import { detectFormat } from '../../../src-main/formats/registry';
import { concatBytes, encodeRecord, type RecordSpec } from './mseed-encoder';

const T0 = Date.UTC(2024, 2, 5, 13, 45, 7, 250); // 2024-03-05T13:45:07.250Z

const read = (bytes: Uint8Array) =>
  mseed.read(bytes, {
    file: '/data/x.mseed',
    options: {},
    readSibling: () => null,
    siblings: () => [],
  });

/** Samples with every Steim difference size: small, medium, large, the int32 extremes. */
function testSignal(n: number, seed = 1): Int32Array {
  const out = new Int32Array(n);
  let x = seed;
  for (let i = 1; i < n; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    const size = [3, 7, 15, 31, 127, 511, 16383, 1 << 20, 1 << 28][i % 9]!;
    out[i] = out[i - 1]! + ((x % (2 * size + 1)) - size);
  }
  return out;
}

/** Decodes the Steim frames of one encoded record straight into integers. */
function steimOf(bytes: Uint8Array, count: number, level: 1 | 2): Int32Array {
  return decodeSteim(
    new ByteReader(bytes, 's.mseed', false),
    64,
    (bytes.length - 64) / 64,
    count,
    level,
    false,
  );
}

describe('Steim decoding', () => {
  it.each([
    [10, 1],
    [11, 2],
  ] as const)('encoding %i returns the samples exactly', (encoding, level) => {
    const samples = testSignal(200);
    const bytes = encodeRecord({
      start: T0,
      rate: 100,
      encoding,
      samples,
      exponent: 12,
      previous: 17,
    });
    expect(Array.from(steimOf(bytes, 200, level))).toEqual(Array.from(samples));
  });

  it('decodes the int32 extremes with 32-bit (Steim1) and 30-bit (Steim2) differences', () => {
    const steim1 = Int32Array.from([2147483647, -2147483648 + 5, 0, -1, 123456789]);
    expect(
      Array.from(
        steimOf(encodeRecord({ start: T0, rate: 1, encoding: 10, samples: steim1 }), 5, 1),
      ),
    ).toEqual(Array.from(steim1));
    const steim2 = Int32Array.from([-536870912, 536870911 - 536870912, 0, 536870911]);
    expect(
      Array.from(
        steimOf(encodeRecord({ start: T0, rate: 1, encoding: 11, samples: steim2 }), 4, 2),
      ),
    ).toEqual(Array.from(steim2));
  });

  it('the reverse integration constant catches a corrupted difference or constant', () => {
    const samples = testSignal(60);
    const bytes = encodeRecord({ start: T0, rate: 100, encoding: 11, samples });
    const diff = bytes.slice();
    diff[64 + 12 + 3]! ^= 0x01; // a low bit of the first difference word
    expect(() => steimOf(diff, 60, 2)).toThrow(
      /at byte 72: Steim2 last sample -?\d+ differs from the reverse integration constant/,
    );
    const reverse = bytes.slice();
    reverse[64 + 11]! ^= 0x10;
    expect(() => steimOf(reverse, 60, 2)).toThrow(FormatError);
  });

  it('refuses frames that hold fewer samples than the header says, and invalid Steim2 words', () => {
    const bytes = encodeRecord({ start: T0, rate: 100, encoding: 10, samples: testSignal(30) });
    expect(() => steimOf(bytes, 31, 1)).toThrow(
      'Steim1 frames hold 30 samples, the header says 31',
    );
    const bad = encodeRecord({ start: T0, rate: 100, encoding: 11, samples: [0, 100000, 0] });
    const view = new DataView(bad.buffer);
    view.setUint32(64 + 12, view.getUint32(64 + 12) & 0x3fffffff); // dnib 00 under nibble 10
    expect(() => steimOf(bad, 3, 2)).toThrow(
      'at byte 76: invalid Steim2 word (nibble 10 with dnib 00)',
    );
  });
});

describe('miniSEED records', () => {
  const base: RecordSpec = { start: T0, rate: 100, encoding: 11, samples: [] };

  it.each([
    ['int16', 1, [-32768, 0, 32767, 5]],
    ['int32', 3, [-16777216, 0, 16777216, 7]],
    ['float32', 4, [1.5, -2.25, 1e-6, 3e20]],
    ['float64', 5, [1.5, -2.25, 0.125, 1e10]],
    ['Steim1', 10, [1, -200, 70000, 70001]],
    ['Steim2', 11, [1, -200, 70000, 70001]],
  ] as const)('%s, big and little endian', (_, encoding, samples) => {
    for (const little of [false, true]) {
      const file = read(encodeRecord({ ...base, encoding, samples, little }));
      const [t] = file.records[0]!.traces;
      expect(Array.from(t!.samples)).toEqual(samples.map(Math.fround));
      expect(file.byteOrder).toBe(little ? 'little' : 'big');
    }
  });

  it('reads names, start time, rate and component; blockette 100 gives the exact rate', () => {
    const bytes = encodeRecord({
      ...base,
      network: 'PL',
      station: 'LINE1',
      location: '00',
      channel: 'HHN',
      samples: [1, 2, 3],
      rate: 0.5,
    });
    expect(detectFormat(bytes.subarray(0, SNIFF_BYTES))?.name).toBe('mseed');
    const file = read(bytes);
    const [t] = file.records[0]!.traces;
    expect(t).toMatchObject({ component: 'N', sampleInterval: 2, startTime: 0, channel: 1 });
    expect(t!.headers).toMatchObject({
      NETWORK: 'PL',
      STATION: 'LINE1',
      LOCATION: '00',
      CHANNEL: 'HHN',
      ENCODING: 'STEIM2',
    });
    expect(file.records[0]!.startDate).toBe('2024-03-05T13:45:07.250Z');
    const exact = read(encodeRecord({ ...base, samples: [1, 2], exactRate: 99.5 }));
    expect(exact.records[0]!.traces[0]!.sampleInterval).toBeCloseTo(1 / 99.5, 12);
  });

  it('joins contiguous records of a channel, across record lengths 256 to 4096', () => {
    const samples = testSignal(3000, 7).map((v) => v >> 8);
    const parts: Uint8Array[] = [];
    const sizes = [8, 12, 9, 10, 11];
    for (let i = 0, k = 0; i < samples.length; k++) {
      const exponent = sizes[k % sizes.length]!;
      const n = Math.min(
        samples.length - i,
        { 8: 40, 9: 100, 10: 200, 11: 400, 12: 800 }[exponent]!,
      );
      parts.push(
        encodeRecord({
          ...base,
          start: T0 + i * 10,
          samples: samples.subarray(i, i + n),
          exponent,
          previous: samples[i - 1] ?? 0,
        }),
      );
      i += n;
    }
    const file = read(concatBytes(parts));
    expect(file.records[0]!.traces).toHaveLength(1);
    expect(Array.from(file.records[0]!.traces[0]!.samples)).toEqual(Array.from(samples));
    expect(file.records[0]!.traces[0]!.headers.NUMBER_OF_SAMPLES).toBe(3000);
  });

  it('starts a new trace at a gap, with a note, and keeps channels apart', () => {
    const bytes = concatBytes([
      encodeRecord({ ...base, samples: [1, 2, 3, 4] }),
      encodeRecord({ ...base, channel: 'HHE', samples: [9, 9] }),
      encodeRecord({ ...base, start: T0 + 40, samples: [5, 6] }),
      encodeRecord({ ...base, start: T0 + 1060, samples: [7, 8] }),
    ]);
    const file = read(bytes);
    const traces = file.records[0]!.traces;
    expect(traces.map((t) => [t.headers.CHANNEL, Array.from(t.samples), t.startTime])).toEqual([
      ['HHE', [9, 9], 0],
      ['HHZ', [1, 2, 3, 4, 5, 6], 0],
      ['HHZ', [7, 8], 1.06],
    ]);
    expect(file.notes.join(' ')).toMatch(
      /XX\.STA\.\.HHZ: gap of 1\.0000 s at 2024-03-05T13:45:07\.310Z: new trace/,
    );
  });

  it('applies the time correction unless the header says it is applied', () => {
    const bytes = encodeRecord({ ...base, samples: [1, 2] });
    new DataView(bytes.buffer).setInt32(40, 5000); // +0.5 s
    expect(read(bytes).records[0]!.startDate).toBe('2024-03-05T13:45:07.750Z');
    bytes[36] = 0x02;
    expect(read(bytes).records[0]!.startDate).toBe('2024-03-05T13:45:07.250Z');
  });
});

describe('miniSEED on bad input', () => {
  const good = concatBytes([
    encodeRecord({
      start: T0,
      rate: 100,
      encoding: 11,
      samples: testSignal(100, 3).map((v) => v >> 12),
    }),
    encodeRecord({ start: T0, rate: 100, encoding: 3, samples: [1, 2, 3], channel: 'HHE' }),
  ]);
  const message = (bytes: Uint8Array) => {
    try {
      read(bytes);
      return 'no error';
    } catch (err) {
      expect(err).toBeInstanceOf(FormatError);
      return (err as FormatError).message;
    }
  };

  it('names the file, the offset and the problem', () => {
    expect(message(new Uint8Array(0))).toBe('/data/x.mseed: at byte 0: file is empty');
    expect(message(good.subarray(0, 700))).toMatch(
      /^\/data\/x\.mseed: at byte 512: miniSEED record of 512 bytes needs 512 bytes but the file ends after 188/,
    );
    expect(message(good.subarray(0, 530))).toMatch(
      /at byte 512: miniSEED fixed header needs 48 bytes/,
    );
    const noB1000 = good.slice();
    noB1000[39] = 0;
    expect(message(noB1000)).toMatch(/at byte 0: record has no blockette 1000/);
    const encoding = good.slice();
    encoding[52] = 19;
    expect(message(encoding)).toMatch(/at byte 52: encoding 19 is not supported/);
    const length = good.slice();
    length[54] = 30;
    expect(message(length)).toMatch(/at byte 54: record length 2\^30 is outside/);
    const count = good.slice();
    new DataView(count.buffer).setUint16(512 + 30, 200);
    expect(message(count)).toMatch(
      /at byte 542: 200 int32 samples do not fit in 448 bytes of data/,
    );
    const date = good.slice();
    date.fill(0xff, 20, 24);
    expect(message(date)).toMatch(/at byte 20: record start time is not a valid date/);
    const loop = good.slice();
    new DataView(loop.buffer).setUint16(50, 48);
    loop[39] = 5;
    expect(message(loop)).toMatch(/at byte 50: blockette chain goes backwards \(48 -> 48\)/);
  });

  it('does not sniff text or other binaries', () => {
    expect(mseed.sniff(new TextEncoder().encode('0.0 1.0\n'.repeat(20)))).toBe(false);
    expect(mseed.sniff(new Uint8Array(64))).toBe(false);
  });

  it('truncated or mutated anywhere: a well-formed file or a FormatError', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: good.length }),
        fc.array(fc.tuple(fc.nat(good.length - 1), fc.nat(255)), { maxLength: 6 }),
        (end, changes) => {
          const b = good.slice(0, end);
          for (const [at, v] of changes) if (at < b.length) b[at] = v;
          try {
            const file = read(b);
            for (const t of file.records[0]!.traces) {
              expect(t.sampleInterval).toBeGreaterThan(0);
              expect(Number.isFinite(t.startTime)).toBe(true);
            }
            const samples = file.records[0]!.traces.reduce((n, t) => n + t.samples.length, 0);
            expect(samples).toBeLessThanOrEqual(b.length * 2);
          } catch (err) {
            expect(err).toBeInstanceOf(FormatError);
          }
        },
      ),
      { numRuns: 600 },
    );
  });
});
