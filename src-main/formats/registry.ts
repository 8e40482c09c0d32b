import fs from 'node:fs';
import path from 'node:path';
import { FormatError } from './errors';
import { readRegularFile } from './file-bytes';
import { isGzip, unpackGzip } from './gzip';
import { mseed } from './mseed';
import { npy } from './npy';
import { npz } from './npz';
import { SNIFF_BYTES, type FormatPlugin, type ReadOptions } from './plugin';
import type { SeismicFile } from './record';
import { seg2 } from './seg2';
import { segy, su } from './segy';
import { specfem2d } from './specfem2d';

/**
 * Every format Pickline reads, tried in this order by `detectFormat`. Put formats with a
 * strong magic number first and text formats (weak sniffs) last.
 */
export const formats: readonly FormatPlugin[] = [npy, npz, seg2, mseed, segy, su, specfem2d];

/** The plugin whose sniff accepts these first bytes, or null. */
export function detectFormat(head: Uint8Array): FormatPlugin | null {
  return formats.find((plugin) => plugin.sniff(head)) ?? null;
}

/**
 * Reads any supported file, choosing the format by content, never by extension. Gzipped
 * files are unpacked first. Throws FormatError naming the file for everything that is not a
 * readable seismic file (missing, not a regular file, too large, empty, unknown, corrupt).
 */
export function readAny(file: string, options: ReadOptions = {}): SeismicFile {
  return readSeismic(file, readRegularFile(file), options);
}

/** readAny on bytes already read from `file` (an import hashes them first). */
export function readSeismic(
  file: string,
  fileBytes: Uint8Array,
  options: ReadOptions = {},
): SeismicFile {
  if (fileBytes.length === 0) throw new FormatError(file, null, 'file is empty');
  const bytes = isGzip(fileBytes) ? unpackGzip(fileBytes, file) : fileBytes;
  const plugin = detectFormat(bytes.subarray(0, SNIFF_BYTES));
  if (!plugin) {
    throw new FormatError(
      file,
      0,
      `not a recognised seismic format (tried ${formats.map((f) => f.name).join(', ')})`,
    );
  }
  const dir = path.dirname(file);
  return plugin.read(bytes, {
    file,
    options,
    readSibling(name) {
      const sibling = path.join(dir, name);
      return fs.existsSync(sibling) ? readRegularFile(sibling) : null;
    },
    siblings: () => fs.readdirSync(dir),
  });
}
