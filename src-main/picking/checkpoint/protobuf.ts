/**
 * A minimal protocol-buffers wire-format reader: just enough to decode the tensor-bundle
 * messages (varints, fixed32/64 and length-delimited fields). Unknown fields are skipped, as
 * the protobuf rules require, so checkpoints written by newer TensorFlow versions still read.
 */

const WIRE_VARINT = 0;
const WIRE_FIXED64 = 1;
const WIRE_BYTES = 2;
const WIRE_FIXED32 = 5;

/** One field as read off the wire; `value` is a number for scalars, bytes for messages. */
export interface ProtoField {
  field: number;
  value: number | Uint8Array;
}

/** A decoding failure; `offset` is relative to the start of the message being decoded. */
export class ProtoError extends Error {
  constructor(
    readonly offset: number,
    message: string,
  ) {
    super(message);
    this.name = 'ProtoError';
  }
}

/**
 * Reads an unsigned varint at `pos`. Values up to 2^53 are exact, which covers every offset
 * and size a tensor bundle can hold.
 */
export function readVarint(bytes: Uint8Array, pos: number): { value: number; next: number } {
  let value = 0;
  let scale = 1;
  for (let i = pos; i < bytes.length && i < pos + 10; i++) {
    const b = bytes[i]!;
    value += (b & 0x7f) * scale;
    if ((b & 0x80) === 0) return { value, next: i + 1 };
    scale *= 128;
  }
  throw new ProtoError(pos, 'truncated or overlong varint');
}

/** Splits a message into its fields, in wire order. */
export function decodeFields(bytes: Uint8Array): ProtoField[] {
  const fields: ProtoField[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let pos = 0;
  while (pos < bytes.length) {
    const start = pos;
    const tag = readVarint(bytes, pos);
    pos = tag.next;
    const field = Math.floor(tag.value / 8);
    const wire = tag.value % 8;
    let value: number | Uint8Array;
    switch (wire) {
      case WIRE_VARINT: {
        const v = readVarint(bytes, pos);
        value = v.value;
        pos = v.next;
        break;
      }
      case WIRE_FIXED64:
        if (pos + 8 > bytes.length)
          throw new ProtoError(start, `field ${field}: truncated fixed64`);
        value = view.getUint32(pos, true) + view.getUint32(pos + 4, true) * 2 ** 32;
        pos += 8;
        break;
      case WIRE_BYTES: {
        const len = readVarint(bytes, pos);
        if (len.next + len.value > bytes.length) {
          throw new ProtoError(start, `field ${field}: length ${len.value} runs past the message`);
        }
        value = bytes.subarray(len.next, len.next + len.value);
        pos = len.next + len.value;
        break;
      }
      case WIRE_FIXED32:
        if (pos + 4 > bytes.length)
          throw new ProtoError(start, `field ${field}: truncated fixed32`);
        value = view.getUint32(pos, true);
        pos += 4;
        break;
      default:
        throw new ProtoError(start, `field ${field}: unsupported wire type ${wire}`);
    }
    fields.push({ field, value });
  }
  return fields;
}
