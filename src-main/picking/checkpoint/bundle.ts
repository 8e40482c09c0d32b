import { FormatError } from '../../formats/errors';
import { decodeFields, ProtoError, type ProtoField } from './protobuf';

/**
 * The two messages of a TensorFlow tensor-bundle index (tensor_bundle.proto): the header under
 * the empty key, and one entry per saved tensor saying where its bytes are in the data shards.
 */

export interface BundleHeader {
  numShards: number;
  /** 0 little-endian, 1 big-endian. */
  endianness: number;
  producerVersion: number;
}

export interface BundleEntry {
  /** TensorFlow DataType enum value (1 = DT_FLOAT). */
  dtype: number;
  shape: number[];
  shardId: number;
  offset: number;
  size: number;
  /** Masked CRC-32C of the tensor's bytes. */
  crc32c: number;
  /** True when the tensor was saved in slices (partitioned variables). */
  sliced: boolean;
}

export const DT_FLOAT = 1;

/** A message's fields, with decoding errors turned into file-and-byte errors. */
interface Message {
  fields: ProtoField[];
  /** A scalar field's value; a message where a number belongs is a broken file. */
  num(f: ProtoField): number;
  /** The fields of a nested message, with offsets still pointing into the file. */
  nested(f: ProtoField, what: string): Message;
  fail(reason: string): never;
}

function decode(bytes: Uint8Array, file: string, offset: number, what: string): Message {
  let fields: ProtoField[];
  try {
    fields = decodeFields(bytes);
  } catch (err) {
    if (err instanceof ProtoError) {
      throw new FormatError(file, offset + err.offset, `${what}: ${err.message}`);
    }
    throw err;
  }
  const fail = (reason: string): never => {
    throw new FormatError(file, offset, `${what}: ${reason}`);
  };
  return {
    fields,
    fail,
    num(f) {
      return typeof f.value === 'number' ? f.value : fail(`field ${f.field} is not a number`);
    },
    nested(f, nestedWhat) {
      if (!(f.value instanceof Uint8Array)) return fail(`field ${f.field} is not a message`);
      return decode(f.value, file, offset + f.value.byteOffset - bytes.byteOffset, nestedWhat);
    },
  };
}

export function decodeHeader(bytes: Uint8Array, file: string, offset: number): BundleHeader {
  const header: BundleHeader = { numShards: 1, endianness: 0, producerVersion: 0 };
  const msg = decode(bytes, file, offset, 'bundle header');
  for (const f of msg.fields) {
    if (f.field === 1) header.numShards = msg.num(f);
    else if (f.field === 2) header.endianness = msg.num(f);
    else if (f.field === 3) {
      const version = msg.nested(f, 'bundle version');
      for (const v of version.fields) if (v.field === 1) header.producerVersion = version.num(v);
    }
  }
  return header;
}

/** TensorShapeProto: repeated Dim (field 2) whose size is field 1. */
function decodeShape(msg: Message): number[] {
  const shape: number[] = [];
  for (const f of msg.fields) {
    if (f.field === 3 && msg.num(f) !== 0) msg.fail('shape of unknown rank');
    if (f.field !== 2) continue;
    const dim = msg.nested(f, 'tensor dimension');
    let size = 0; // proto3 leaves a zero size out
    for (const d of dim.fields) if (d.field === 1) size = dim.num(d);
    shape.push(size);
  }
  return shape;
}

export function decodeEntry(bytes: Uint8Array, file: string, offset: number): BundleEntry {
  const entry: BundleEntry = {
    dtype: 0,
    shape: [],
    shardId: 0,
    offset: 0,
    size: 0,
    crc32c: 0,
    sliced: false,
  };
  const msg = decode(bytes, file, offset, 'bundle entry');
  for (const f of msg.fields) {
    switch (f.field) {
      case 1:
        entry.dtype = msg.num(f);
        break;
      case 2:
        entry.shape = decodeShape(msg.nested(f, 'tensor shape'));
        break;
      case 3:
        entry.shardId = msg.num(f);
        break;
      case 4:
        entry.offset = msg.num(f);
        break;
      case 5:
        entry.size = msg.num(f);
        break;
      case 6:
        entry.crc32c = msg.num(f);
        break;
      case 7:
        entry.sliced = true;
        break;
    }
  }
  return entry;
}
