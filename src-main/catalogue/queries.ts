import type { PickOrigin, PickStatus, ProjectSummary, ShotSummary } from '../api/contract';
import type { Db } from './database';

type Counts = Omit<ProjectSummary, 'project'>;

const count = (db: Db, sql: string) => (db.prepare(sql).get() as { n: number }).n;

/** The counts of `pickline info` and the project view, from indexed queries only. */
export function catalogueCounts(db: Db): Counts {
  return {
    files: count(db, 'SELECT COUNT(*) AS n FROM raw_files'),
    shots: count(db, 'SELECT COUNT(*) AS n FROM shots'),
    traces: count(db, 'SELECT COUNT(*) AS n FROM traces'),
    stations: count(db, 'SELECT COUNT(*) AS n FROM stations'),
    picks: db
      .prepare(
        `SELECT phase, origin, status, COUNT(*) AS count FROM picks WHERE deleted = 0
         GROUP BY phase, origin, status ORDER BY phase, origin, status`,
      )
      .all() as { phase: 'P' | 'S'; origin: PickOrigin; status: PickStatus; count: number }[],
    models: (
      db.prepare('SELECT id, name, architecture, is_default FROM models ORDER BY id').all() as {
        id: number;
        name: string;
        architecture: string;
        is_default: number;
      }[]
    ).map((m) => ({
      id: m.id,
      name: m.name,
      architecture: m.architecture,
      isDefault: m.is_default === 1,
    })),
  };
}

interface ShotRow {
  id: number;
  original_name: string;
  record_id: string;
  source_x: number | null;
  source_y: number | null;
  source_z: number | null;
  qc_status: ShotSummary['qcStatus'];
  traces: number;
  picks_p: number;
  picks_s: number;
}

/** Every shot in import order, with its trace count and live pick counts per phase. */
export function listShots(db: Db): ShotSummary[] {
  const rows = db
    .prepare(
      `SELECT s.id, f.original_name, s.record_id, s.source_x, s.source_y, s.source_z, s.qc_status,
         (SELECT COUNT(*) FROM traces t WHERE t.shot_id = s.id) AS traces,
         (SELECT COUNT(*) FROM picks p JOIN traces t ON p.trace_id = t.id
            WHERE t.shot_id = s.id AND p.phase = 'P' AND p.deleted = 0) AS picks_p,
         (SELECT COUNT(*) FROM picks p JOIN traces t ON p.trace_id = t.id
            WHERE t.shot_id = s.id AND p.phase = 'S' AND p.deleted = 0) AS picks_s
       FROM shots s JOIN raw_files f ON s.raw_file_id = f.id
       ORDER BY s.id`,
    )
    .all() as ShotRow[];
  return rows.map((r) => ({
    id: r.id,
    file: r.original_name,
    recordId: r.record_id,
    source: r.source_x === null ? null : { x: r.source_x, y: r.source_y ?? 0, z: r.source_z ?? 0 },
    traces: r.traces,
    picksP: r.picks_p,
    picksS: r.picks_s,
    qcStatus: r.qc_status,
  }));
}
