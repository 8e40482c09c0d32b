import { ApiError } from '../api/errors';
import type { Project } from '../catalogue/project';

/**
 * Catalogue ids of shots named by record id ("07" is shot 7, as in geometry files), as the
 * command line names them; `what` says what they are for in the error about one that is not
 * there.
 */
export function shotIdsByRecord(
  project: Project,
  recordIds: readonly string[],
  what: string,
): Set<number> {
  const shots = project.db.prepare('SELECT id, record_id FROM shots').all() as {
    id: number;
    record_id: string;
  }[];
  const same = (a: string, b: string) =>
    a === b || (a.trim() !== '' && b.trim() !== '' && Number(a) === Number(b));
  const ids = new Set<number>();
  for (const wanted of recordIds) {
    const found = shots.filter((s) => same(s.record_id, wanted));
    if (found.length === 0)
      throw new ApiError('not-found', `no shot "${wanted}" in ${project.dir} ${what}`);
    for (const s of found) ids.add(s.id);
  }
  return ids;
}
