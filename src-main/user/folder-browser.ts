import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BrowseEntry, BrowseListing } from '../api/contract';
import { ApiError } from '../api/errors';
import { CATALOGUE_FILE } from '../catalogue/paths';

/**
 * The browser mode's folder browser: lists one folder on the machine the services run on, so
 * that a browser (which cannot see that machine's disks) can choose project folders, shot
 * files and geometry files. It lists names, kinds and sizes, never contents, and only below
 * the roots it is given (the user's home, removable media, the temporary folder and any
 * `pickline serve --browse-root`), after resolving links, so it cannot be walked to system
 * folders. Like every API call it needs the bridge's session token.
 */

const LIMIT = 2000;

/** The folders a browser may look into: those of them that exist, links resolved. */
export function browseRoots(extra: readonly string[] = []): string[] {
  const candidates = [os.homedir(), os.tmpdir(), '/media', '/mnt', '/Volumes', ...extra];
  const roots: string[] = [];
  for (const c of candidates) {
    try {
      const real = fs.realpathSync(path.resolve(c));
      if (fs.statSync(real).isDirectory() && !roots.includes(real)) roots.push(real);
    } catch {
      // Not on this machine.
    }
  }
  return roots;
}

const inside = (dir: string, root: string) =>
  dir === root || dir.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

export function browseFolder(
  given: string | undefined,
  roots: readonly string[],
  options: { files?: boolean; extensions?: readonly string[] } = {},
): BrowseListing {
  if (roots.length === 0) throw new ApiError('failed', 'no folder may be browsed on this machine');
  let dir: string;
  try {
    dir = fs.realpathSync(path.resolve(given ?? roots[0]!));
  } catch {
    throw new ApiError('not-found', `${given}: no such folder`);
  }
  const root = roots.find((r) => inside(dir, r));
  if (!root) {
    throw new ApiError(
      'unauthorized',
      `${dir} is outside the folders this browser may show (${roots.join(', ')}); ` +
        'type the path instead, or start the server with --browse-root',
    );
  }
  if (!fs.statSync(dir).isDirectory())
    throw new ApiError('invalid-input', `${dir} is not a folder`);
  const wanted = (options.extensions ?? []).map((e) => e.toLowerCase());
  const entries: BrowseEntry[] = [];
  for (const d of fs.readdirSync(dir, { withFileTypes: true })) {
    if (d.name.startsWith('.')) continue;
    const full = path.join(dir, d.name);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(full);
    } catch {
      continue; // a dangling link or a folder we may not read
    }
    if (stat.isDirectory()) {
      const project = fs.existsSync(path.join(full, CATALOGUE_FILE));
      entries.push({ name: d.name, path: full, kind: project ? 'project' : 'folder', size: null });
    } else if (
      options.files &&
      stat.isFile() &&
      (wanted.length === 0 || wanted.some((e) => d.name.toLowerCase().endsWith(e)))
    ) {
      entries.push({ name: d.name, path: full, kind: 'file', size: stat.size });
    }
  }
  entries.sort(
    (a, b) =>
      Number(a.kind === 'file') - Number(b.kind === 'file') ||
      a.name.localeCompare(b.name, undefined, { numeric: true }),
  );
  return {
    dir,
    parent: dir === root ? null : path.dirname(dir),
    roots: [...roots],
    entries: entries.slice(0, LIMIT),
    truncated: Math.max(0, entries.length - LIMIT),
  };
}
