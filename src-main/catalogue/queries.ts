import type {
  Gather,
  PickOrigin,
  PickStatus,
  ProjectSummary,
  ShotSummary,
  TravelTimePoint,
} from '../api/contract';
import { alongLine, lineFrame, signedOffset, type LineFrame } from '../geometry/line-frame';
import { groupComponents } from '../picking/group';
import { timeBasePreview } from '../picking/time-base';
import type { Db } from './database';
import { shotTimeBase } from './time-bases';
import { position, TRACE_COLUMNS, type TraceColumns } from './trace-rows';
import { PickStore } from './pick-store';

type Counts = Omit<ProjectSummary, 'project'>;

const count = (db: Db, sql: string) => (db.prepare(sql).get() as { n: number }).n;

/** The counts of `pickline info` and the project view, from indexed queries only. */
export function catalogueCounts(db: Db): Counts {
  return {
    files: count(db, 'SELECT COUNT(*) AS n FROM raw_files'),
    shots: count(db, 'SELECT COUNT(*) AS n FROM shots'),
    traces: count(db, 'SELECT COUNT(*) AS n FROM traces'),
    // A 3-component geophone is one receiver: stations are counted by position, not component.
    stations: count(db, 'SELECT COUNT(*) AS n FROM (SELECT DISTINCT x, y, z FROM stations)'),
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
  line_type: ShotSummary['lineType'];
  traces: number;
  picks_p: number;
  picks_s: number;
}

/** Every shot (or the one asked for) in import order, with trace and live pick counts. */
export function listShots(
  db: Db,
  onlyShot?: number,
  frame: LineFrame = projectLineFrame(db),
): ShotSummary[] {
  const rows = db
    .prepare(
      `SELECT s.id, f.original_name, s.record_id, s.source_x, s.source_y, s.source_z, s.qc_status,
         s.line_type,
         (SELECT COUNT(*) FROM traces t WHERE t.shot_id = s.id) AS traces,
         (SELECT COUNT(*) FROM picks p JOIN traces t ON p.trace_id = t.id
            WHERE t.shot_id = s.id AND p.phase = 'P' AND p.deleted = 0) AS picks_p,
         (SELECT COUNT(*) FROM picks p JOIN traces t ON p.trace_id = t.id
            WHERE t.shot_id = s.id AND p.phase = 'S' AND p.deleted = 0) AS picks_s
       FROM shots s JOIN raw_files f ON s.raw_file_id = f.id
       WHERE ? IS NULL OR s.id = ?
       ORDER BY s.id`,
    )
    .all(onlyShot ?? null, onlyShot ?? null) as ShotRow[];
  return rows.map((r) => ({
    id: r.id,
    file: r.original_name,
    recordId: r.record_id,
    source: r.source_x === null ? null : { x: r.source_x, y: r.source_y ?? 0, z: r.source_z ?? 0 },
    sourceAlong:
      r.source_x === null ? null : alongLine(frame, { x: r.source_x, y: r.source_y ?? 0 }),
    traces: r.traces,
    picksP: r.picks_p,
    picksS: r.picks_s,
    qcStatus: r.qc_status,
    lineType: r.line_type,
  }));
}

/** A shot's line type (P when the shot is unknown: most lines are P lines). */
export function shotLineType(db: Db, shotId: number): ShotSummary['lineType'] {
  const row = db.prepare('SELECT line_type FROM shots WHERE id = ?').get(shotId) as
    { line_type: ShotSummary['lineType'] } | undefined;
  return row?.line_type ?? 'P';
}

interface TraceRow extends TraceColumns {
  samples: Buffer | null;
}

/**
 * The frame of the project's line (geometry/line-frame.ts), from every receiver station and
 * source position (the stations alone say whether the line bends): one frame for every offset
 * the app shows, so that they agree.
 */
export function projectLineFrame(db: Db): LineFrame {
  const points = (sql: string) =>
    db
      .prepare(sql)
      .raw()
      .all()
      .map((row) => {
        const [x, y] = row as [number, number];
        return { x, y };
      });
  const stations = points('SELECT x, y FROM stations');
  const sources = points(
    'SELECT source_x, COALESCE(source_y, 0) FROM shots WHERE source_x IS NOT NULL',
  );
  return lineFrame([...stations, ...sources], stations);
}

/** One shot with its traces (samples included) and live picks: what the gather view draws. */
export function shotGather(db: Db, shotId: number, withSamples = true): Gather | null {
  const frame = projectLineFrame(db);
  const shot = listShots(db, shotId, frame)[0];
  if (!shot) return null;
  const rows = db
    .prepare(
      `SELECT ${TRACE_COLUMNS}, CASE WHEN ? THEN s.samples ELSE NULL END AS samples
       FROM traces t JOIN trace_samples s ON s.trace_id = t.id
       WHERE t.shot_id = ? ORDER BY t.trace_index`,
    )
    .all(withSamples ? 1 : 0, shotId) as TraceRow[];
  const pickTraceIds = receiverPickTraces(rows);
  const traces = rows.map((r, i) => ({
    id: r.id,
    traceIndex: r.trace_index,
    channel: r.channel,
    component: r.component,
    sampleInterval: r.sample_interval,
    startTime: r.start_time,
    receiver: position(r.receiver_x, r.receiver_y, r.receiver_z),
    offset:
      r.receiver_x === null || shot.source === null
        ? null
        : signedOffset(frame, shot.source, { x: r.receiver_x, y: r.receiver_y ?? 0 }),
    status: r.status,
    pickTraceId: pickTraceIds[i]!,
    samples: r.samples?.toString('base64') ?? '',
  }));
  const decided = shotTimeBase(db, shotId);
  const timeBase = decided ? timeBasePreview(shot.recordId, decided) : null;
  return { shot, traces, picks: new PickStore(db).ofShot(shotId), timeBase };
}

/**
 * The trace a pick on `traceId` belongs on: its receiver's pick trace (see GatherTrace); null
 * for no such trace.
 */
export function receiverPickTrace(db: Db, traceId: number): number | null {
  const rows = db
    .prepare(
      `SELECT ${TRACE_COLUMNS} FROM traces t
       WHERE t.shot_id = (SELECT shot_id FROM traces WHERE id = ?) ORDER BY t.trace_index`,
    )
    .all(traceId) as TraceColumns[];
  const index = rows.findIndex((r) => r.id === traceId);
  return index < 0 ? null : receiverPickTraces(rows)[index]!;
}

/**
 * Every trace's receiver pick trace, by trace id, for work on many picks (an import): `rows`
 * are trace rows of any number of shots, ordered by shot and trace index.
 */
export function receiverPickTraceMap(
  rows: readonly (TraceColumns & { shot_id: number })[],
): Map<number, number> {
  const out = new Map<number, number>();
  let from = 0;
  while (from < rows.length) {
    let to = from;
    while (to < rows.length && rows[to]!.shot_id === rows[from]!.shot_id) to++;
    const shot = rows.slice(from, to);
    receiverPickTraces(shot).forEach((id, i) => out.set(shot[i]!.id, id));
    from = to;
  }
  return out;
}

/**
 * Per trace row of one shot, the id of the trace its receiver's picks go on: the first live
 * member of its component group, as `shotForPicking` (which leaves dead traces out) and the
 * pickers see the shot; the first member when all are dead.
 */
function receiverPickTraces(rows: readonly TraceColumns[]): number[] {
  const out: number[] = rows.map((r) => r.id);
  const groupable = rows.map((r) => ({
    component: r.component,
    receiver: position(r.receiver_x, r.receiver_y, r.receiver_z),
    headers: {},
    sampleInterval: r.sample_interval,
    startTime: r.start_time,
  }));
  for (const members of groupComponents(groupable)) {
    const first = members.find((i) => rows[i]!.status !== 'dead') ?? members[0]!;
    for (const i of members) out[i] = rows[first]!.id;
  }
  return out;
}

/**
 * Live picks of a phase for the travel-time view: source and receiver as distances along the
 * project's line, and the signed offset between them in the plane.
 */
export function travelTimes(db: Db, phase: 'P' | 'S'): TravelTimePoint[] {
  const frame = projectLineFrame(db);
  const rows = db
    .prepare(
      `SELECT p.id AS pickId, p.trace_id AS traceId, t.shot_id AS shotId, s.source_x AS sourceX,
           s.source_y AS sourceY, t.receiver_x AS receiverX, t.receiver_y AS receiverY, p.time,
           p.origin, p.status, p.probability, p.uncertainty, l.layer,
           t.sample_interval AS sampleInterval
         FROM picks p JOIN traces t ON p.trace_id = t.id JOIN shots s ON t.shot_id = s.id
         LEFT JOIN pick_layers l ON l.trace_id = p.trace_id AND l.phase = p.phase
         WHERE p.phase = ? AND p.deleted = 0 ORDER BY t.shot_id, t.trace_index, p.id`,
    )
    .all(phase) as (Omit<TravelTimePoint, 'offset'> & {
    sourceY: number | null;
    receiverY: number | null;
  })[];
  return rows.map(({ sourceY, receiverY, ...p }) => {
    const source = p.sourceX === null ? null : { x: p.sourceX, y: sourceY ?? 0 };
    const receiver = p.receiverX === null ? null : { x: p.receiverX, y: receiverY ?? 0 };
    return {
      ...p,
      sourceX: source && alongLine(frame, source),
      receiverX: receiver && alongLine(frame, receiver),
      offset: source && receiver && signedOffset(frame, source, receiver),
    };
  });
}
