import { decideLineTimeBases, type TimeBaseDecision } from '../picking/time-base';
import { writeTransaction, type Db } from './database';

/**
 * The shots' time-base decisions as the catalogue keeps them (shots.time_base, JSON of
 * picking/time-base.ts's TimeBaseDecision), and the settling of undecided ones by the line.
 */

interface Row {
  id: number;
  time_base: string | null;
}

/** Every shot's decision, by shot id (shots imported before decisions were kept have none). */
export function storedTimeBases(db: Db): Map<number, TimeBaseDecision> {
  const rows = db
    .prepare('SELECT id, time_base FROM shots WHERE time_base IS NOT NULL')
    .all() as Row[];
  return new Map(rows.map((r) => [r.id, JSON.parse(r.time_base!) as TimeBaseDecision]));
}

/** One shot's decision, or null. */
export function shotTimeBase(db: Db, shotId: number): TimeBaseDecision | null {
  const row = db.prepare('SELECT id, time_base FROM shots WHERE id = ?').get(shotId) as
    Row | undefined;
  return row?.time_base ? (JSON.parse(row.time_base) as TimeBaseDecision) : null;
}

export interface SettledShot {
  shotId: number;
  from: string;
  to: string;
}

/**
 * Shots among `shotIds` whose first breaks could not tell the time base on their own (shots
 * off the end of the spread) take the reading the project's other shots decided by their data:
 * their traces' start times move to that reading. A shot that already has picks is left as
 * it is, since its picks were placed on the old times. One transaction.
 */
export function settleTimeBases(db: Db, shotIds: readonly number[]): SettledShot[] {
  const stored = storedTimeBases(db);
  const ids = [...stored.keys()];
  const line = decideLineTimeBases([...stored.values()]);
  const wanted = new Set(shotIds);
  const hasPicks = db.prepare(
    'SELECT 1 FROM picks p JOIN traces t ON p.trace_id = t.id WHERE t.shot_id = ? LIMIT 1',
  );
  // A shot is one record; its traces in file order are the record's, which the readings index.
  const traces = db.prepare('SELECT id FROM traces WHERE shot_id = ? ORDER BY trace_index');
  const setStart = db.prepare('UPDATE traces SET start_time = ? WHERE id = ?');
  const setShot = db.prepare('UPDATE shots SET delay_rule = ?, time_base = ? WHERE id = ?');
  const settled: SettledShot[] = [];
  writeTransaction(db, () => {
    ids.forEach((shotId, i) => {
      const before = stored.get(shotId)!;
      const after = line[i]!;
      if (!wanted.has(shotId) || after.reading === before.reading || hasPicks.get(shotId)) return;
      const reading = after.readings.find((r) => r.name === after.reading)!;
      (traces.all(shotId) as { id: number }[]).forEach((t, k) =>
        setStart.run(reading.startTimes[k]!, t.id),
      );
      setShot.run(after.reading, JSON.stringify(after), shotId);
      settled.push({ shotId, from: before.reading, to: after.reading });
    });
  });
  return settled;
}
