import fs from 'node:fs';
import path from 'node:path';
import type { RecentProject } from '../api/contract';
import { CATALOGUE_FILE } from '../catalogue/paths';

/**
 * The projects opened lately, newest first, kept in the user's config folder (not in the
 * browser: the bridge's port, and with it the page's storage, changes every start).
 */

const FILE = 'recent-projects.json';
/** A field day touches a handful of lines; more would only bury them. */
const KEEP = 12;

type Stored = Omit<RecentProject, 'exists'>;

function read(configDir: string): Stored[] {
  try {
    const parsed = JSON.parse(fs.readFileSync(path.join(configDir, FILE), 'utf8')) as unknown;
    if (!Array.isArray(parsed)) return [];
    return parsed.filter(
      (r): r is Stored =>
        typeof r === 'object' &&
        r !== null &&
        typeof (r as Stored).dir === 'string' &&
        typeof (r as Stored).name === 'string' &&
        typeof (r as Stored).openedAt === 'string',
    );
  } catch {
    // No list yet, or one damaged by hand: start a new one rather than fail opening projects.
    return [];
  }
}

export function recentProjects(configDir: string): RecentProject[] {
  return read(configDir).map((r) => ({
    ...r,
    exists: fs.existsSync(path.join(r.dir, CATALOGUE_FILE)),
  }));
}

/** Puts a project at the top of the list; written atomically, errors ignored (a convenience). */
export function rememberProject(configDir: string, project: { dir: string; name: string }): void {
  const list = [
    { dir: project.dir, name: project.name, openedAt: new Date().toISOString() },
    ...read(configDir).filter((r) => r.dir !== project.dir),
  ].slice(0, KEEP);
  try {
    fs.mkdirSync(configDir, { recursive: true });
    const temp = path.join(configDir, `${FILE}.${process.pid}.partial`);
    fs.writeFileSync(temp, JSON.stringify(list, null, 2));
    fs.renameSync(temp, path.join(configDir, FILE));
  } catch {
    // A read-only home must not stop anyone from opening a project.
  }
}
