import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { FormatError } from './errors';
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

const GZIP_MAGIC = [0x1f, 0x8b];

/**
 * Reads any supported file, choosing the format by content, never by extension. Gzipped
 * files are unpacked first. Throws FormatError naming the file for everything that is not a
 * readable seismic file (missing, a folder, empty, unknown, corrupt).
 */
export function readAny(file: string, options: ReadOptions = {}): SeismicFile {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new FormatError(file, null, 'no such file');
  }
  if (stat.isDirectory()) throw new FormatError(file, null, 'is a folder, not a file');
  let bytes: Uint8Array = fs.readFileSync(file);
  if (bytes.length === 0) throw new FormatError(file, null, 'file is empty');
  if (bytes[0] === GZIP_MAGIC[0] && bytes[1] === GZIP_MAGIC[1]) {
    try {
      bytes = gunzipSync(bytes);
    } catch (err) {
      throw new FormatError(file, 0, `gzip data is corrupt (${(err as Error).message})`);
    }
  }
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
      return fs.existsSync(sibling) && fs.statSync(sibling).isFile()
        ? fs.readFileSync(sibling)
        : null;
    },
    siblings: () => fs.readdirSync(dir),
  });
}
