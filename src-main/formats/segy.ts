import { BYTES_PER_SAMPLE, ByteReader, decodeSamples, type SampleCoding } from './binary';
import { ebcdicToText, looksLikeEbcdic } from './ebcdic';
import { DecodeBudget } from './limits';
import { SNIFF_BYTES, type FormatPlugin, type ReadContext } from './plugin';
import type { Position, SeismicFile, SeismicRecord, Trace } from './record';

/**
 * SEG-Y (rev 0, 1 and 2: a 3200-byte textual header, a 400-byte binary header, optional
 * extended textual headers, then traces of a 240-byte header and samples) and Seismic Unix
 * (the same traces with no file header, float32 in the writer's byte order). Byte positions
 * below are 0-based; the standard's 1-based numbers are in the comments.
 */

const TEXT_HEADER_BYTES = 3200;
const FILE_HEADER_BYTES = 3600;
const TRACE_HEADER_BYTES = 240;
const END_TEXT_STANZA = '((SEG: EndText))';

/** Binary header format codes (3225-3226) that Pickline decodes. */
const CODINGS: Record<number, SampleCoding> = {
  1: 'ibm32',
  2: 'int32',
  3: 'int16',
  5: 'float32',
  6: 'float64',
  8: 'int8',
};
/** Codes the standard defines but Pickline does not decode, for a precise error. */
const UNSUPPORTED: Record<number, string> = {
  4: '4-byte fixed point with gain',
  7: '3-byte integer',
  9: '8-byte integer',
  10: '4-byte unsigned integer',
  11: '2-byte unsigned integer',
  12: '8-byte unsigned integer',
  15: '3-byte unsigned integer',
  16: '1-byte unsigned integer',
};
const isFormatCode = (code: number) => code in CODINGS || code in UNSUPPORTED;

/** Header words: name, 0-based byte offset, size (2 or 4 bytes, signed unless UNSIGNED_FIELDS). */
type FieldTable = readonly (readonly [name: string, offset: number, size: 2 | 4])[];
type Fields<T extends FieldTable> = Record<T[number][0], number>;

/** Trace header fields kept in `Trace.headers`, with Seismic Unix's names (segy.h). */
const TRACE_FIELDS = [
  ['tracl', 0, 4], // 1-4 trace sequence number within line
  ['tracr', 4, 4], // 5-8 trace sequence number within file
  ['fldr', 8, 4], // 9-12 field record number
  ['tracf', 12, 4], // 13-16 trace number within field record
  ['ep', 16, 4],
  ['cdp', 20, 4],
  ['cdpt', 24, 4],
  ['trid', 28, 2],
  ['nvs', 30, 2],
  ['nhs', 32, 2],
  ['duse', 34, 2],
  ['offset', 36, 4], // 37-40 source-receiver offset
  ['gelev', 40, 4], // 41-44 receiver group elevation
  ['selev', 44, 4], // 45-48 source surface elevation
  ['sdepth', 48, 4],
  ['gdel', 52, 4],
  ['sdel', 56, 4],
  ['swdep', 60, 4],
  ['gwdep', 64, 4],
  ['scalel', 68, 2], // 69-70 elevation scalar
  ['scalco', 70, 2], // 71-72 coordinate scalar
  ['sx', 72, 4], // 73-80 source x, y
  ['sy', 76, 4],
  ['gx', 80, 4], // 81-88 receiver group x, y
  ['gy', 84, 4],
  ['counit', 88, 2], // 89-90 coordinate units
  ['wevel', 90, 2],
  ['swevel', 92, 2],
  ['sut', 94, 2],
  ['gut', 96, 2],
  ['sstat', 98, 2],
  ['gstat', 100, 2],
  ['tstat', 102, 2],
  ['laga', 104, 2],
  ['lagb', 106, 2],
  ['delrt', 108, 2], // 109-110 delay recording time, ms
  ['muts', 110, 2],
  ['mute', 112, 2],
  ['ns', 114, 2], // 115-116 samples in this trace (unsigned)
  ['dt', 116, 2], // 117-118 sample interval, µs (unsigned)
  ['gain', 118, 2],
  ['igc', 120, 2],
  ['igi', 122, 2],
  ['corr', 124, 2],
  ['sfs', 126, 2],
  ['sfe', 128, 2],
  ['slen', 130, 2],
  ['styp', 132, 2],
  ['stas', 134, 2],
  ['stae', 136, 2],
  ['tatyp', 138, 2],
  ['afilf', 140, 2],
  ['afils', 142, 2],
  ['nofilf', 144, 2],
  ['nofils', 146, 2],
  ['lcf', 148, 2],
  ['hcf', 150, 2],
  ['lcs', 152, 2],
  ['hcs', 154, 2],
  ['year', 156, 2], // 157-166 year, day of year, hour, minute, second
  ['day', 158, 2],
  ['hour', 160, 2],
  ['minute', 162, 2],
  ['sec', 164, 2],
  ['timbas', 166, 2], // 167-168 time basis (2 = GMT, 4 = UTC)
] as const satisfies FieldTable;
type TraceHeader = Fields<typeof TRACE_FIELDS>;
const UNSIGNED_FIELDS = new Set(['ns', 'dt']);

/** Binary header fields kept in the record headers (offsets from the start of the file). */
const BINARY_FIELDS = [
  ['job_id', 3200, 4],
  ['line_number', 3204, 4],
  ['reel_number', 3208, 4],
  ['traces_per_ensemble', 3212, 2],
  ['aux_traces_per_ensemble', 3214, 2],
  ['sample_interval_us', 3216, 2],
  ['samples_per_trace', 3220, 2],
  ['format_code', 3224, 2],
  ['ensemble_fold', 3226, 2],
  ['trace_sorting', 3228, 2],
  ['measurement_system', 3254, 2],
  ['revision', 3500, 2],
  ['fixed_length', 3502, 2],
  ['extended_text_headers', 3504, 2],
] as const satisfies FieldTable;

function readFields<T extends FieldTable>(r: ByteReader, base: number, fields: T): Fields<T> {
  const out: Record<string, number> = {};
  for (const [name, offset, size] of fields) {
    const at = base + offset;
    out[name] = size === 4 ? r.i32(at) : UNSIGNED_FIELDS.has(name) ? r.u16(at) : r.i16(at);
  }
  return out as Fields<T>;
}

/** The scalars the standard allows; old files reuse bytes 69-72 for other things. */
const SCALARS = new Set([0, 1, -1, 10, -10, 100, -100, 1000, -1000, 10000, -10000]);

/** SEG-Y scalars: negative divides, positive multiplies, 0 (or a value not allowed) means 1. */
function applyScalar(value: number, scalar: number): number {
  if (!SCALARS.has(scalar) || scalar === 0) return value;
  return scalar < 0 ? value / -scalar : value * scalar;
}

function position(x: number, y: number, z: number, coordScalar: number, elevScalar: number) {
  return {
    x: applyScalar(x, coordScalar),
    y: applyScalar(y, coordScalar),
    z: applyScalar(z, elevScalar),
  };
}

/**
 * Unset header words are 0, so a file whose traces all leave a position at (0, 0, 0) has
 * none; one non-zero trace means the zeros elsewhere are real coordinates.
 */
function dropUnsetPositions(records: SeismicRecord[]): void {
  const traces = records.flatMap((rec) => rec.traces);
  const unset = (p: Position | null) => !p || (p.x === 0 && p.y === 0 && p.z === 0);
  if (traces.every((t) => unset(t.receiver))) {
    for (const t of traces) Object.assign(t, { receiver: null, receiverFrom: 'none' });
  }
  if (traces.every((t) => unset(t.source))) {
    for (const t of traces) Object.assign(t, { source: null, sourceFrom: 'none' });
  }
}

/** Trace header date (year, day of year, h, m, s) as ISO 8601, or null when unset. */
function traceDate(h: TraceHeader): string | null {
  const { day, hour, minute, sec, timbas } = h;
  // Two-digit years are in old files: 50-99 -> 19xx, 0-49 -> 20xx.
  const year = h.year < 100 ? h.year + (h.year < 50 ? 2000 : 1900) : h.year;
  if (h.year <= 0 || day < 1 || day > 366 || hour > 23 || minute > 59 || sec > 59) return null;
  if (hour < 0 || minute < 0 || sec < 0) return null;
  const date = new Date(Date.UTC(year, 0, day, hour, minute, sec));
  const iso = date.toISOString().slice(0, 19);
  return timbas === 2 || timbas === 4 ? `${iso}Z` : iso;
}

interface TraceDefaults {
  coding: SampleCoding;
  /** Binary header values, 0 when absent (SU). */
  samples: number;
  intervalUs: number;
  /** Rev 1+: every trace has `samples` samples, whatever its header says. */
  fixedLength: boolean;
}

/** Reads traces from `start` to the end of the file and groups them by field record. */
function readTraces(
  r: ByteReader,
  start: number,
  d: TraceDefaults,
  budget: DecodeBudget,
): SeismicRecord[] {
  const records = new Map<number, SeismicRecord>();
  const bytesPerSample = BYTES_PER_SAMPLE[d.coding];
  let offset = start;
  for (let index = 1; offset < r.length; index++) {
    const label = `trace ${index}`;
    r.need(offset, TRACE_HEADER_BYTES, `${label} header`);
    const h = readFields(r, offset, TRACE_FIELDS);
    const samples = d.fixedLength || h.ns === 0 ? d.samples : h.ns;
    const intervalUs = h.dt === 0 || d.fixedLength ? d.intervalUs : h.dt;
    if (samples === 0) r.fail(offset + 114, `${label}: sample count is 0`);
    if (intervalUs === 0) r.fail(offset + 116, `${label}: sample interval is 0`);
    const dataStart = offset + TRACE_HEADER_BYTES;
    const needed = samples * bytesPerSample;
    if (needed > r.length - dataStart) {
      r.fail(
        offset + 114,
        `${label}: ${samples} samples need ${needed} bytes but only ${r.length - dataStart} remain`,
      );
    }
    budget.claimTraces(1, offset);
    budget.claimSamples(samples, offset + 114, label);
    const trace: Trace = {
      samples: decodeSamples(r.view, dataStart, samples, d.coding, r.little),
      sampleInterval: intervalUs / 1e6,
      startTime: h.delrt / 1000,
      component: '',
      channel: h.tracf,
      receiver: position(h.gx, h.gy, h.gelev, h.scalco, h.scalel),
      source: position(h.sx, h.sy, h.selev, h.scalco, h.scalel),
      receiverFrom: 'header',
      sourceFrom: 'header',
      headers: h,
    };
    let record = records.get(h.fldr);
    if (!record) {
      record = { id: String(h.fldr), traces: [], headers: {}, startDate: traceDate(h), picks: [] };
      records.set(h.fldr, record);
    }
    // Traces without a channel number are numbered by their place in the record.
    if (trace.channel <= 0) trace.channel = record.traces.length + 1;
    record.traces.push(trace);
    offset = dataStart + needed;
  }
  if (records.size === 0) r.fail(start, 'the file holds no traces');
  const list = [...records.values()];
  dropUnsetPositions(list);
  for (const record of list) {
    const readings = timingReadings(
      record.traces.map(({ headers: h }) => ({
        delrt: Number(h.delrt),
        laga: Number(h.laga),
        lagb: Number(h.lagb),
      })),
    );
    if (readings) record.timeReadings = readings;
  }
  return list;
}

/**
 * The readings of a record's timing fields (ms): the delay recording time (109-110) as SEG-Y
 * rev 1 defines it (first sample `delrt` after the source; applied), its negation (writers
 * that store the pre-trigger length), and the lags (the time break `laga` after the first
 * sample, the source `lagb` after the time break). Readings that give the same times are one;
 * none when all agree.
 */
interface TimingFields {
  delrt: number;
  laga: number;
  lagb: number;
}

function timingReadings(fields: TimingFields[]): SeismicRecord['timeReadings'] {
  const readings = [
    {
      name: 'delay',
      what: "delay recording time as the first sample's time",
      ms: (h: TimingFields) => h.delrt,
    },
    {
      name: 'negative-delay',
      what: 'delay recording time as the pre-trigger length',
      ms: (h: TimingFields) => -h.delrt,
    },
    {
      name: 'lag',
      what: 'lag times A and B (time break after the first sample, source after the time break)',
      ms: (h: TimingFields) => -(h.laga + h.lagb),
    },
  ].map((r) => {
    // `|| 0` turns -0 into 0, so that readings of zero fields compare equal.
    const startTimes = fields.map((h) => r.ms(h) / 1000 || 0);
    return {
      name: r.name,
      description: `${r.what}: first sample at ${[...new Set(startTimes)].join(', ')} s`,
      startTimes,
    };
  });
  const distinct = readings.filter(
    (r, i) => readings.findIndex((o) => o.startTimes.every((t, k) => t === r.startTimes[k])) === i,
  );
  return distinct.length > 1 ? distinct : undefined;
}

/**
 * Byte order of a SEG-Y file: the rev 2 byte-order word (3297-3300) when set, else the order
 * in which the format code (3225-3226) is a defined code. A defined code is 1-16, so read in
 * the wrong order it is a multiple of 256: the two orders never both qualify.
 */
function segyByteOrder(view: DataView): 'big' | 'little' | null {
  const word = view.getUint32(3296, false);
  if (word === 0x01020304) return 'big';
  if (word === 0x04030201) return 'little';
  if (isFormatCode(view.getUint16(3224, false))) return 'big';
  if (isFormatCode(view.getUint16(3224, true))) return 'little';
  return null;
}

/**
 * A textual header is NUL-padded ASCII or EBCDIC. Control bytes other than CR, LF and
 * NUL appear in neither, so a block with few of them (under 5 %, for odd writers) passes.
 */
function isTextualHeader(head: Uint8Array): boolean {
  let odd = 0;
  for (let i = 0; i < TEXT_HEADER_BYTES; i++) {
    const b = head[i] ?? 0;
    if (b !== 0 && b !== 0x0a && b !== 0x0d && b < 0x20) odd++;
  }
  return odd < TEXT_HEADER_BYTES * 0.05;
}

function sniffSegy(head: Uint8Array): boolean {
  if (head.length < FILE_HEADER_BYTES) return false;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  return segyByteOrder(view) !== null && isTextualHeader(head);
}

/** Latin-1 text with control characters (NUL padding, stray CR/LF) shown as spaces. */
function printableAscii(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += byte < 0x20 || byte === 0x7f ? ' ' : String.fromCharCode(byte);
  return text;
}

/** The textual header as 40 lines of 80 characters, trailing blanks removed. */
function textualHeader(block: Uint8Array): { text: string; encoding: string } {
  const ebcdic = looksLikeEbcdic(block);
  const raw = ebcdic ? ebcdicToText(block) : printableAscii(block);
  const lines: string[] = [];
  for (let i = 0; i < raw.length; i += 80) {
    lines.push(raw.slice(i, i + 80).trimEnd());
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return { text: lines.join('\n'), encoding: ebcdic ? 'EBCDIC' : 'ASCII' };
}

/** Where the traces start: after the extended textual headers that 3505-3506 announces. */
function tracesStart(r: ByteReader, count: number): number {
  if (count >= 0) {
    const start = FILE_HEADER_BYTES + count * TEXT_HEADER_BYTES;
    r.need(FILE_HEADER_BYTES, count * TEXT_HEADER_BYTES, `${count} extended textual headers`);
    return start;
  }
  if (count !== -1) r.fail(3504, `extended textual header count ${count} is not -1 or more`);
  // -1: a variable number, the last one holding the ((SEG: EndText)) stanza.
  for (let at = FILE_HEADER_BYTES; ; at += TEXT_HEADER_BYTES) {
    r.need(at, TEXT_HEADER_BYTES, 'extended textual header');
    const { text } = textualHeader(r.bytes.subarray(at, at + TEXT_HEADER_BYTES));
    if (text.includes(END_TEXT_STANZA)) return at + TEXT_HEADER_BYTES;
  }
}

function readSegy(bytes: Uint8Array, ctx: ReadContext): SeismicFile {
  const r: ByteReader = new ByteReader(bytes, ctx.file, false);
  r.need(0, FILE_HEADER_BYTES, 'SEG-Y textual and binary file header');
  const order = segyByteOrder(r.view);
  if (!order) {
    const code = r.view.getUint16(3224, false);
    r.fail(3224, `not a SEG-Y file: sample format code ${code} is not defined (expected 1-16)`);
  }
  r.little = order === 'little';
  const binary = readFields(r, 0, BINARY_FIELDS);
  const code = binary.format_code;
  const coding = CODINGS[code];
  if (!coding) {
    r.fail(3224, `sample format ${code} (${UNSUPPORTED[code]}) is not supported`);
  }
  // Rev 1+ only (major revision in the first byte of 3501-3502): in rev 0 files bytes
  // 3501-3506 are unassigned and may hold anything.
  const major = binary.revision >> 8;
  const defined = major === 1 || major === 2;
  const start = tracesStart(r, defined ? binary.extended_text_headers : 0);
  const { text, encoding } = textualHeader(bytes.subarray(0, TEXT_HEADER_BYTES));

  const records = readTraces(
    r,
    start,
    {
      coding,
      samples: binary.samples_per_trace,
      intervalUs: binary.sample_interval_us,
      fixedLength: defined && binary.fixed_length === 1,
    },
    new DecodeBudget(ctx.file, bytes.length),
  );
  const headers = { ...binary, textual_header_encoding: encoding, textual_header: text };
  for (const record of records) record.headers = headers;
  return {
    format: 'segy',
    file: ctx.file,
    byteOrder: order,
    records,
    notes: positionNotes(records),
  };
}

/**
 * What the user should know about the positions: scalars that were not allowed values (and
 * so ignored), and coordinate units (89-90) other than length: 2 arc seconds, 3 degrees, 4 DMS.
 */
function positionNotes(records: SeismicRecord[]): string[] {
  const headers = records.flatMap((rec) => rec.traces.map((t) => t.headers));
  const notes: string[] = [];
  const odd = new Set(
    headers.flatMap((h) => [h.scalel, h.scalco]).filter((s) => !SCALARS.has(Number(s))),
  );
  if (odd.size > 0) {
    notes.push(
      `scalars ${[...odd].join(', ')} (trace bytes 69-72) are not allowed values: read as 1`,
    );
  }
  const names: Record<number, string> = { 2: 'arc seconds', 3: 'decimal degrees', 4: 'DMS' };
  for (const unit of new Set(headers.map((h) => Number(h.counit)))) {
    const name = names[unit];
    if (name) notes.push(`coordinates are in ${name}, not metres (trace bytes 89-90)`);
  }
  return notes;
}

/**
 * How `suByteOrder` judges the first trace: 'tile' - whole traces of its length fill all of
 * `bytes`; 'fit' - it fits in `bytes` (SU traces may vary in length); 'head' - `bytes` is
 * only the start of the file, so a second trace header inside it must agree.
 */
type SuCheck = 'tile' | 'fit' | 'head';

/**
 * The byte order in which the first trace's sample count and interval (115-118) are set and
 * pass `check`. SU writes the machine's order, so with no other clue little-endian wins.
 */
function suByteOrder(bytes: Uint8Array, check: SuCheck): 'big' | 'little' | null {
  if (bytes.length < TRACE_HEADER_BYTES) return null;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const passes = (little: boolean) => {
    const ns = view.getUint16(114, little);
    const dt = view.getUint16(116, little);
    const traceBytes = TRACE_HEADER_BYTES + 4 * ns;
    if (ns === 0 || dt === 0) return false;
    if (check === 'tile') return bytes.length % traceBytes === 0;
    if (check === 'fit') return bytes.length >= traceBytes;
    if (bytes.length < traceBytes + TRACE_HEADER_BYTES) return true;
    return (
      view.getUint16(traceBytes + 114, little) === ns &&
      view.getUint16(traceBytes + 116, little) === dt
    );
  };
  if (passes(true)) return 'little';
  return passes(false) ? 'big' : null;
}

/** Day of year, hour, minute, second and time basis code (157-168): 0 when unset. */
const DATE_LIMITS: readonly (readonly [offset: number, max: number])[] = [
  [158, 366],
  [160, 24],
  [162, 59],
  [164, 60],
  [166, 4],
];

/**
 * SU has no magic number, so the sniff asks a lot of the first trace header: sample count
 * and interval that tile the file, scalars from the standard's set, a valid or unset date,
 * and finite float samples. Text and other binary formats fail several of these at once.
 */
function sniffSu(head: Uint8Array): boolean {
  // A head shorter than SNIFF_BYTES is the whole file, which its traces must tile.
  const order = suByteOrder(head, head.length < SNIFF_BYTES ? 'tile' : 'head');
  if (!order) return false;
  const little = order === 'little';
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const i16 = (at: number) => view.getInt16(at, little);
  if (!SCALARS.has(i16(68)) || !SCALARS.has(i16(70))) return false;
  if (!DATE_LIMITS.every(([at, max]) => i16(at) >= 0 && i16(at) <= max)) return false;
  const ns = view.getUint16(114, little);
  const end = Math.min(head.length, TRACE_HEADER_BYTES + 4 * ns);
  for (let at = TRACE_HEADER_BYTES; at + 4 <= end; at += 4) {
    if (!Number.isFinite(view.getFloat32(at, little))) return false;
  }
  return true;
}

function readSu(bytes: Uint8Array, ctx: ReadContext): SeismicFile {
  const r: ByteReader = new ByteReader(bytes, ctx.file, true);
  r.need(0, TRACE_HEADER_BYTES, 'SU trace header');
  const order = suByteOrder(bytes, 'tile') ?? suByteOrder(bytes, 'fit');
  if (!order) {
    r.fail(114, 'not an SU file: sample count and interval (bytes 115-118) fit neither byte order');
  }
  r.little = order === 'little';
  const records = readTraces(
    r,
    0,
    { coding: 'float32', samples: 0, intervalUs: 0, fixedLength: false },
    new DecodeBudget(ctx.file, bytes.length),
  );
  return { format: 'su', file: ctx.file, byteOrder: order, records, notes: positionNotes(records) };
}

export const segy: FormatPlugin = {
  name: 'segy',
  description: 'SEG-Y rev 0/1/2 (IBM or IEEE float, int32/16/8; either byte order)',
  sniff: sniffSegy,
  read: readSegy,
};

export const su: FormatPlugin = {
  name: 'su',
  description: 'Seismic Unix (SEG-Y traces without the file header, float32)',
  sniff: sniffSu,
  read: readSu,
};
