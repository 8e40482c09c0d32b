import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { expect } from 'vitest';
import type { ReadContext, ReadOptions } from '../../../src-main/formats/plugin';

/** A ReadContext over the real folder of `file`, as readAny builds it. */
export function contextFor(file: string, options: ReadOptions = {}): ReadContext {
  const dir = path.dirname(file);
  return {
    file,
    options,
    readSibling: (name) => {
      const sibling = path.join(dir, name);
      return fs.existsSync(sibling) ? fs.readFileSync(sibling) : null;
    },
    siblings: () => fs.readdirSync(dir),
  };
}

/**
 * The bytes of a fixture, gunzipped when it is a .gz, as a plain Uint8Array: its slice() is a
 * copy (a Buffer's is a view), so a test that mutates slices never changes the fixture.
 */
export function fixtureBytes(file: string): Uint8Array {
  const bytes = fs.readFileSync(file);
  return new Uint8Array(file.endsWith('.gz') ? gunzipSync(bytes) : bytes);
}

/** Columns of a gzipped whitespace-separated ASCII table (ObsPy's SEG-2 *.DAT.gz). */
export function datColumns(file: string): number[][] {
  const rows = gunzipSync(fs.readFileSync(file))
    .toString('latin1')
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).map(Number));
  return (rows[0] ?? []).map((_, c) => rows.map((row) => row[c] ?? NaN));
}

/**
 * The data of a little-endian float32/float64 .npy file (format 1.0 or 2.0), flattened. Only
 * what the references here need: a dict header with 'descr' and 'shape', C order.
 */
export function npyData(file: string): Float64Array {
  const bytes = fs.readFileSync(file);
  if (bytes.subarray(1, 6).toString('latin1') !== 'NUMPY') throw new Error(`${file}: not .npy`);
  const major = bytes[6];
  const headerLength = major === 1 ? bytes.readUInt16LE(8) : bytes.readUInt32LE(8);
  const start = (major === 1 ? 10 : 12) + headerLength;
  const header = bytes.subarray(major === 1 ? 10 : 12, start).toString('latin1');
  const descr = /'descr':\s*'([<>|]?[fi]\d)'/.exec(header)?.[1];
  if (/'fortran_order':\s*True/.test(header)) throw new Error(`${file}: Fortran order`);
  const width = descr === '<f4' ? 4 : descr === '<f8' ? 8 : 0;
  if (width === 0) throw new Error(`${file}: unsupported dtype ${descr}`);
  const count = (bytes.length - start) / width;
  const out = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    out[i] = width === 4 ? bytes.readFloatLE(start + 4 * i) : bytes.readDoubleLE(start + 8 * i);
  }
  return out;
}

/**
 * Asserts every sample equals the reference to float32 precision: within `rtol` of the
 * reference (default 2^-22, two float32 ulps) or `atol` absolutely. Reports the worst sample
 * instead of thousands of assertions.
 */
export function expectSamplesClose(
  got: Float32Array,
  want: ArrayLike<number>,
  { rtol = 2 ** -22, atol = 0, scale = 1 } = {},
): void {
  expect(got.length).toBe(want.length);
  let worst = -1;
  let worstExcess = 0;
  for (let i = 0; i < got.length; i++) {
    const ref = want[i] ?? NaN;
    const excess = Math.abs((got[i] ?? NaN) * scale - ref) - (rtol * Math.abs(ref) + atol);
    if (!(excess <= worstExcess)) {
      worst = i;
      worstExcess = excess;
    }
  }
  if (worst >= 0) {
    expect.fail(`sample ${worst}: got ${(got[worst] ?? NaN) * scale}, want ${want[worst]}`);
  }
}
