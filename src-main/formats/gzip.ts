import { gunzipSync } from 'node:zlib';
import { FormatError } from './errors';
import { byteSize, MAX_FILE_BYTES } from './limits';

const GZIP_MAGIC = [0x1f, 0x8b];
/** A gzip member's header and trailer: the smallest possible file. */
const MIN_GZIP_BYTES = 18;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1];
}

/**
 * Unpacks a .gz of at most `maxBytes` unpacked. The trailer's ISIZE (the unpacked size, mod
 * 2^32, of the last member, which for what gzip writes is the whole file) refuses a file that
 * declares more before anything is unpacked; the output bound stops the rest (several
 * members, a lying trailer) as soon as they pass the limit, instead of after gigabytes.
 */
export function unpackGzip(bytes: Uint8Array, file: string, maxBytes = MAX_FILE_BYTES): Uint8Array {
  const limit = `more than the ${byteSize(maxBytes)} Pickline reads from one file`;
  if (bytes.length >= MIN_GZIP_BYTES) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const declared = view.getUint32(bytes.length - 4, true);
    if (declared > maxBytes) {
      throw new FormatError(
        file,
        bytes.length - 4,
        `gzip data unpacks to ${declared} bytes, ${limit}`,
      );
    }
  }
  try {
    return gunzipSync(bytes, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new FormatError(file, 0, `gzip data unpacks to ${limit}`);
    }
    throw new FormatError(file, 0, `gzip data is corrupt (${(err as Error).message})`);
  }
}
