import { FormatError } from './errors';
import { DecodeBudget } from './limits';
import { fileStem } from './names';
import type { FormatPlugin, ReadContext } from './plugin';
import type { FilePick, SeismicFile, Trace } from './record';

/**
 * NumPy .npy (format versions 1.0, 2.0 and 3.0, as described in numpy/lib/format.py's
 * docstring): the magic "\x93NUMPY", a major and minor version byte, the header length
 * (little-endian uint16 in 1.0, uint32 in 2.0 and 3.0), then a Python dict literal with
 * 'descr', 'fortran_order' and 'shape' (latin-1 in 1.0 and 2.0, UTF-8 in 3.0), then the raw
 * array data.
 *
 * As a seismic file, a 1-D array is one trace and a 2-D array is [samples, traces]: one
 * record with one trace per column. The file says nothing about time, so the sample interval
 * is `ReadOptions.sampleInterval` or, failing that, 1 s with a note. The geo-stack data sets
 * keep first breaks beside the array as `N.txt` (a header line `Time`, then one time in
 * seconds per column); they become P picks.
 */

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // \x93NUMPY
/** Nesting deeper than this in a header is no NumPy header (and must not blow the stack). */
const MAX_HEADER_DEPTH = 8;

/** Numeric dtypes a seismic array may have: kind, bytes per item. */
const NUMERIC: Record<string, { kind: 'f' | 'i'; size: number }> = {
  f4: { kind: 'f', size: 4 },
  f8: { kind: 'f', size: 8 },
  i2: { kind: 'i', size: 2 },
  i4: { kind: 'i', size: 4 },
  i8: { kind: 'i', size: 8 },
};

export interface NpyHeader {
  /** The dtype as written, e.g. '<f4', '>i8', '<U11'. */
  descr: string;
  fortranOrder: boolean;
  shape: number[];
  /** Byte offset of the array data in the file. */
  dataOffset: number;
}

export interface NpyArray {
  dtype: string;
  shape: number[];
  /** Row-major (C order) whatever the file's order: float32 stays float32, the rest is float64. */
  data: Float32Array | Float64Array;
}

export function isNpy(head: Uint8Array): boolean {
  return head.length >= 8 && MAGIC.every((b, i) => head[i] === b);
}

type PyValue = string | number | boolean | null | PyValue[] | { [key: string]: PyValue };

/**
 * A recursive-descent parser for the Python literals np.save writes into the header: dicts,
 * tuples and lists, quoted strings, integers (with Python 2's `L` suffix), True/False/None.
 * Anything else is not a NumPy header.
 */
function parseHeaderLiteral(text: string, fail: (reason: string) => never): PyValue {
  let pos = 0;
  const skip = () => {
    while (pos < text.length && /\s/.test(text[pos]!)) pos++;
  };
  const expect = (ch: string) => {
    skip();
    if (text[pos] !== ch) fail(`header: expected '${ch}' at character ${pos}`);
    pos++;
  };
  const value = (depth: number): PyValue => {
    if (depth > MAX_HEADER_DEPTH) fail('header: nested too deeply');
    skip();
    const ch = text[pos];
    if (ch === '{') {
      pos++;
      const dict: Record<string, PyValue> = {};
      for (skip(); text[pos] !== '}'; skip()) {
        const key = value(depth + 1);
        if (typeof key !== 'string') fail(`header: dict key at character ${pos} is not a string`);
        expect(':');
        dict[key] = value(depth + 1);
        skip();
        if (text[pos] === ',') pos++;
        else if (text[pos] !== '}') fail(`header: expected ',' or '}' at character ${pos}`);
      }
      pos++;
      return dict;
    }
    if (ch === '(' || ch === '[') {
      const close = ch === '(' ? ')' : ']';
      pos++;
      const items: PyValue[] = [];
      for (skip(); text[pos] !== close; skip()) {
        items.push(value(depth + 1));
        skip();
        if (text[pos] === ',') pos++;
        else if (text[pos] !== close)
          fail(`header: expected ',' or '${close}' at character ${pos}`);
      }
      pos++;
      return items;
    }
    if (ch === "'" || ch === '"') {
      const end = text.indexOf(ch, pos + 1);
      if (end < 0) fail(`header: string at character ${pos} is not closed`);
      const s = text.slice(pos + 1, end);
      pos = end + 1;
      return s;
    }
    const word = /^(?:-?\d+L?|True|False|None)/.exec(text.slice(pos, pos + 24))?.[0];
    if (!word)
      fail(`header: unexpected ${ch === undefined ? 'end' : `'${ch}'`} at character ${pos}`);
    pos += word.length;
    if (word === 'True' || word === 'False') return word === 'True';
    if (word === 'None') return null;
    return Number(word.replace('L', ''));
  };
  const result = value(0);
  skip();
  if (pos !== text.length) fail(`header: unexpected text after the dict at character ${pos}`);
  return result;
}

/** Reads and checks the header; the data it describes is not touched. */
export function parseNpyHeader(bytes: Uint8Array, file: string): NpyHeader {
  function fail(offset: number, reason: string): never {
    throw new FormatError(file, offset, reason);
  }
  if (bytes.length === 0) fail(0, 'file is empty');
  if (!isNpy(bytes)) fail(0, 'not a NumPy .npy file (no \\x93NUMPY magic)');
  const major = bytes[6]!;
  if (major < 1 || major > 3) fail(6, `unknown .npy format version ${major}.${bytes[7]}`);
  const lengthBytes = major === 1 ? 2 : 4;
  if (bytes.length < 8 + lengthBytes) fail(8, 'file ends inside the header length');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = major === 1 ? view.getUint16(8, true) : view.getUint32(8, true);
  const headerStart = 8 + lengthBytes;
  const dataOffset = headerStart + headerLength;
  if (dataOffset > bytes.length) {
    fail(
      8,
      `header of ${headerLength} bytes runs past the end of the file (${bytes.length} bytes)`,
    );
  }
  const text = new TextDecoder(major === 3 ? 'utf-8' : 'latin1')
    .decode(bytes.subarray(headerStart, dataOffset))
    .trim();
  const dict = parseHeaderLiteral(text, (reason) => fail(headerStart, reason));
  if (dict === null || typeof dict !== 'object' || Array.isArray(dict)) {
    fail(headerStart, 'header is not a dict');
  }
  const { descr, fortran_order: fortranOrder, shape } = dict;
  if (Array.isArray(descr)) fail(headerStart, 'structured (record) dtypes are not supported');
  if (typeof descr !== 'string') fail(headerStart, "header has no 'descr' string");
  if (typeof fortranOrder !== 'boolean') fail(headerStart, "header has no 'fortran_order' flag");
  if (!Array.isArray(shape) || !shape.every((n) => Number.isSafeInteger(n) && (n as number) >= 0)) {
    fail(headerStart, "header 'shape' is not a tuple of sizes");
  }
  return { descr, fortranOrder, shape: shape as number[], dataOffset };
}

/** Items in an array of this shape (1 for a scalar, shape ()). */
function itemCount(shape: number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

/** Checks the data of `count` items of `size` bytes lies inside the file, before allocating. */
function needData(bytes: Uint8Array, file: string, h: NpyHeader, size: number): number {
  const count = itemCount(h.shape);
  // A float product: an absurd shape overflows to a huge number, still caught here.
  if (count * size > bytes.length - h.dataOffset) {
    throw new FormatError(
      file,
      h.dataOffset,
      `shape (${h.shape.join(', ')}) of ${h.descr} needs ${count * size} bytes of data but the file has ${bytes.length - h.dataOffset}`,
    );
  }
  return count;
}

/** Reorders a column-major (Fortran) array into row-major order, for any number of axes. */
function fortranToC<T extends Float32Array | Float64Array>(src: T, shape: number[]): T {
  const out = src.slice() as T;
  const nd = shape.length;
  const cStride = new Array<number>(nd).fill(1);
  for (let d = nd - 2; d >= 0; d--) cStride[d] = cStride[d + 1]! * shape[d + 1]!;
  const index = new Array<number>(nd).fill(0);
  let c = 0;
  for (let k = 0; k < src.length; k++) {
    out[c] = src[k]!;
    // Fortran order runs the first axis fastest: step it like an odometer.
    for (let d = 0; d < nd; d++) {
      c += cStride[d]!;
      if (++index[d]! < shape[d]!) break;
      c -= cStride[d]! * shape[d]!;
      index[d] = 0;
    }
  }
  return out;
}

/**
 * A numeric .npy array: dtypes f4, f8, i2, i4, i8 in either byte order ('<', '>', and '='
 * meaning little-endian as every platform NumPy runs on here), C or Fortran order.
 */
export function parseNpy(
  bytes: Uint8Array,
  file: string,
  budget = new DecodeBudget(file, bytes.length),
): NpyArray {
  const h = parseNpyHeader(bytes, file);
  const match = /^([<>=|])([a-zA-Z]\d+)$/.exec(h.descr);
  const type = match ? NUMERIC[match[2]!] : undefined;
  if (!match || !type) {
    throw new FormatError(
      file,
      h.dataOffset,
      `dtype '${h.descr}' is not supported (expected float32/64 or int16/32/64)`,
    );
  }
  const little = match[1] !== '>';
  const count = needData(bytes, file, h, type.size);
  budget.claimSamples(count, h.dataOffset, `array of shape (${h.shape.join(', ')})`);
  const view = new DataView(bytes.buffer, bytes.byteOffset + h.dataOffset, count * type.size);
  let data: Float32Array | Float64Array;
  if (type.kind === 'f' && type.size === 4) {
    const out = new Float32Array(count);
    for (let i = 0; i < count; i++) out[i] = view.getFloat32(4 * i, little);
    data = out;
  } else {
    const out = new Float64Array(count);
    if (type.kind === 'f') for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, little);
    else if (type.size === 2) for (let i = 0; i < count; i++) out[i] = view.getInt16(2 * i, little);
    else if (type.size === 4) for (let i = 0; i < count; i++) out[i] = view.getInt32(4 * i, little);
    else for (let i = 0; i < count; i++) out[i] = Number(view.getBigInt64(8 * i, little));
    data = out;
  }
  if (h.fortranOrder && h.shape.length > 1) data = fortranToC(data, h.shape);
  return { dtype: h.descr, shape: h.shape, data };
}

/**
 * The strings of a text .npy array ('<U' UTF-32 or '|S' bytes), flattened, with NumPy's NUL
 * padding removed. PhaseNet stores its channel names this way.
 */
export function parseNpyStrings(bytes: Uint8Array, file: string): string[] {
  const h = parseNpyHeader(bytes, file);
  const match = /^([<>=|])([US])(\d+)$/.exec(h.descr);
  if (!match) throw new FormatError(file, h.dataOffset, `dtype '${h.descr}' is not text`);
  const unicode = match[2] === 'U';
  const width = Number(match[3]) * (unicode ? 4 : 1);
  const count = needData(bytes, file, h, width);
  const view = new DataView(bytes.buffer, bytes.byteOffset + h.dataOffset, count * width);
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = '';
    for (let k = 0; k < width; k += unicode ? 4 : 1) {
      const code = unicode
        ? view.getUint32(i * width + k, match[1] !== '>')
        : view.getUint8(i * width + k);
      if (code === 0) break;
      if (code > 0x10ffff)
        throw new FormatError(file, h.dataOffset + i * width + k, 'invalid character');
      s += String.fromCodePoint(code);
    }
    out.push(s);
  }
  return out;
}

/** Checks ReadOptions.sampleInterval when given. */
export function sampleIntervalOption(ctx: ReadContext): number | undefined {
  const dt = ctx.options.sampleInterval;
  if (dt !== undefined && !(Number.isFinite(dt) && dt > 0)) {
    throw new FormatError(
      ctx.file,
      null,
      `sample interval option ${dt} is not a positive number of seconds`,
    );
  }
  return dt;
}

/**
 * Traces from a 1-D array (one trace) or a 2-D [samples, traces] array (one per column),
 * starting at time 0, with channels numbered from 1 and no positions.
 */
export function arrayToTraces(
  array: NpyArray,
  file: string,
  sampleInterval: number,
  budget: DecodeBudget,
  components: string[] = [],
): Trace[] {
  const { shape, data } = array;
  if (shape.length !== 1 && shape.length !== 2) {
    throw new FormatError(
      file,
      null,
      `array of shape (${shape.join(', ')}) is not 1-D or 2-D [samples, traces]`,
    );
  }
  const samples = shape[0]!;
  const columns = shape.length === 2 ? shape[1]! : 1;
  if (samples === 0 || columns === 0)
    throw new FormatError(file, null, `array of shape (${shape.join(', ')}) holds no samples`);
  budget.claimTraces(columns, null);
  const traces: Trace[] = [];
  for (let c = 0; c < columns; c++) {
    const out = new Float32Array(samples);
    for (let i = 0, k = c; i < samples; i++, k += columns) out[i] = data[k]!;
    traces.push({
      samples: out,
      sampleInterval,
      startTime: 0,
      component: components[c] ?? '',
      channel: c + 1,
      receiver: null,
      source: null,
      receiverFrom: 'none',
      sourceFrom: 'none',
      headers: {},
    });
  }
  return traces;
}

/**
 * First breaks from a geo-stack `N.txt`: an optional header line (`Time`), then one time in
 * seconds per trace. The count must match the traces, or the picks belong to another array.
 */
function firstBreaks(text: string, name: string, traces: number, file: string): FilePick[] {
  const lines = text.split(/\r?\n/);
  const picks: FilePick[] = [];
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (line === '' || (i === 0 && /^[A-Za-z_ ]+$/.test(line))) return;
    const time = Number(line);
    if (!Number.isFinite(time)) {
      throw new FormatError(
        file,
        null,
        `${name}, line ${i + 1}: '${line.slice(0, 40)}' is not a time in seconds`,
      );
    }
    picks.push({ phase: 'P', trace: picks.length, time });
  });
  if (picks.length !== traces) {
    throw new FormatError(
      file,
      null,
      `${name} has ${picks.length} first breaks but the array has ${traces} traces`,
    );
  }
  return picks;
}

export const npy: FormatPlugin = {
  name: 'npy',
  description: 'NumPy .npy array: 1-D trace or 2-D [samples, traces] gather',
  sniff: isNpy,
  read(bytes: Uint8Array, ctx: ReadContext): SeismicFile {
    const budget = new DecodeBudget(ctx.file, bytes.length);
    const array = parseNpy(bytes, ctx.file, budget);
    const option = sampleIntervalOption(ctx);
    const notes: string[] = [];
    if (option === undefined) {
      notes.push(
        'A .npy file does not record its sample interval: 1 s assumed; set the real interval at import.',
      );
    }
    const traces = arrayToTraces(array, ctx.file, option ?? 1, budget);
    const pickFile = `${fileStem(ctx.file)}.txt`;
    const pickBytes = ctx.readSibling(pickFile);
    const picks = pickBytes
      ? firstBreaks(new TextDecoder('latin1').decode(pickBytes), pickFile, traces.length, ctx.file)
      : [];
    if (pickBytes) notes.push(`P first breaks read from ${pickFile}.`);
    return {
      format: 'npy',
      file: ctx.file,
      byteOrder: array.dtype.startsWith('>') ? 'big' : 'little',
      records: [
        {
          id: fileStem(ctx.file),
          traces,
          headers: { DTYPE: array.dtype, SHAPE: array.shape.join('x') },
          startDate: null,
          picks,
        },
      ],
      notes,
    };
  },
};
