import { crc32, deflateRawSync } from 'node:zlib';

/**
 * Test-only writers for .npy and .npz, built from NumPy's format description and PKWARE's
 * APPNOTE, so the readers can be fed every version, dtype and corruption on purpose.
 */

const WRITE: Record<string, (v: DataView, at: number, x: number, little: boolean) => void> = {
  f4: (v, at, x, le) => v.setFloat32(at, x, le),
  f8: (v, at, x, le) => v.setFloat64(at, x, le),
  i2: (v, at, x, le) => v.setInt16(at, x, le),
  i4: (v, at, x, le) => v.setInt32(at, x, le),
  i8: (v, at, x, le) => v.setBigInt64(at, BigInt(x), le),
};

/** A .npy file; `values` are in the order they are written (C or Fortran as declared). */
export function npyBytes(
  descr: string,
  shape: number[],
  values: ArrayLike<number>,
  {
    fortran = false,
    version = 1,
    header,
  }: { fortran?: boolean; version?: number; header?: string } = {},
): Uint8Array {
  const shapeText = shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
  const dict =
    header ??
    `{'descr': '${descr}', 'fortran_order': ${fortran ? 'True' : 'False'}, 'shape': ${shapeText}, }`;
  const lengthBytes = version === 1 ? 2 : 4;
  const text = new TextEncoder().encode(dict);
  // NumPy pads the header with spaces and a newline to a multiple of 64 bytes.
  const padded = Math.ceil((8 + lengthBytes + text.length + 1) / 64) * 64 - 8 - lengthBytes;
  const size = Number(/\d+$/.exec(descr)?.[0] ?? 0);
  const out = new Uint8Array(8 + lengthBytes + padded + size * values.length);
  const view = new DataView(out.buffer);
  out.set([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, version, 0]);
  if (version === 1) view.setUint16(8, padded, true);
  else view.setUint32(8, padded, true);
  out.fill(0x20, 8 + lengthBytes, 8 + lengthBytes + padded - 1);
  out.set(text, 8 + lengthBytes);
  out[8 + lengthBytes + padded - 1] = 0x0a;
  const write = WRITE[descr.slice(1)];
  const start = 8 + lengthBytes + padded;
  for (let i = 0; write && i < values.length; i++)
    write(view, start + i * size, values[i]!, descr[0] !== '>');
  return out;
}

/** A '<U' text .npy holding one string. */
export function npyText(s: string, width = s.length): Uint8Array {
  const codes = [...s].map((c) => c.codePointAt(0)!);
  const bytes = npyBytes(`<U${width}`, [], []);
  const out = new Uint8Array(bytes.length + 4 * width);
  out.set(bytes);
  const view = new DataView(out.buffer);
  codes.forEach((c, i) => view.setUint32(bytes.length + 4 * i, c, true));
  return out;
}

/** A ZIP archive of the entries, each stored or deflated, with a correct central directory. */
export function zipBytes(
  entries: { name: string; data: Uint8Array; deflate?: boolean }[],
): Uint8Array {
  const locals: Uint8Array[] = [];
  const centrals: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = new TextEncoder().encode(e.name);
    const packed = e.deflate ? new Uint8Array(deflateRawSync(e.data)) : e.data;
    const crc = crc32(e.data) >>> 0;
    const local = new Uint8Array(30 + name.length + packed.length);
    const lv = new DataView(local.buffer);
    lv.setUint32(0, 0x04034b50, true);
    lv.setUint16(4, 20, true);
    lv.setUint16(8, e.deflate ? 8 : 0, true);
    lv.setUint32(14, crc, true);
    lv.setUint32(18, packed.length, true);
    lv.setUint32(22, e.data.length, true);
    lv.setUint16(26, name.length, true);
    local.set(name, 30);
    local.set(packed, 30 + name.length);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint16(4, 20, true);
    cv.setUint16(6, 20, true);
    cv.setUint16(10, e.deflate ? 8 : 0, true);
    cv.setUint32(16, crc, true);
    cv.setUint32(20, packed.length, true);
    cv.setUint32(24, e.data.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, offset, true);
    central.set(name, 46);
    locals.push(local);
    centrals.push(central);
    offset += local.length;
  }
  const centralSize = centrals.reduce((n, c) => n + c.length, 0);
  const eocd = new Uint8Array(22);
  const ev = new DataView(eocd.buffer);
  ev.setUint32(0, 0x06054b50, true);
  ev.setUint16(8, entries.length, true);
  ev.setUint16(10, entries.length, true);
  ev.setUint32(12, centralSize, true);
  ev.setUint32(16, offset, true);
  const out = new Uint8Array(offset + centralSize + 22);
  let at = 0;
  for (const part of [...locals, ...centrals, eocd]) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
