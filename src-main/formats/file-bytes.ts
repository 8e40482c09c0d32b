import fs from 'node:fs';
import { FormatError } from './errors';
import { byteSize, MAX_FILE_BYTES, MAX_TEXT_FILE_BYTES } from './limits';

/** Why something that is not a regular file cannot be read, or null when it is one. */
function notRegular(stat: fs.Stats): string | null {
  if (stat.isFile()) return null;
  if (stat.isDirectory()) return 'is a folder, not a file';
  if (stat.isFIFO()) return 'is a FIFO (named pipe), not a regular file';
  if (stat.isCharacterDevice()) return 'is a character device, not a regular file';
  if (stat.isBlockDevice()) return 'is a block device, not a regular file';
  if (stat.isSocket()) return 'is a socket, not a regular file';
  return 'is not a regular file';
}

/** The file system's refusal in words. */
function accessError(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  const why: Record<string, string> = {
    ENOENT: 'no such file',
    ENOTDIR: 'no such file (a part of the path is not a folder)',
    ELOOP: 'is a loop of symbolic links (or a chain of too many)',
    EACCES: 'permission denied',
    EPERM: 'permission denied',
    ENAMETOOLONG: 'the path is too long',
    EISDIR: 'is a folder, not a file',
  };
  return why[code ?? ''] ?? `cannot be read (${code ?? (err as Error).message})`;
}

function refuseUnlessReadable(file: string, stat: fs.Stats, maxBytes: number): void {
  const reason = notRegular(stat);
  if (reason) throw new FormatError(file, null, reason);
  if (stat.size > maxBytes) {
    throw new FormatError(
      file,
      null,
      `is ${stat.size} bytes, more than the ${byteSize(maxBytes)} Pickline reads from one file`,
    );
  }
}

/**
 * The bytes of a regular file of at most `maxBytes`, or a FormatError naming the file and
 * what it is instead. Only regular files are read: a FIFO would block the reader forever and
 * a device such as /dev/zero never ends. The path is checked before it is opened (opening a
 * device can itself do something) and the open file again, in case the path was swapped in
 * between; O_NONBLOCK keeps that open from waiting for a FIFO's writer.
 */
export function readRegularFile(file: string, maxBytes = MAX_FILE_BYTES): Buffer {
  let fd: number;
  try {
    refuseUnlessReadable(file, fs.statSync(file), maxBytes);
    fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (err) {
    if (err instanceof FormatError) throw err;
    throw new FormatError(file, null, accessError(err));
  }
  try {
    const stat = fs.fstatSync(fd);
    refuseUnlessReadable(file, stat, maxBytes);
    const bytes = Buffer.allocUnsafe(stat.size);
    let read = 0;
    while (read < stat.size) {
      const n = fs.readSync(fd, bytes, read, stat.size - read, read);
      if (n === 0) break;
      read += n;
    }
    // A file that shrank while being read is what it now is; one that grew, what it was.
    return read === stat.size ? bytes : bytes.subarray(0, read);
  } catch (err) {
    if (err instanceof FormatError) throw err;
    throw new FormatError(file, null, accessError(err));
  } finally {
    fs.closeSync(fd);
  }
}

/** A text file beside the data (geometry, picks) as UTF-8, with readRegularFile's checks. */
export function readRegularText(file: string, maxBytes = MAX_TEXT_FILE_BYTES): string {
  return readRegularFile(file, maxBytes).toString('utf8');
}
