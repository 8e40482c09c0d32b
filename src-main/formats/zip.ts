import { crc32, inflateRawSync } from 'node:zlib';
import { ByteReader } from './binary';
import { byteSize, MAX_FILE_BYTES } from './limits';

/**
 * The part of the ZIP format (PKWARE APPNOTE.TXT) that NumPy's .npz archives use: the end of
 * central directory record, the central directory, local file headers, and entries that are
 * stored (method 0) or deflated (method 8). Sizes and offsets come from the central
 * directory, which np.savez always writes correctly (its local headers may carry ZIP64
 * placeholders). Every size is checked against the archive before anything is allocated.
 */

const EOCD_SIGNATURE = 0x06054b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_BYTES = 22;
const CENTRAL_BYTES = 46;
const LOCAL_BYTES = 30;
/** Deflate cannot expand data by more than about 1032:1; a larger claim is a corrupt size. */
const MAX_DEFLATE_RATIO = 1032;

export interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
  /** Where its central directory record starts, for error messages. */
  centralOffset: number;
}

export function isZipLocalHeader(head: Uint8Array): boolean {
  return (
    head.length >= LOCAL_BYTES &&
    head[0] === 0x50 &&
    head[1] === 0x4b &&
    head[2] === 3 &&
    head[3] === 4
  );
}

/** Finds the end-of-central-directory record: the last one, before an up to 64 KB comment. */
function findEocd(r: ByteReader): number {
  for (let pos = r.length - EOCD_BYTES; pos >= Math.max(0, r.length - EOCD_BYTES - 0xffff); pos--) {
    if (r.u32(pos) === EOCD_SIGNATURE && pos + EOCD_BYTES + r.u16(pos + 20) === r.length)
      return pos;
  }
  return r.fail(
    Math.max(0, r.length - EOCD_BYTES),
    'no ZIP end-of-central-directory record (truncated archive?)',
  );
}

/** The entries of a ZIP archive, from its central directory. */
export function zipEntries(bytes: Uint8Array, file: string): ZipEntry[] {
  const r = new ByteReader(bytes, file, true);
  const eocd = findEocd(r);
  const count = r.u16(eocd + 10);
  const centralSize = r.u32(eocd + 12);
  const centralStart = r.u32(eocd + 16);
  if (r.u16(eocd + 4) !== 0 || r.u16(eocd + 6) !== 0 || r.u16(eocd + 8) !== count) {
    r.fail(eocd, 'multi-volume ZIP archives are not supported');
  }
  if (count === 0xffff || centralStart === 0xffffffff)
    r.fail(eocd, 'ZIP64 archives (over 4 GB) are not supported');
  if (centralStart + centralSize > eocd || count * CENTRAL_BYTES > centralSize) {
    r.fail(
      eocd,
      `central directory (${count} entries, ${centralSize} bytes at byte ${centralStart}) does not fit before byte ${eocd}`,
    );
  }
  const entries: ZipEntry[] = [];
  let pos = centralStart;
  for (let i = 0; i < count; i++) {
    r.need(pos, CENTRAL_BYTES, 'central directory record');
    if (r.u32(pos) !== CENTRAL_SIGNATURE)
      r.fail(pos, `central directory record ${i + 1} has no signature`);
    const nameLength = r.u16(pos + 28);
    const next = pos + CENTRAL_BYTES + nameLength + r.u16(pos + 30) + r.u16(pos + 32);
    if (next > centralStart + centralSize)
      r.fail(pos, `central directory record ${i + 1} runs past the directory`);
    if (r.u16(pos + 8) & 1) r.fail(pos, 'encrypted ZIP entries are not supported');
    entries.push({
      name: new TextDecoder().decode(
        bytes.subarray(pos + CENTRAL_BYTES, pos + CENTRAL_BYTES + nameLength),
      ),
      method: r.u16(pos + 10),
      crc: r.u32(pos + 16),
      compressedSize: r.u32(pos + 20),
      size: r.u32(pos + 24),
      localOffset: r.u32(pos + 42),
      centralOffset: pos,
    });
    pos = next;
  }
  return entries;
}

/** The uncompressed bytes of one entry, checked against its size and CRC-32. */
export function zipRead(bytes: Uint8Array, file: string, entry: ZipEntry): Uint8Array {
  const r = new ByteReader(bytes, file, true);
  const at = entry.localOffset;
  r.need(at, LOCAL_BYTES, `local header of ${entry.name}`);
  if (r.u32(at) !== LOCAL_SIGNATURE) r.fail(at, `local header of ${entry.name} has no signature`);
  const start = at + LOCAL_BYTES + r.u16(at + 26) + r.u16(at + 28);
  r.need(start, entry.compressedSize, `data of ${entry.name}`);
  const packed = bytes.subarray(start, start + entry.compressedSize);
  let data: Uint8Array;
  if (entry.method === 0) {
    if (entry.size !== entry.compressedSize) {
      r.fail(
        entry.centralOffset,
        `stored entry ${entry.name} has size ${entry.size} but ${entry.compressedSize} bytes of data`,
      );
    }
    data = packed;
  } else if (entry.method === 8) {
    if (entry.size > entry.compressedSize * MAX_DEFLATE_RATIO + 64) {
      r.fail(
        entry.centralOffset,
        `deflated entry ${entry.name} claims ${entry.size} bytes from ${entry.compressedSize}: impossible`,
      );
    }
    if (entry.size > MAX_FILE_BYTES) {
      r.fail(
        entry.centralOffset,
        `deflated entry ${entry.name} unpacks to ${entry.size} bytes, more than the ${byteSize(MAX_FILE_BYTES)} Pickline reads from one file`,
      );
    }
    try {
      // The bound stops a corrupt stream from inflating past the declared size.
      data = inflateRawSync(packed, { maxOutputLength: Math.max(1, entry.size) });
    } catch (err) {
      return r.fail(start, `deflated data of ${entry.name} is corrupt (${(err as Error).message})`);
    }
    if (data.length !== entry.size) {
      r.fail(
        start,
        `${entry.name} inflates to ${data.length} bytes, not the declared ${entry.size}`,
      );
    }
  } else {
    return r.fail(
      entry.centralOffset,
      `${entry.name} uses ZIP compression method ${entry.method} (only stored and deflate are supported)`,
    );
  }
  if (crc32(data) >>> 0 !== entry.crc)
    r.fail(start, `${entry.name} fails its CRC-32 check (corrupt archive)`);
  return data;
}
