import type { Seg2DelayConvention } from './plugin';
import type { Position } from './record';

/**
 * SEG-2 writer (Pullan 1990), the counterpart of `seg2.ts`: little-endian, revision 1, one
 * file descriptor block (32 bytes, trace pointers, file strings) and per trace a descriptor
 * block (32 bytes + strings) followed by its data block. Samples are float32 (format code 4)
 * or int32 (code 2) with a DESCALING_FACTOR per trace.
 *
 * Times follow the Geometrics convention the reader defaults to unless told: DELAY is the time
 * of the first sample relative to the trigger, so a 10 ms pre-trigger is DELAY -0.01.
 */

export type Seg2Coding = 'int32' | 'float32';

export interface Seg2TraceInput {
  samples: Float32Array;
  /** Seconds between samples (SAMPLE_INTERVAL). */
  sampleInterval: number;
  /** Time of the first sample relative to the trigger, seconds (DELAY, Geometrics). */
  startTime: number;
  /** CHANNEL_NUMBER. */
  channel: number;
  receiver: Position | null;
  source: Position | null;
  /** More trace keywords (SHOT_SEQUENCE_NUMBER, STACK, NOTE, ...), written after the above. */
  keywords?: Readonly<Record<string, string>>;
}

export interface Seg2FileInput {
  traces: readonly Seg2TraceInput[];
  /**
   * How DELAY is written: 'geometrics' (default) the first sample's time, 'dmt' the
   * pre-trigger length (DELAY = -startTime), as other DMT units write it.
   */
  delay?: Seg2DelayConvention;
  /** File descriptor keywords (ACQUISITION_DATE, INSTRUMENT, UNITS, NOTE, ...). */
  keywords?: Readonly<Record<string, string>>;
  coding: Seg2Coding;
}

const FILE_BLOCK_ID = 0x3a55;
const TRACE_BLOCK_ID = 0x4422;
const DESCRIPTOR_BYTES = 32;
const FORMAT_CODE: Record<Seg2Coding, number> = { int32: 2, float32: 4 };
/** Block sizes are 16-bit and, by the standard, multiples of 4. */
const MAX_BLOCK_BYTES = 65532;
/** int32 codes use 24 bits, what the reader's float32 samples hold exactly. */
const INT32_CODE_BITS = 24;
/** Keywords the writer derives from the trace fields; passing them again would conflict. */
const DERIVED_TRACE_KEYS = [
  'SAMPLE_INTERVAL',
  'DELAY',
  'CHANNEL_NUMBER',
  'RECEIVER_LOCATION',
  'SOURCE_LOCATION',
  'DESCALING_FACTOR',
];

/**
 * A number as SEG-2 text: JavaScript's shortest round-trip digits (Number() reads back the
 * same double), written without an exponent because vendor readers parse plain decimals.
 */
export function seg2Decimal(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`cannot write ${value} as a SEG-2 number`);
  const text = String(value);
  const match = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!match) return text;
  const [, sign, lead, fraction = '', exp] = match;
  const digits = lead! + fraction;
  const point = 1 + Number(exp); // position of the decimal point within `digits`
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  return `${sign}${digits}${'0'.repeat(point - digits.length)}`;
}

/**
 * The int32 descaling factor of a trace: the power of two that puts its largest magnitude in
 * [2^23, 2^24), or 1 for an all-zero trace. A power of two makes the reader's code * factor
 * exact in float32, so writing what was read gives the same bytes again; 24 bits is the
 * resolution of a 24-bit seismograph and of the float32 samples the reader returns. Samples
 * are stored as round(sample / factor).
 */
export function int32DescalingFactor(samples: Float32Array): number {
  let peak = 0;
  for (let i = 0; i < samples.length; i++) peak = Math.max(peak, Math.abs(samples[i]!));
  if (!Number.isFinite(peak)) throw new RangeError('samples must be finite numbers');
  if (peak === 0) return 1;
  let exponent = Math.floor(Math.log2(peak));
  // log2 may round across an integer for values next to a power of two.
  if (2 ** exponent > peak) exponent--;
  if (2 ** (exponent + 1) <= peak) exponent++;
  return 2 ** (exponent - (INT32_CODE_BITS - 1));
}

function checkKeyword(key: string, value: string, where: string): void {
  if (!/^[A-Z][A-Z0-9_]*$/.test(key)) {
    throw new RangeError(`${where}: keyword ${JSON.stringify(key)} must be A-Z, 0-9 and _`);
  }
  // Readers trim values and stop at NUL; the text is one byte per character.
  if (value !== value.trim() || /[\0\u0100-\uffff]/.test(value)) {
    throw new RangeError(
      `${where}: the value of ${key} must be Latin-1 text without NUL or surrounding spaces`,
    );
  }
}

/**
 * A string sub-block: each string is a 2-byte offset to the next (counting itself), the text
 * "KEY value" and a NUL; a zero offset ends the list; zeros pad the block to a multiple of 4.
 */
function stringBlock(keywords: [string, string][], where: string): Uint8Array {
  const parts = keywords.map(([key, value]) => {
    checkKeyword(key, value, where);
    const text = value === '' ? key : `${key} ${value}`;
    const length = 2 + text.length + 1;
    if (length > 0xffff) throw new RangeError(`${where}: the value of ${key} is too long`);
    const bytes = new Uint8Array(length);
    new DataView(bytes.buffer).setUint16(0, length, true);
    for (let i = 0; i < text.length; i++) bytes[2 + i] = text.charCodeAt(i);
    return bytes;
  });
  const used = parts.reduce((n, p) => n + p.length, 0) + 2;
  const out = new Uint8Array(Math.ceil(used / 4) * 4);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const location = (p: Position) => [p.x, p.y, p.z].map(seg2Decimal).join(' ');

function traceKeywords(
  trace: Seg2TraceInput,
  scale: number | null,
  delay: Seg2DelayConvention,
  where: string,
) {
  if (!(trace.sampleInterval > 0 && Number.isFinite(trace.sampleInterval))) {
    throw new RangeError(`${where}: sample interval must be positive, got ${trace.sampleInterval}`);
  }
  if (!Number.isInteger(trace.channel)) {
    throw new RangeError(`${where}: channel must be an integer, got ${trace.channel}`);
  }
  const keys: [string, string][] = [
    ['CHANNEL_NUMBER', String(trace.channel)],
    // `|| 0`: a first sample at the trigger is DELAY 0, not -0, in either convention.
    ['DELAY', seg2Decimal((delay === 'dmt' ? -trace.startTime : trace.startTime) || 0)],
    ['SAMPLE_INTERVAL', seg2Decimal(trace.sampleInterval)],
  ];
  if (scale !== null) keys.push(['DESCALING_FACTOR', seg2Decimal(scale)]);
  if (trace.receiver) keys.push(['RECEIVER_LOCATION', location(trace.receiver)]);
  if (trace.source) keys.push(['SOURCE_LOCATION', location(trace.source)]);
  for (const [key, value] of Object.entries(trace.keywords ?? {})) {
    if (DERIVED_TRACE_KEYS.includes(key)) {
      throw new RangeError(`${where}: ${key} comes from the trace fields, not from keywords`);
    }
    keys.push([key, value]);
  }
  return keys;
}

function dataBlock(samples: Float32Array, coding: Seg2Coding, scale: number): Uint8Array {
  const out = new Uint8Array(samples.length * 4);
  const view = new DataView(out.buffer);
  if (coding === 'float32') {
    for (let i = 0; i < samples.length; i++) view.setFloat32(4 * i, samples[i]!, true);
  } else {
    for (let i = 0; i < samples.length; i++) {
      view.setInt32(4 * i, Math.round(samples[i]! / scale), true);
    }
  }
  return out;
}

/** The bytes of a SEG-2 file holding these traces. */
export function writeSeg2(file: Seg2FileInput): Uint8Array {
  const count = file.traces.length;
  if (count === 0) throw new RangeError('a SEG-2 file needs at least one trace');
  const pointerBytes = 4 * count;
  if (pointerBytes > MAX_BLOCK_BYTES) {
    throw new RangeError(`${count} traces exceed the ${MAX_BLOCK_BYTES / 4} a SEG-2 file holds`);
  }
  const fileStrings = stringBlock(Object.entries(file.keywords ?? {}), 'file descriptor');

  const blocks = file.traces.map((trace, i) => {
    const where = `trace ${i + 1}`;
    const scale = file.coding === 'int32' ? int32DescalingFactor(trace.samples) : null;
    const strings = stringBlock(
      traceKeywords(trace, scale, file.delay ?? 'geometrics', where),
      where,
    );
    const size = DESCRIPTOR_BYTES + strings.length;
    if (size > MAX_BLOCK_BYTES) throw new RangeError(`${where}: keywords exceed the block size`);
    const data = dataBlock(trace.samples, file.coding, scale ?? 1);
    const descriptor = new Uint8Array(DESCRIPTOR_BYTES);
    const view = new DataView(descriptor.buffer);
    view.setUint16(0, TRACE_BLOCK_ID, true);
    view.setUint16(2, size, true);
    view.setUint32(4, data.length, true);
    view.setUint32(8, trace.samples.length, true);
    view.setUint8(12, FORMAT_CODE[file.coding]);
    return [descriptor, strings, data];
  });

  const head = new Uint8Array(DESCRIPTOR_BYTES + pointerBytes);
  const view = new DataView(head.buffer);
  view.setUint16(0, FILE_BLOCK_ID, true);
  view.setUint16(2, 1, true); // revision
  view.setUint16(4, pointerBytes, true);
  view.setUint16(6, count, true);
  head.set([1, 0x00], 8); // string terminator: NUL
  head.set([1, 0x0a], 11); // line terminator: LF, which separates the lines of a NOTE
  let at = head.length + fileStrings.length;
  blocks.forEach((parts, i) => {
    view.setUint32(DESCRIPTOR_BYTES + 4 * i, at, true);
    at += parts.reduce((n, p) => n + p.length, 0);
  });

  const out = new Uint8Array(at);
  out.set(head, 0);
  out.set(fileStrings, head.length);
  let pos = head.length + fileStrings.length;
  for (const part of blocks.flat()) {
    out.set(part, pos);
    pos += part.length;
  }
  return out;
}
