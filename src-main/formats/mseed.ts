import { BYTES_PER_SAMPLE, ByteReader, decodeSamples, type SampleCoding } from './binary';
import { DecodeBudget } from './limits';
import { fileStem } from './names';
import type { FormatPlugin, ReadContext } from './plugin';
import type { SeismicFile, Trace } from './record';

/**
 * miniSEED 2 (SEED Reference Manual v2.4, chapter 8 and appendix B): a file is a sequence of
 * data records, each a 48-byte fixed header, a chain of blockettes, then the samples. Blockette
 * 1000 gives the encoding, the data byte order and the record length (2^n bytes); blockette
 * 100 the exact sample rate; blockette 1001 microseconds of start time.
 *
 * Contiguous records of one NET.STA.LOC.CHA become one trace; a gap or overlap starts a new
 * trace, with a note. The file becomes one record: miniSEED has no source time, so trace start
 * times count from the earliest sample in the file, which is the record's startDate.
 */

const FIXED_HEADER_BYTES = 48;
const FRAME_BYTES = 64;
const WORDS_PER_FRAME = 16;
/** Blockette 1000's record length exponent: 2^7 = 128 to 2^16 = 65536 bytes. */
const MIN_RECORD_EXPONENT = 7;
const MAX_RECORD_EXPONENT = 16;
/** Records further apart than this, in samples, are a gap (or overlap), not a continuation. */
const CONTINUITY_TOLERANCE = 0.5;

const FIXED_ENCODINGS: Record<number, SampleCoding> = {
  1: 'int16',
  3: 'int32',
  4: 'float32',
  5: 'float64',
};
const STEIM1 = 10;
const STEIM2 = 11;
/** ASCII text (log) records carry no samples. */
const TEXT_ENCODING = 0;
const ENCODING_NAMES: Record<number, string> = {
  1: 'INT16',
  3: 'INT32',
  4: 'FLOAT32',
  5: 'FLOAT64',
  10: 'STEIM1',
  11: 'STEIM2',
};

/** A plausible BTIME (year, day of year, h:m:s) in this byte order. */
function plausibleTime(view: DataView, offset: number, little: boolean): boolean {
  const year = view.getUint16(offset, little);
  const day = view.getUint16(offset + 2, little);
  return (
    year >= 1900 &&
    year <= 2500 &&
    day >= 1 &&
    day <= 366 &&
    view.getUint8(offset + 4) <= 23 &&
    view.getUint8(offset + 5) <= 59 &&
    view.getUint8(offset + 6) <= 60
  );
}

function sniff(head: Uint8Array): boolean {
  if (head.length < FIXED_HEADER_BYTES) return false;
  for (let i = 0; i < 6; i++)
    if (!(head[i] === 32 || (head[i]! >= 48 && head[i]! <= 57))) return false;
  if (!'DRQM'.includes(String.fromCharCode(head[6]!)) || !(head[7] === 32 || head[7] === 0))
    return false;
  for (let i = 8; i < 20; i++) if (head[i]! < 32 || head[i]! > 126) return false;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  return plausibleTime(view, 20, false) || plausibleTime(view, 20, true);
}

/**
 * Decodes Steim1 or Steim2 frames into integers. Each 64-byte frame is a control word of
 * 2-bit nibbles (one per word: 00 no data, else the packing) and 15 data words of first
 * differences. Words 1 and 2 of the first frame are the forward integration constant (the
 * first sample) and the reverse one (the last sample); the first difference is against the
 * previous record, so the first sample is taken from the constant instead. A last sample that
 * does not match the reverse constant means corrupt data.
 */
export function decodeSteim(
  r: ByteReader,
  offset: number,
  frames: number,
  count: number,
  level: 1 | 2,
  little: boolean,
): Int32Array {
  const view = r.view;
  const out = new Int32Array(count);
  let n = 0;
  let forward = 0;
  let reverse = 0;
  // Appends one difference; returns false once `count` samples are in.
  const push = (d: number): boolean => {
    if (n === 0) out[0] = forward;
    else out[n] = out[n - 1]! + d;
    return ++n < count;
  };
  frameLoop: for (let f = 0; f < frames && n < count; f++) {
    const base = offset + f * FRAME_BYTES;
    const control = view.getUint32(base, little);
    for (let w = 1; w < WORDS_PER_FRAME; w++) {
      const at = base + 4 * w;
      const word = view.getInt32(at, little);
      if (f === 0 && w <= 2) {
        if (w === 1) forward = word;
        else reverse = word;
        continue;
      }
      const nibble = (control >>> (30 - 2 * w)) & 3;
      if (nibble === 0) continue;
      let more = true;
      if (nibble === 1) {
        for (let k = 0; k < 4 && more; k++) more = push((word << (8 * k)) >> 24);
      } else if (level === 1) {
        if (nibble === 2) for (let k = 0; k < 2 && more; k++) more = push((word << (16 * k)) >> 16);
        else more = push(word);
      } else {
        const dnib = word >>> 30;
        if (nibble === 2) {
          if (dnib === 1) more = push((word << 2) >> 2);
          else if (dnib === 2)
            for (let k = 0; k < 2 && more; k++) more = push((word << (2 + 15 * k)) >> 17);
          else if (dnib === 3)
            for (let k = 0; k < 3 && more; k++) more = push((word << (2 + 10 * k)) >> 22);
          else r.fail(at, 'invalid Steim2 word (nibble 10 with dnib 00)');
        } else {
          if (dnib === 0)
            for (let k = 0; k < 5 && more; k++) more = push((word << (2 + 6 * k)) >> 26);
          else if (dnib === 1)
            for (let k = 0; k < 6 && more; k++) more = push((word << (2 + 5 * k)) >> 27);
          else if (dnib === 2)
            for (let k = 0; k < 7 && more; k++) more = push((word << (4 + 4 * k)) >> 28);
          else r.fail(at, 'invalid Steim2 word (nibble 11 with dnib 11)');
        }
      }
      if (!more) break frameLoop;
    }
  }
  if (n < count) r.fail(offset, `Steim${level} frames hold ${n} samples, the header says ${count}`);
  if (count > 0 && out[count - 1] !== reverse) {
    r.fail(
      offset + 8,
      `Steim${level} last sample ${out[count - 1]} differs from the reverse integration constant ${reverse} (corrupt data)`,
    );
  }
  return out;
}

/** Sample rate in Hz from the header's factor and multiplier (SEED 2.4, fixed header field 10). */
function nominalRate(factor: number, multiplier: number): number {
  if (factor === 0 || multiplier === 0) return 0;
  const f = factor > 0 ? factor : -1 / factor;
  const m = multiplier > 0 ? multiplier : -1 / multiplier;
  return f * m;
}

interface DataRecord {
  key: string;
  network: string;
  station: string;
  location: string;
  channel: string;
  /**
   * Start time as whole seconds since 1970 (UTC) plus a fraction kept apart, so differences
   * between records keep sub-microsecond precision (1.7e9 s as one double keeps only ~0.2 us).
   */
  second: number;
  fraction: number;
  rate: number;
  samples: Float32Array;
  encoding: number;
  little: boolean;
}

/** Reads the record at `pos`: its length, and its data unless it has no samples (log text). */
function readRecord(
  r: ByteReader,
  pos: number,
  budget: DecodeBudget,
): { length: number; rec: DataRecord | null } {
  r.need(pos, FIXED_HEADER_BYTES, 'miniSEED fixed header');
  if (!'DRQM'.includes(String.fromCharCode(r.u8(pos + 6)))) {
    r.fail(pos + 6, `no miniSEED data record here (quality indicator ${r.u8(pos + 6)})`);
  }
  const bigHeader = plausibleTime(r.view, pos + 20, false);
  if (!bigHeader && !plausibleTime(r.view, pos + 20, true))
    r.fail(pos + 20, 'record start time is not a valid date');
  r.little = !bigHeader;
  const text = (from: number, to: number) =>
    String.fromCharCode(...r.bytes.subarray(pos + from, pos + to)).trim();
  const count = r.u16(pos + 30);
  const activity = r.u8(pos + 36);
  const blockettes = r.u8(pos + 39);
  const correction = r.i32(pos + 40);
  const dataOffset = r.u16(pos + 44);
  let rate = nominalRate(r.i16(pos + 32), r.i16(pos + 34));
  let encoding = -1;
  let encodingAt = pos;
  let little = r.little;
  let length = 0;
  let microseconds = 0;
  // Walk the blockette chain; offsets must increase, so a corrupt chain cannot loop.
  let at = r.u16(pos + 46);
  for (let i = 0; i < blockettes && at !== 0; i++) {
    if (at < FIXED_HEADER_BYTES)
      r.fail(pos + 46, `blockette offset ${at} points into the fixed header`);
    r.need(pos + at, 4, 'blockette header');
    const type = r.u16(pos + at);
    const next = r.u16(pos + at + 2);
    if (type === 1000) {
      r.need(pos + at, 8, 'blockette 1000');
      encoding = r.u8(pos + at + 4);
      encodingAt = pos + at + 4;
      little = r.u8(pos + at + 5) === 0;
      const exponent = r.u8(pos + at + 6);
      if (exponent < MIN_RECORD_EXPONENT || exponent > MAX_RECORD_EXPONENT) {
        r.fail(
          pos + at + 6,
          `record length 2^${exponent} is outside 2^${MIN_RECORD_EXPONENT}..2^${MAX_RECORD_EXPONENT}`,
        );
      }
      length = 2 ** exponent;
    } else if (type === 100) {
      r.need(pos + at, 8, 'blockette 100');
      rate = r.view.getFloat32(pos + at + 4, r.little);
    } else if (type === 1001) {
      r.need(pos + at, 8, 'blockette 1001');
      microseconds = r.view.getInt8(pos + at + 5);
    }
    if (next !== 0 && next <= at)
      r.fail(pos + at + 2, `blockette chain goes backwards (${at} -> ${next})`);
    at = next;
  }
  if (length === 0)
    r.fail(pos, 'record has no blockette 1000 (encoding and record length unknown)');
  r.need(pos, length, `miniSEED record of ${length} bytes`);
  if (count === 0 || encoding === TEXT_ENCODING) return { length, rec: null };
  if (!(rate > 0 && Number.isFinite(rate)))
    r.fail(pos + 32, `sample rate ${rate} Hz is not positive`);
  if (dataOffset < FIXED_HEADER_BYTES || dataOffset >= length) {
    r.fail(pos + 44, `data offset ${dataOffset} lies outside the ${length}-byte record`);
  }
  const dataBytes = length - dataOffset;
  let samples: Float32Array;
  if (encoding === STEIM1 || encoding === STEIM2) {
    const frames = Math.floor(dataBytes / FRAME_BYTES);
    // Checked before the samples are allocated: a header may claim 65,535 of them in 128 bytes.
    const most = frames * (WORDS_PER_FRAME - 1) * (encoding === STEIM1 ? 4 : 7);
    if (count > most) {
      r.fail(
        pos + 30,
        `${count} samples cannot fit in ${frames} Steim${encoding === STEIM1 ? 1 : 2} frames (at most ${most})`,
      );
    }
    budget.claimSamples(count, pos + 30, `record at byte ${pos}`);
    const ints = decodeSteim(
      r,
      pos + dataOffset,
      frames,
      count,
      encoding === STEIM1 ? 1 : 2,
      little,
    );
    samples = Float32Array.from(ints);
  } else {
    const coding = FIXED_ENCODINGS[encoding];
    if (!coding)
      return r.fail(
        encodingAt,
        `encoding ${encoding} is not supported (Steim1/2, int16/32, float32/64 are)`,
      );
    if (count * BYTES_PER_SAMPLE[coding] > dataBytes) {
      r.fail(pos + 30, `${count} ${coding} samples do not fit in ${dataBytes} bytes of data`);
    }
    budget.claimSamples(count, pos + 30, `record at byte ${pos}`);
    samples = decodeSamples(r.view, pos + dataOffset, count, coding, little);
  }
  const year = r.u16(pos + 20);
  const day = r.u16(pos + 22);
  const second = Date.UTC(year, 0, day, r.u8(pos + 24), r.u8(pos + 25), r.u8(pos + 26)) / 1000;
  let fraction = r.u16(pos + 28) * 1e-4 + microseconds * 1e-6;
  // Activity bit 1 set: the correction is already in the start time.
  if (!(activity & 0x02)) fraction += correction * 1e-4;
  const [network, station, location, channel] = [
    text(18, 20),
    text(8, 13),
    text(13, 15),
    text(15, 18),
  ];
  const key = `${network}.${station}.${location}.${channel}`;
  return {
    length,
    rec: {
      key,
      network,
      station,
      location,
      channel,
      second,
      fraction,
      rate,
      samples,
      encoding,
      little,
    },
  };
}

interface Segment {
  first: DataRecord;
  chunks: Float32Array[];
  count: number;
}

function concat(chunks: Float32Array[], count: number): Float32Array {
  if (chunks.length === 1) return chunks[0]!;
  const out = new Float32Array(count);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

type Time = Pick<DataRecord, 'second' | 'fraction'>;

/** Seconds from `b` to `a`. */
function since(a: Time, b: Time): number {
  return a.second - b.second + (a.fraction - b.fraction);
}

/** ISO 8601 (to the millisecond) of `t` plus `offset` seconds. */
function iso(t: Time, offset: number): string {
  return new Date(t.second * 1000 + Math.round((t.fraction + offset) * 1000)).toISOString();
}

export const mseed: FormatPlugin = {
  name: 'mseed',
  description: 'miniSEED 2 (Steim1/2, int16/32, float32/64)',
  sniff,
  read(bytes: Uint8Array, ctx: ReadContext): SeismicFile {
    const r = new ByteReader(bytes, ctx.file, false);
    if (bytes.length === 0) r.fail(0, 'file is empty');
    const open = new Map<string, Segment>();
    const segments: Segment[] = [];
    const notes: string[] = [];
    let byteOrder: 'big' | 'little' | null = null;
    const budget = new DecodeBudget(ctx.file, bytes.length);
    for (let pos = 0; pos < bytes.length;) {
      const { length, rec } = readRecord(r, pos, budget);
      pos += length;
      if (!rec) continue;
      byteOrder ??= rec.little ? 'little' : 'big';
      const seg = open.get(rec.key);
      if (seg) {
        const dt = 1 / seg.first.rate;
        const late = since(rec, seg.first) - seg.count * dt;
        const off = late / dt;
        if (
          Math.abs(rec.rate - seg.first.rate) <= 1e-6 * rec.rate &&
          Math.abs(off) <= CONTINUITY_TOLERANCE
        ) {
          seg.chunks.push(rec.samples);
          seg.count += rec.samples.length;
          continue;
        }
        notes.push(
          rec.rate !== seg.first.rate
            ? `${rec.key}: sample rate changes to ${rec.rate} Hz at ${iso(rec, 0)}: new trace.`
            : `${rec.key}: ${off > 0 ? 'gap' : 'overlap'} of ${Math.abs(late).toFixed(4)} s at ${iso(rec, -late)}: new trace.`,
        );
      }
      budget.claimTraces(1, pos - length);
      const next: Segment = { first: rec, chunks: [rec.samples], count: rec.samples.length };
      open.set(rec.key, next);
      segments.push(next);
    }
    if (segments.length === 0) r.fail(0, 'no data records with samples');
    segments.sort((a, b) =>
      a.first.key < b.first.key ? -1 : a.first.key > b.first.key ? 1 : since(a.first, b.first),
    );
    const origin = segments.reduce(
      (o, s) => (since(s.first, o) < 0 ? s.first : o),
      segments[0]!.first,
    );
    const traces: Trace[] = segments.map((s, i) => ({
      samples: concat(s.chunks, s.count),
      sampleInterval: 1 / s.first.rate,
      startTime: since(s.first, origin),
      component: s.first.channel.slice(-1).toUpperCase(),
      channel: i + 1,
      receiver: null,
      source: null,
      receiverFrom: 'none',
      sourceFrom: 'none',
      headers: {
        NETWORK: s.first.network,
        STATION: s.first.station,
        LOCATION: s.first.location,
        CHANNEL: s.first.channel,
        START: iso(s.first, 0),
        ENCODING: ENCODING_NAMES[s.first.encoding] ?? String(s.first.encoding),
        NUMBER_OF_SAMPLES: s.count,
      },
    }));
    notes.push(`Trace times count from the first sample in the file (${iso(origin, 0)}).`);
    return {
      format: 'mseed',
      file: ctx.file,
      byteOrder,
      records: [
        { id: fileStem(ctx.file), traces, headers: {}, startDate: iso(origin, 0), picks: [] },
      ],
      notes,
    };
  },
};
