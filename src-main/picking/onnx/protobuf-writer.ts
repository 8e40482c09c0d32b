/**
 * A minimal protocol-buffers wire-format writer: varints, fixed32 floats and length-delimited
 * fields, just enough to encode the ONNX messages Pickline exports. A message is built field
 * by field and `finish()`ed into bytes; a nested message is those bytes, written as a
 * length-delimited field of its parent. Field order follows the calls, which protobuf allows.
 */

const WIRE_VARINT = 0;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;

const TWO_POW_64 = 1n << 64n;
const utf8 = new TextEncoder();

/**
 * Appends `value` as an unsigned varint. Negative int64 values are written as their 64-bit
 * two's complement (10 bytes), as protobuf encodes int64 fields.
 */
function pushVarint(out: number[], value: number | bigint): void {
  let v = BigInt(value);
  if (v < 0n) v += TWO_POW_64;
  if (v < 0n || v >= TWO_POW_64) throw new RangeError(`${value} does not fit an int64 varint`);
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
}

export class ProtoWriter {
  /** Small fields collect here; big byte strings are kept as they are, not copied twice. */
  private readonly parts: Uint8Array[] = [];
  private pending: number[] = [];

  private tag(field: number, wire: number): void {
    pushVarint(this.pending, field * 8 + wire);
  }

  private flush(): void {
    if (this.pending.length > 0) {
      this.parts.push(Uint8Array.from(this.pending));
      this.pending = [];
    }
  }

  /** An int32, int64, enum or bool field. */
  varint(field: number, value: number | bigint | boolean): this {
    this.tag(field, WIRE_VARINT);
    pushVarint(this.pending, typeof value === 'boolean' ? Number(value) : value);
    return this;
  }

  /** A float field (fixed32, little-endian IEEE 754 single). */
  float(field: number, value: number): this {
    this.tag(field, WIRE_FIXED32);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setFloat32(0, value, true);
    this.pending.push(...bytes);
    return this;
  }

  /** A bytes field, or an embedded message given as its encoding. */
  bytes(field: number, value: Uint8Array): this {
    this.tag(field, WIRE_BYTES);
    pushVarint(this.pending, value.length);
    this.flush();
    this.parts.push(value);
    return this;
  }

  string(field: number, value: string): this {
    return this.bytes(field, utf8.encode(value));
  }

  message(field: number, value: ProtoWriter): this {
    return this.bytes(field, value.finish());
  }

  /** A packed repeated int64 field (one length-delimited run of varints). */
  packedVarints(field: number, values: readonly (number | bigint)[]): this {
    const run: number[] = [];
    for (const v of values) pushVarint(run, v);
    return this.bytes(field, Uint8Array.from(run));
  }

  finish(): Uint8Array {
    this.flush();
    const total = this.parts.reduce((n, p) => n + p.length, 0);
    const out = new Uint8Array(total);
    let at = 0;
    for (const p of this.parts) {
      out.set(p, at);
      at += p.length;
    }
    return out;
  }
}
