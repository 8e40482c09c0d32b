import { writeTransaction, type Db } from './database';

/**
 * The refraction branch (layer 1, 2, …) of each trace's picks of a phase, as the travel-time
 * view assigns it. Stored per trace and phase, so a pick moved or replaced keeps its layer.
 */
export function setLayers(
  db: Db,
  phase: 'P' | 'S',
  traceIds: readonly number[],
  layer: number | null,
): number {
  const set = db.prepare(
    `INSERT INTO pick_layers (trace_id, phase, layer) VALUES (?, ?, ?)
     ON CONFLICT (trace_id, phase) DO UPDATE SET layer = excluded.layer`,
  );
  const clear = db.prepare('DELETE FROM pick_layers WHERE trace_id = ? AND phase = ?');
  return writeTransaction(db, () =>
    traceIds.reduce(
      (n, id) => n + (layer === null ? clear.run(id, phase) : set.run(id, phase, layer)).changes,
      0,
    ),
  );
}

export function layersOf(db: Db, phase: 'P' | 'S'): Map<number, number> {
  const rows = db.prepare('SELECT trace_id, layer FROM pick_layers WHERE phase = ?').all(phase) as {
    trace_id: number;
    layer: number;
  }[];
  return new Map(rows.map((r) => [r.trace_id, r.layer]));
}
