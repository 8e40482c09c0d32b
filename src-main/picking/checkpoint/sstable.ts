import { FormatError } from '../../formats/errors';
import { crc32c, maskCrc } from './crc32c';
import { ProtoError, readVarint } from './protobuf';

/**
 * Reader for the LevelDB table format ("SSTable") that TensorFlow uses for the `.index` file
 * of a tensor bundle: data blocks of prefix-compressed key/value entries, an index block that
 * points at them, and a fixed 48-byte footer that points at the index.
 */

const FOOTER_SIZE = 48;
const MAGIC_LO = 0x8b80fb57;
const MAGIC_HI = 0xdb477524;
const TRAILER_SIZE = 5; // compression type byte + masked CRC-32C
const NO_COMPRESSION = 0;

export interface TableEntry {
  key: Uint8Array;
  value: Uint8Array;
  /** Where the value starts in the file, so errors about it can point there. */
  offset: number;
}

interface BlockHandle {
  offset: number;
  size: number;
}

function varint(bytes: Uint8Array, pos: number, file: string, what: string) {
  try {
    return readVarint(bytes, pos);
  } catch (err) {
    if (err instanceof ProtoError) throw new FormatError(file, pos, `${what}: ${err.message}`);
    throw err;
  }
}

function readHandle(bytes: Uint8Array, pos: number, file: string, what: string) {
  const offset = varint(bytes, pos, file, what);
  const size = varint(bytes, offset.next, file, what);
  return { handle: { offset: offset.value, size: size.value }, next: size.next };
}

/**
 * Checks a block's trailer (compression and checksum) and returns where its contents end.
 * Blocks are used in place: offsets stay absolute, so errors point into the file.
 */
function checkBlock(bytes: Uint8Array, handle: BlockHandle, file: string): number {
  const end = handle.offset + handle.size;
  if (end + TRAILER_SIZE > bytes.length) {
    throw new FormatError(
      file,
      handle.offset,
      `block of ${handle.size} bytes runs past the end of the file (${bytes.length} bytes)`,
    );
  }
  const type = bytes[end]!;
  const stored = new DataView(bytes.buffer, bytes.byteOffset + end + 1, 4).getUint32(0, true);
  // The checksum covers the block contents and the compression type byte.
  const actual = maskCrc(crc32c(bytes.subarray(handle.offset, end + 1)));
  if (actual !== stored) {
    throw new FormatError(file, handle.offset, 'block checksum mismatch (file corrupted?)');
  }
  // TensorFlow writes bundle indexes uncompressed; anything else is not a file we know.
  if (type !== NO_COMPRESSION) {
    throw new FormatError(file, end, `unsupported block compression type ${type}`);
  }
  return end;
}

/** Decodes every key/value entry of one block, undoing the shared-prefix key compression. */
function blockEntries(bytes: Uint8Array, handle: BlockHandle, file: string): TableEntry[] {
  const end = checkBlock(bytes, handle, file);
  if (handle.size < 4) throw new FormatError(file, handle.offset, 'block shorter than 4 bytes');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const numRestarts = view.getUint32(end - 4, true);
  // Restart points only speed up seeking; a full scan needs just where they begin.
  const entriesEnd = end - 4 - 4 * numRestarts;
  if (entriesEnd < handle.offset) {
    throw new FormatError(file, end - 4, `block claims ${numRestarts} restart points`);
  }
  const entries: TableEntry[] = [];
  let previous = new Uint8Array(0);
  let pos = handle.offset;
  while (pos < entriesEnd) {
    const shared = varint(bytes, pos, file, 'entry header');
    const unshared = varint(bytes, shared.next, file, 'entry header');
    const valueLength = varint(bytes, unshared.next, file, 'entry header');
    const keyStart = valueLength.next;
    const valueStart = keyStart + unshared.value;
    const valueEnd = valueStart + valueLength.value;
    if (shared.value > previous.length || valueEnd > entriesEnd) {
      throw new FormatError(file, pos, 'entry runs past its block or shares a missing prefix');
    }
    const key = new Uint8Array(shared.value + unshared.value);
    key.set(previous.subarray(0, shared.value));
    key.set(bytes.subarray(keyStart, valueStart), shared.value);
    entries.push({ key, value: bytes.subarray(valueStart, valueEnd), offset: valueStart });
    previous = key;
    pos = valueEnd;
  }
  return entries;
}

/** Every entry of the table, in key order. */
export function readTable(bytes: Uint8Array, file: string): TableEntry[] {
  if (bytes.length < FOOTER_SIZE) {
    throw new FormatError(file, 0, `${bytes.length} bytes is too short for a table footer`);
  }
  const footer = bytes.length - FOOTER_SIZE;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (
    view.getUint32(bytes.length - 8, true) !== MAGIC_LO ||
    view.getUint32(bytes.length - 4, true) !== MAGIC_HI
  ) {
    throw new FormatError(file, bytes.length - 8, 'not a LevelDB table (bad magic number)');
  }
  // The footer holds the metaindex handle, then the index handle; bundles keep no meta blocks.
  const meta = readHandle(bytes, footer, file, 'footer');
  const index = readHandle(bytes, meta.next, file, 'footer').handle;

  const entries: TableEntry[] = [];
  for (const pointer of blockEntries(bytes, index, file)) {
    entries.push(
      ...blockEntries(bytes, readHandle(bytes, pointer.offset, file, 'index').handle, file),
    );
  }
  return entries;
}
