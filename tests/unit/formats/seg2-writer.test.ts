import { describe, expect, it } from 'vitest';
import { readAny } from '../../../src-main/formats/registry';
import { seg2 } from '../../../src-main/formats/seg2';
import {
  int32DescalingFactor,
  seg2Decimal,
  writeSeg2,
  type Seg2TraceInput,
} from '../../../src-main/formats/seg2-writer';
import { Rng } from '../../../src-main/training/random';
import { testData } from '../../helpers/test-data';
import { contextFor } from './reference';

function read(bytes: Uint8Array) {
  return seg2.read(bytes, contextFor('/data/written.sg2'));
}

function randomTraces(count: number, samples: number, seed: number): Seg2TraceInput[] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, (_, i) => ({
    samples: Float32Array.from({ length: samples }, () =>
      rng.gaussian(0, 10 ** rng.between(-3, 3)),
    ),
    sampleInterval: 0.000125,
    startTime: -0.01,
    channel: i + 1,
    receiver: { x: 2.5 * i, y: 0, z: -0.25 },
    source: { x: -1.25, y: 0, z: 0 },
    keywords: { SHOT_SEQUENCE_NUMBER: '7', STACK: '4' },
  }));
}

describe('SEG-2 writer', () => {
  it('round-trips float32 traces, positions, times and keywords exactly through the reader', () => {
    const traces = randomTraces(3, 500, 1);
    const bytes = writeSeg2({
      traces,
      coding: 'float32',
      keywords: { INSTRUMENT: 'PICKLINE SYNTH', NOTE: 'line one\nline two', UNITS: 'METERS' },
    });
    const file = read(bytes);
    expect(file).toMatchObject({ format: 'seg2', byteOrder: 'little' });
    expect(file.notes).toEqual([
      'DELAY read with the geometrics convention: first sample at -0.01 s',
    ]);
    const record = file.records[0]!;
    expect(record.id).toBe('7');
    expect(record.headers).toMatchObject({
      INSTRUMENT: 'PICKLINE SYNTH',
      NOTE: 'line one\nline two',
      UNITS: 'METERS',
      SEG2_REVISION: 1,
    });
    expect(record.traces).toHaveLength(3);
    record.traces.forEach((t, i) => {
      const input = traces[i]!;
      expect(t.samples).toEqual(input.samples);
      expect(t).toMatchObject({
        sampleInterval: 0.000125,
        startTime: -0.01,
        channel: i + 1,
        receiver: input.receiver,
        source: input.source,
        receiverFrom: 'header',
        sourceFrom: 'header',
      });
      expect(t.headers).toMatchObject({ DATA_FORMAT_CODE: 4, STACK: '4' });
    });
  });

  it('is found by content sniffing like any SEG-2 file', () => {
    const bytes = writeSeg2({ traces: randomTraces(1, 16, 2), coding: 'float32' });
    expect(seg2.sniff(bytes.subarray(0, 64))).toBe(true);
  });

  it('writes int32 codes with a power-of-two descaling factor that reads back exactly', () => {
    const traces = randomTraces(4, 800, 3);
    traces[2]!.samples.fill(0); // a dead trace keeps factor 1
    const bytes = writeSeg2({ traces, coding: 'int32' });
    const record = read(bytes).records[0]!;
    record.traces.forEach((t, i) => {
      const input = traces[i]!.samples;
      const factor = int32DescalingFactor(input);
      expect(Number.isInteger(Math.log2(factor))).toBe(true);
      expect(Number(t.headers.DESCALING_FACTOR)).toBe(factor);
      expect(t.headers.DATA_FORMAT_CODE).toBe(2);
      // int32 has no negative zero: + 0 turns -0 into 0.
      const expected = input.map((x) => Math.round(x / factor) * factor + 0);
      expect(t.samples).toEqual(expected);
      for (let k = 0; k < input.length; k++) {
        expect(Math.abs(t.samples[k]! - input[k]!)).toBeLessThanOrEqual(factor / 2);
      }
      if (i !== 2) {
        const peak = Math.max(...input.map(Math.abs));
        expect(peak / factor).toBeGreaterThanOrEqual(2 ** 23);
        expect(peak / factor).toBeLessThan(2 ** 24);
      }
    });
    // Writing what was read gives the same bytes: the quantisation is idempotent.
    const again = writeSeg2({
      coding: 'int32',
      traces: record.traces.map((t, i) => ({ ...traces[i]!, samples: t.samples })),
    });
    expect(again).toEqual(bytes);
  });

  it('aligns every block to 4 bytes and points at each trace descriptor', () => {
    const bytes = writeSeg2({
      traces: randomTraces(5, 33, 4),
      coding: 'float32',
      keywords: { NOTE: 'odd length' },
    });
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(view.getUint16(0, true)).toBe(0x3a55);
    expect(view.getUint16(4, true)).toBe(20);
    expect(view.getUint16(6, true)).toBe(5);
    for (let i = 0; i < 5; i++) {
      const pointer = view.getUint32(32 + 4 * i, true);
      expect(pointer % 4).toBe(0);
      expect(view.getUint16(pointer, true)).toBe(0x4422);
      const size = view.getUint16(pointer + 2, true);
      expect(size % 4).toBe(0);
      expect(view.getUint32(pointer + 4, true)).toBe(33 * 4);
      expect(view.getUint32(pointer + 8, true)).toBe(33);
    }
  });

  it('re-writes a Geometrics field file so the reader sees the same traces', () => {
    const original = readAny(testData('refraction/refrapy-ex01/data/2001.dat'));
    const record = original.records[0]!;
    const bytes = writeSeg2({
      coding: 'float32',
      traces: record.traces.map((t) => ({
        samples: t.samples,
        sampleInterval: t.sampleInterval,
        startTime: t.startTime,
        channel: t.channel,
        receiver: t.receiver,
        source: t.source,
      })),
    });
    const copy = read(bytes).records[0]!;
    expect(copy.traces).toHaveLength(record.traces.length);
    copy.traces.forEach((t, i) => {
      const o = record.traces[i]!;
      expect(t.samples).toEqual(o.samples);
      expect([t.sampleInterval, t.startTime, t.channel]).toEqual([
        o.sampleInterval,
        o.startTime,
        o.channel,
      ]);
      expect([t.receiver, t.source]).toEqual([o.receiver, o.source]);
    });
  });

  it('writes numbers as plain decimals that parse back to the same double', () => {
    for (const v of [0.000125, 1.25e-7, -3.5e-9, 2 ** -40, 1e21, 123456.789, -0.01, 0]) {
      const text = seg2Decimal(v);
      expect(text).not.toMatch(/e/i);
      expect(Number(text)).toBe(v);
    }
    expect(seg2Decimal(1.25e-7)).toBe('0.000000125');
    expect(seg2Decimal(1e21)).toBe('1000000000000000000000');
  });

  it('refuses what the format or the reader cannot carry', () => {
    const [trace] = randomTraces(1, 8, 5);
    expect(() => writeSeg2({ traces: [], coding: 'float32' })).toThrow(/at least one trace/);
    expect(() =>
      writeSeg2({ traces: [{ ...trace!, keywords: { DELAY: '0' } }], coding: 'float32' }),
    ).toThrow(/trace 1: DELAY comes from the trace fields/);
    expect(() =>
      writeSeg2({ traces: [trace!], coding: 'float32', keywords: { 'bad key': 'x' } }),
    ).toThrow(/keyword "bad key"/);
    expect(() =>
      writeSeg2({ traces: [trace!], coding: 'float32', keywords: { NOTE: ' padded' } }),
    ).toThrow(/surrounding spaces/);
    expect(() =>
      writeSeg2({ traces: [{ ...trace!, sampleInterval: 0 }], coding: 'float32' }),
    ).toThrow(/sample interval must be positive/);
    const bad = Float32Array.of(1, Number.NaN);
    expect(() => writeSeg2({ traces: [{ ...trace!, samples: bad }], coding: 'int32' })).toThrow(
      /finite/,
    );
  });
});
