import { FormatError } from './errors';
import { ibmFloatScale } from './ibm-float';

/**
 * Bounds-checked access to a file's bytes for the binary readers. Every read goes through
 * `need` first, so a truncated or corrupt file ends in a FormatError naming the byte, never
 * in DataView's RangeError.
 */
export class ByteReader {
  readonly view: DataView;
  readonly length: number;

  constructor(
    readonly bytes: Uint8Array,
    readonly file: string,
    public little: boolean,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.length = bytes.byteLength;
  }

  fail(offset: number | null, reason: string): never {
    throw new FormatError(this.file, offset, reason);
  }

  /** Throws unless `length` bytes from `offset` lie inside the file. */
  need(offset: number, length: number, what: string): void {
    if (offset < 0 || length < 0 || offset + length > this.length) {
      const left = Math.max(0, this.length - offset);
      this.fail(
        offset,
        `${what} needs ${length} bytes but the file ends after ${left} (file is ${this.length} bytes)`,
      );
    }
  }

  u8(offset: number): number {
    return this.view.getUint8(offset);
  }
  u16(offset: number): number {
    return this.view.getUint16(offset, this.little);
  }
  i16(offset: number): number {
    return this.view.getInt16(offset, this.little);
  }
  u32(offset: number): number {
    return this.view.getUint32(offset, this.little);
  }
  i32(offset: number): number {
    return this.view.getInt32(offset, this.little);
  }
}

/** Sample encodings shared by SEG-2 and SEG-Y (SEG-2's packed 20-bit lives in seg2.ts). */
export type SampleCoding = 'int8' | 'int16' | 'int32' | 'float32' | 'float64' | 'ibm32';

export const BYTES_PER_SAMPLE: Record<SampleCoding, number> = {
  int8: 1,
  int16: 2,
  int32: 4,
  float32: 4,
  float64: 8,
  ibm32: 4,
};

/**
 * Decodes `count` samples starting at `offset` into a new Float32Array, multiplied by `scale`.
 * The caller has checked the range. One tight loop per coding, with the scale applied in a
 * separate pass only when it is not 1, keeps the inner loops minimal (the readers aim at
 * a few ns per sample).
 */
export function decodeSamples(
  view: DataView,
  offset: number,
  count: number,
  coding: SampleCoding,
  little: boolean,
  scale = 1,
): Float32Array {
  const out = new Float32Array(count);
  switch (coding) {
    case 'int8':
      for (let i = 0; i < count; i++) out[i] = view.getInt8(offset + i);
      break;
    case 'int16':
      for (let i = 0; i < count; i++) out[i] = view.getInt16(offset + 2 * i, little);
      break;
    case 'int32':
      // Scaled in double precision, so large counts keep their digits before rounding.
      for (let i = 0; i < count; i++) out[i] = view.getInt32(offset + 4 * i, little) * scale;
      return out;
    case 'float32':
      for (let i = 0; i < count; i++) out[i] = view.getFloat32(offset + 4 * i, little);
      break;
    case 'float64':
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(offset + 8 * i, little) * scale;
      return out;
    case 'ibm32': {
      // A local binding: module bundlers and test transforms may turn the imported one into
      // a property read per sample, which costs 4x here.
      const table = ibmFloatScale;
      for (let i = 0; i < count; i++) {
        // getInt32 keeps the word a small integer for V8; >>> 24 still yields the top byte 0-255.
        const word = view.getInt32(offset + 4 * i, little);
        out[i] = (word & 0xffffff) * table[word >>> 24]!;
      }
      break;
    }
  }
  if (scale !== 1) for (let i = 0; i < count; i++) out[i] = out[i]! * scale;
  return out;
}
