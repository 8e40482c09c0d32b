import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { RAW_DIR } from './paths';

export interface StoredRaw {
  sha256: string;
  /** File name inside the project's raw/ folder. */
  storedName: string;
  size: number;
}

export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** `raw/<sha256>.<ext>`: the extension only helps a person browsing the folder. */
export function storedNameFor(hash: string, originalName: string): string {
  const ext = path
    .extname(originalName)
    .toLowerCase()
    .replace(/[^.a-z0-9]/g, '');
  return `${hash}${ext.length > 1 && ext.length <= 10 ? ext : ''}`;
}

/**
 * Keeps an immutable copy of an imported file in the project, named by its content hash, so
 * a moved or edited original never breaks the project. The copy is written to a temporary
 * name, flushed and renamed, so a crash leaves either no copy or a complete one; an existing
 * copy is trusted only when its size matches (a truncated leftover is replaced).
 */
export function storeRaw(projectDir: string, originalName: string, bytes: Uint8Array): StoredRaw {
  const hash = sha256(bytes);
  const storedName = storedNameFor(hash, originalName);
  const target = path.join(projectDir, RAW_DIR, storedName);
  const existing = fs.statSync(target, { throwIfNoEntry: false });
  if (existing?.size !== bytes.length) {
    fs.mkdirSync(path.dirname(target), { recursive: true });
    const temp = `${target}.${process.pid}.partial`;
    const fd = fs.openSync(temp, 'w');
    try {
      fs.writeSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, target);
  }
  return { sha256: hash, storedName, size: bytes.length };
}

/** `<name>.<pid>.partial`: a copy storeRaw (or a model registration) is writing. */
const PARTIAL = /^.+\.(\d+)\.partial$/;

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: it runs, as another user.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes partial copies left in `dir` by processes that were killed while writing them: the
 * name carries the writer's process id, and a writer that no longer runs will never rename
 * its copy into place. A partial of a running process (or of one that reused a dead one's
 * id) is left alone. A project is used from one machine at a time (SQLite's WAL mode needs
 * that), so the process ids are this machine's.
 */
export function removeStalePartials(dir: string): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = PARTIAL.exec(name)?.[1];
    if (pid === undefined || isRunning(Number(pid))) continue;
    fs.rmSync(path.join(dir, name), { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
