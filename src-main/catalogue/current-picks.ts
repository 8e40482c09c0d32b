import type { Db } from './database';

/** The pick of a trace and phase that stands for it in QC, exports of "the" pick, training. */
export interface CurrentPick {
  pickId: number;
  traceId: number;
  shotId: number;
  time: number;
  origin: string;
  status: string;
  sampleInterval: number;
  sourceX: number | null;
  receiverX: number | null;
  sourceY: number | null;
  receiverY: number | null;
  sourceZ: number | null;
  receiverZ: number | null;
  /** s; null when the picker gave none (a person's pick). */
  uncertainty: number | null;
}

/** A positioned pick's source and receiver in the plane (y 0 where none is stored). */
export const sourcePoint = (p: CurrentPick) => ({ x: p.sourceX!, y: p.sourceY ?? 0 });
export const receiverPoint = (p: CurrentPick) => ({ x: p.receiverX!, y: p.receiverY ?? 0 });

/**
 * One pick per trace and phase, by trust: a manual pick, else an accepted one (imported or
 * reviewed), else the most probable proposal; rejected and deleted picks never stand.
 */
export function currentPicks(
  db: Db,
  phase: 'P' | 'S',
  /** Only picks of these origins compete (e.g. a model's own proposals, for pseudo-labels). */
  origins: readonly string[] = ['auto', 'manual', 'pseudo', 'imported'],
): CurrentPick[] {
  return db
    .prepare(
      `SELECT pickId, traceId, shotId, time, origin, status, sampleInterval, sourceX, receiverX,
         sourceY, receiverY, sourceZ, receiverZ, uncertainty
       FROM (
         SELECT p.id AS pickId, p.trace_id AS traceId, t.shot_id AS shotId, p.time, p.origin,
           p.status, t.sample_interval AS sampleInterval, s.source_x AS sourceX,
           t.receiver_x AS receiverX, s.source_y AS sourceY, t.receiver_y AS receiverY,
           s.source_z AS sourceZ, t.receiver_z AS receiverZ,
           p.uncertainty,
           ROW_NUMBER() OVER (
             PARTITION BY p.trace_id
             ORDER BY p.origin = 'manual' DESC, p.status = 'accepted' DESC,
               COALESCE(p.probability, 0) DESC, p.id DESC
           ) AS rank
         FROM picks p JOIN traces t ON p.trace_id = t.id JOIN shots s ON t.shot_id = s.id
         WHERE p.phase = ? AND p.deleted = 0 AND p.status != 'rejected' AND t.status != 'dead'
           AND p.origin IN (SELECT value FROM json_each(?))
       )
       WHERE rank = 1
       ORDER BY shotId, traceId`,
    )
    .all(phase, JSON.stringify(origins)) as CurrentPick[];
}
