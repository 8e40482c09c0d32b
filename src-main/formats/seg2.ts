import { BYTES_PER_SAMPLE, ByteReader, decodeSamples, type SampleCoding } from './binary';
import { DecodeBudget } from './limits';
import type { FormatPlugin, ReadContext, Seg2DelayConvention } from './plugin';
import type { Position, SeismicFile, SeismicRecord, Trace } from './record';
import { minOf } from '../numeric/extent';

/**
 * SEG-2 (Pullan 1990, "Recommended standard for seismic (/radar) files in the personal
 * computer environment"): a file descriptor block with a table of trace pointers and
 * keyword strings, then one trace descriptor block plus data block per trace. One file is
 * one shot, so it becomes one record.
 */

const FILE_BLOCK_ID = 0x3a55;
const TRACE_BLOCK_ID = 0x4422;
const FILE_DESCRIPTOR_BYTES = 32;
const TRACE_DESCRIPTOR_BYTES = 32;
/** One sample a minute is no seismic recording: a larger SAMPLE_INTERVAL is a corrupt file. */
const MAX_SAMPLE_INTERVAL = 60;

/** Data format codes of the trace descriptor (byte 12). */
const CODINGS: Record<number, SampleCoding | 'packed20'> = {
  1: 'int16',
  2: 'int32',
  3: 'packed20',
  4: 'float32',
  5: 'float64',
};

interface Terminators {
  /** Ends a string early: NUL always, and the declared string terminator. */
  string: number[];
  /** The declared line terminator, replaced by '\n' in multi-line values (NOTE). */
  line: string;
}

/** Bytes the samples of one trace take: format 3 packs 4 samples into 10 bytes. */
function dataBytes(coding: SampleCoding | 'packed20', samples: number): number {
  return coding === 'packed20' ? Math.ceil(samples / 4) * 10 : samples * BYTES_PER_SAMPLE[coding];
}

/**
 * SEG-2 format 3 (SEG-D 20-bit floating point): each group of 4 samples is 10 bytes, one
 * 16-bit word of four 4-bit exponents (sample k in bits 4k..4k+3) then four 16-bit
 * mantissas. A sample is mantissa * 2^exponent, with the mantissa a one's-complement
 * number: negative mantissas are one less in magnitude than two's complement would read
 * them, which is what the reference decodes of Geometrics files show.
 */
function decodePacked20(r: ByteReader, offset: number, count: number, scale: number): Float32Array {
  const out = new Float32Array(count);
  const { view, little } = r;
  for (let i = 0; i < count; i += 4) {
    const group = offset + (i / 4) * 10;
    const exponents = view.getUint16(group, little);
    const inGroup = Math.min(4, count - i);
    for (let k = 0; k < inGroup; k++) {
      const raw = view.getUint16(group + 2 + 2 * k, little);
      const mantissa = raw & 0x8000 ? raw - 0xffff : raw;
      out[i + k] = mantissa * (1 << ((exponents >>> (4 * k)) & 0xf)) * scale;
    }
  }
  return out;
}

/**
 * Reads the keyword strings of a descriptor block between `start` and `end`: each string is
 * a 2-byte offset to the next one (counting the 2 bytes), then text up to the terminator.
 * An offset of 0 ends the list. Keys are upper-cased; later duplicates win.
 */
function readStrings(
  r: ByteReader,
  start: number,
  end: number,
  terminators: Terminators,
): Record<string, string> {
  const keywords: Record<string, string> = {};
  let pos = start;
  while (pos + 2 <= end) {
    const next = r.u16(pos);
    if (next === 0) break;
    if (next < 2 || pos + next > end) {
      r.fail(pos, `keyword string of ${next} bytes runs past the end of its block (byte ${end})`);
    }
    let text = '';
    for (let i = pos + 2; i < pos + next; i++) {
      const byte = r.u8(i);
      if (terminators.string.includes(byte)) break;
      text += String.fromCharCode(byte);
    }
    if (terminators.line) text = text.split(terminators.line).join('\n');
    const match = /^\s*(\S+)\s*([\s\S]*?)\s*$/.exec(text);
    const [, key, value = ''] = match ?? [];
    if (key) keywords[key.toUpperCase()] = value;
    pos += next;
  }
  return keywords;
}

function parseNumber(
  r: ByteReader,
  offset: number,
  key: string,
  value: string | undefined,
): number | undefined {
  if (value === undefined) return undefined;
  const n = value.trim() === '' ? NaN : Number(value);
  if (!Number.isFinite(n)) r.fail(offset, `${key} ${JSON.stringify(value)} is not a number`);
  return n;
}

/** RECEIVER_LOCATION / SOURCE_LOCATION: x, then y and z when given (1 to 3 numbers). */
function parseLocation(
  r: ByteReader,
  offset: number,
  key: string,
  value: string | undefined,
): Position | null {
  if (value === undefined) return null;
  const parts = value
    .trim()
    .split(/[\s,]+/)
    .map(Number);
  if (
    parts.length < 1 ||
    parts.length > 3 ||
    value.trim() === '' ||
    !parts.every(Number.isFinite)
  ) {
    r.fail(offset, `${key} ${JSON.stringify(value)} is not 1 to 3 numbers`);
  }
  const [x = 0, y = 0, z = 0] = parts;
  return { x, y, z };
}

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** ACQUISITION_DATE "7/MAR/2018" + ACQUISITION_TIME "3:12:45" -> "2018-03-07T03:12:45". */
function acquisitionDate(date: string | undefined, time: string | undefined): string | null {
  const [, dd = '', mon = '', yyyy = ''] =
    /^\s*(\d{1,2})\/([A-Za-z]{3})\/(\d{4})\s*$/.exec(date ?? '') ?? [];
  const month = MONTHS.indexOf(mon.toUpperCase()) + 1;
  if (month === 0) return null;
  const pad = (s: string | number) => String(s).padStart(2, '0');
  const day = `${yyyy}-${pad(month)}-${pad(dd)}`;
  const [, hh, mm, ss = ''] = /^\s*(\d{1,2}):(\d{2}):(\d{2}(?:\.\d+)?)\s*$/.exec(time ?? '') ?? [];
  return hh ? `${day}T${pad(hh)}:${mm}:${ss}` : day;
}

function fileStem(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.gz$/i, '').replace(/\.[^.]*$/, '') || base;
}

/** First sample time from DELAY under the chosen convention (see ReadOptions.seg2Delay). */
function startTimeFromDelay(delay: number, convention: Seg2DelayConvention): number {
  return convention === 'dmt' ? -delay : delay;
}

const DELAY_MEANS: Record<Seg2DelayConvention, string> = {
  geometrics: "the first sample's time after the trigger (Geometrics, some DMT units)",
  dmt: 'the length of the pre-trigger (other DMT units)',
};

/**
 * Both readings of the traces' DELAY, the applied one first; none when no trace has a DELAY
 * other than 0, which reads the same either way.
 */
function delayReadings(
  delays: number[],
  applied: Seg2DelayConvention,
): SeismicRecord['timeReadings'] {
  if (delays.every((d) => d === 0)) return undefined;
  const shown = [...new Set(delays)].join(', ');
  const order: Seg2DelayConvention[] = [applied, applied === 'dmt' ? 'geometrics' : 'dmt'];
  return order.map((c) => {
    const startTimes = delays.map((d) => startTimeFromDelay(d, c));
    return {
      name: c,
      description: `DELAY ${shown} read as ${DELAY_MEANS[c]}: first sample at ${[...new Set(startTimes)].join(', ')} s`,
      startTimes,
    };
  });
}

/** Where a trace's blocks lie and how its samples are coded, from its descriptor. */
interface TraceLayout {
  index: number;
  pointer: number;
  formatCode: number;
  coding: SampleCoding | 'packed20';
  sampleCount: number;
  dataStart: number;
  /** First byte after the data block. */
  end: number;
}

function traceLayout(r: ByteReader, pointer: number, index: number): TraceLayout {
  const label = `trace ${index + 1}`;
  r.need(pointer, TRACE_DESCRIPTOR_BYTES, `${label} descriptor`);
  const id = r.u16(pointer);
  if (id !== TRACE_BLOCK_ID) {
    r.fail(pointer, `${label}: descriptor block id is 0x${id.toString(16)}, expected 0x4422`);
  }
  const blockSize = r.u16(pointer + 2);
  const sampleCount = r.u32(pointer + 8);
  const formatCode = r.u8(pointer + 12);
  if (blockSize < TRACE_DESCRIPTOR_BYTES) {
    r.fail(pointer + 2, `${label}: descriptor block size ${blockSize} is below 32`);
  }
  r.need(pointer, blockSize, `${label} descriptor block`);
  const coding = CODINGS[formatCode];
  if (!coding) r.fail(pointer + 12, `${label}: unknown data format code ${formatCode}`);
  const dataStart = pointer + blockSize;
  const remaining = r.length - dataStart;
  const needed = dataBytes(coding, sampleCount);
  if (needed > remaining) {
    r.fail(
      pointer + 8,
      `${label}: ${sampleCount} samples of format ${formatCode} need ${needed} bytes ` +
        `but only ${Math.max(0, remaining)} remain in the file`,
    );
  }
  return { index, pointer, formatCode, coding, sampleCount, dataStart, end: dataStart + needed };
}

/**
 * Each trace's descriptor and data blocks are its own bytes: pointers that share bytes would
 * have the reader decode them again for each (16,383 pointers at one 60,000-sample trace make
 * a 305 KB file ask for 4 GB).
 */
function refuseOverlaps(r: ByteReader, layouts: TraceLayout[]): void {
  const inOrder = [...layouts].sort((a, b) => a.pointer - b.pointer);
  for (let i = 1; i < inOrder.length; i++) {
    const before = inOrder[i - 1]!;
    const trace = inOrder[i]!;
    if (trace.pointer < before.end) {
      const [first, second] = before.index < trace.index ? [before, trace] : [trace, before];
      r.fail(
        32 + 4 * second.index,
        `trace ${second.index + 1} (byte ${second.pointer}) overlaps trace ${first.index + 1} ` +
          `(bytes ${first.pointer}-${first.end - 1}): each trace must have bytes of its own`,
      );
    }
  }
}

function readTrace(
  r: ByteReader,
  layout: TraceLayout,
  terminators: Terminators,
  convention: Seg2DelayConvention,
  budget: DecodeBudget,
): { trace: Trace; delay: number | undefined } {
  const { pointer, index, formatCode, coding, sampleCount, dataStart } = layout;
  const label = `trace ${index + 1}`;
  const keys = readStrings(r, pointer + TRACE_DESCRIPTOR_BYTES, dataStart, terminators);
  const at = pointer + TRACE_DESCRIPTOR_BYTES;
  const interval = parseNumber(r, at, 'SAMPLE_INTERVAL', keys.SAMPLE_INTERVAL);
  if (interval === undefined) r.fail(at, `${label}: no SAMPLE_INTERVAL keyword`);
  if (!(interval > 0 && interval <= MAX_SAMPLE_INTERVAL)) {
    r.fail(at, `${label}: SAMPLE_INTERVAL ${interval} s is not between 0 and 60 s`);
  }
  const scale = parseNumber(r, at, 'DESCALING_FACTOR', keys.DESCALING_FACTOR) ?? 1;
  const delay = parseNumber(r, at, 'DELAY', keys.DELAY);
  const channel = parseNumber(r, at, 'CHANNEL_NUMBER', keys.CHANNEL_NUMBER) ?? index + 1;
  const receiver = parseLocation(r, at, 'RECEIVER_LOCATION', keys.RECEIVER_LOCATION);
  const source = parseLocation(r, at, 'SOURCE_LOCATION', keys.SOURCE_LOCATION);

  budget.claimSamples(sampleCount, pointer + 8, label);
  const samples =
    coding === 'packed20'
      ? decodePacked20(r, dataStart, sampleCount, scale)
      : decodeSamples(r.view, dataStart, sampleCount, coding, r.little, scale);
  const direction = keys.REGISTRATION_DIRECTION?.toUpperCase();
  return {
    delay,
    trace: {
      samples,
      sampleInterval: interval,
      startTime: startTimeFromDelay(delay ?? 0, convention),
      // DMT writes X/Y/Z geophone axes, which say nothing of how the horizontals were laid
      // out; Z, and the E/N (inline/crossline) that Pickline's simulator writes, are codes.
      component: direction === 'Z' || direction === 'E' || direction === 'N' ? direction : '',
      channel,
      receiver,
      source,
      receiverFrom: receiver ? 'header' : 'none',
      sourceFrom: source ? 'header' : 'none',
      headers: { ...keys, DATA_FORMAT_CODE: formatCode, NUMBER_OF_SAMPLES: sampleCount },
    },
  };
}

function sniff(head: Uint8Array): boolean {
  if (head.length < 6) return false;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const little = view.getUint16(0, true) === FILE_BLOCK_ID;
  if (!little && view.getUint16(0, false) !== FILE_BLOCK_ID) return false;
  // The trace pointer sub-block (bytes 4-5) holds at least one pointer.
  return view.getUint16(4, little) >= 4;
}

function read(bytes: Uint8Array, ctx: ReadContext): SeismicFile {
  const r: ByteReader = new ByteReader(bytes, ctx.file, true);
  r.need(0, FILE_DESCRIPTOR_BYTES, 'SEG-2 file descriptor');
  const marker = r.u16(0);
  if (marker !== FILE_BLOCK_ID) {
    r.little = false;
    if (r.u16(0) !== FILE_BLOCK_ID) {
      r.fail(0, `not a SEG-2 file: block id is 0x${marker.toString(16)}, expected 0x3a55`);
    }
  }
  const revision = r.u16(2);
  const pointerBytes = r.u16(4);
  const traceCount = r.u16(6);
  if (traceCount === 0) r.fail(6, 'the file holds no traces');
  if (pointerBytes < 4 * traceCount) {
    r.fail(
      4,
      `trace pointer sub-block of ${pointerBytes} bytes cannot hold ${traceCount} pointers`,
    );
  }
  r.need(FILE_DESCRIPTOR_BYTES, pointerBytes, 'trace pointer sub-block');
  const terminators: Terminators = {
    string: [0, ...(r.u8(8) >= 1 ? [r.u8(9)] : [])],
    line: String.fromCharCode(...[r.u8(12), r.u8(13)].slice(0, Math.min(2, r.u8(11)))),
  };

  const pointers: number[] = [];
  for (let i = 0; i < traceCount; i++) {
    const at = FILE_DESCRIPTOR_BYTES + 4 * i;
    const pointer = r.u32(at);
    if (pointer < FILE_DESCRIPTOR_BYTES + pointerBytes || pointer >= r.length) {
      r.fail(at, `trace pointer ${pointer} is outside the file (${r.length} bytes)`);
    }
    pointers.push(pointer);
  }
  const stringsStart = FILE_DESCRIPTOR_BYTES + pointerBytes;
  const fileKeys = readStrings(r, stringsStart, minOf(pointers), terminators);

  const convention = ctx.options.seg2Delay ?? 'geometrics';
  const layouts = pointers.map((p, i) => traceLayout(r, p, i));
  refuseOverlaps(r, layouts);
  const budget = new DecodeBudget(ctx.file, bytes.length);
  budget.claimTraces(layouts.length, 6);
  const decoded = layouts.map((l) => readTrace(r, l, terminators, convention, budget));
  const traces = decoded.map((t) => t.trace);

  const shot = fileKeys.SHOT_SEQUENCE_NUMBER ?? traces[0]?.headers.SHOT_SEQUENCE_NUMBER;
  const record: SeismicRecord = {
    id: shot === undefined || String(shot).trim() === '' ? fileStem(ctx.file) : String(shot),
    traces,
    headers: { ...fileKeys, SEG2_REVISION: revision },
    startDate: acquisitionDate(fileKeys.ACQUISITION_DATE, fileKeys.ACQUISITION_TIME),
    picks: [],
  };
  const readings = delayReadings(
    decoded.map((t) => t.delay ?? 0),
    convention,
  );
  if (readings) record.timeReadings = readings;
  const starts = [...new Set(traces.map((t) => t.startTime))].join(', ');
  const notes = decoded.some((t) => t.delay !== undefined)
    ? [`DELAY read with the ${convention} convention: first sample at ${starts} s`]
    : ['no DELAY keyword: first sample at the trigger (0 s)'];
  return {
    format: 'seg2',
    file: ctx.file,
    byteOrder: r.little ? 'little' : 'big',
    records: [record],
    notes,
  };
}

export const seg2: FormatPlugin = {
  name: 'seg2',
  description: 'SEG-2 (one shot per file; Geometrics, DMT and other engineering seismographs)',
  sniff,
  read,
};
