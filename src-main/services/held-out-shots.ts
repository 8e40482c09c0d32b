import { ApiError } from '../api/errors';
import type { Project } from '../catalogue/project';
import { shotIdsByRecord } from './shot-ids';

/*
 * The shots a self-training run keeps out of its labels (`pickline pseudo-label
 * --hold-out-shots`, the travel-time view's "Hold out shots"). Apart from the loop in
 * pseudo-label-service.ts, so the API checks them without loading the trainer.
 */

/**
 * Catalogue ids of the held-out shots, by record id ("07" is shot 7, as in geometry files).
 * The 'pseudolabel.start' handler calls it too, so a wrong shot fails before the job starts.
 */
export function heldOutShotIds(project: Project, recordIds: readonly string[]): Set<number> {
  const ids = shotIdsByRecord(project, recordIds, 'to hold out');
  const shots = project.db.prepare('SELECT id FROM shots').all();
  // Fine-tuning splits its validation set off by shot: it needs two shots to learn from.
  const left = shots.length - ids.size;
  if (ids.size > 0 && left < 2) {
    throw new ApiError(
      'invalid-input',
      `holding out ${ids.size} of ${shots.length} shots leaves ${left} to train on; ` +
        'fine-tuning needs at least 2 (one for validation)',
    );
  }
  return ids;
}

/** Record ids of the given shots, in catalogue order. */
export function recordIdsOf(project: Project, shotIds: ReadonlySet<number>): string[] {
  const shots = project.db.prepare('SELECT id, record_id FROM shots ORDER BY id').all() as {
    id: number;
    record_id: string;
  }[];
  return shots.filter((s) => shotIds.has(s.id)).map((s) => s.record_id);
}
