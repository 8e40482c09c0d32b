import fs from 'node:fs';
import path from 'node:path';
import type { ExportResult, PickImportResult, PickStatus } from '../api/contract';
import { ApiError } from '../api/errors';
import {
  alongLine,
  signedOffset,
  straightness,
  X_AXIS,
  type LineFrame,
} from '../geometry/line-frame';
import { writeTransaction, type Db } from '../catalogue/database';
import { PickStore, type NewPick } from '../catalogue/pick-store';
import { projectLineFrame, receiverPickTraceMap } from '../catalogue/queries';
import { onRecord, TRACE_COLUMNS, type TraceColumns } from '../catalogue/trace-rows';
import type { Project } from '../catalogue/project';
import { readRegularText } from '../formats/file-bytes';
import type { Position } from '../formats/record';
import type { Pick } from '../export/pick-table';
import { readPicksCsv, writePicksCsv, type PickRow } from '../export/picks-csv';
import { readPicksJson, writePicksJson } from '../export/picks-json';
import {
  pyRefraPickTable,
  readPyRefraGeometry,
  readPyRefraPicks,
  writePyRefra,
} from '../export/pyrefra-picks';
import { readVs, writeVs } from '../export/seisimager-vs';
import { readSgt, writeSgt } from '../export/sgt';
import { summarizePicks } from '../export/pick-summary';
import { writeFileAtomic } from './atomic-file';
import type { Phase } from '../metrics/scores';
import { extentOf } from '../numeric/extent';
import {
  adoptedElevations,
  hasElevations,
  matchPicks,
  withoutElevations,
  type MatchMode,
  type MatchTrace,
} from './pick-matching';

export const EXPORT_FORMATS = ['sgt', 'vs', 'csv', 'json', 'pyrefra', 'summary'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const IMPORT_FORMATS = ['sgt', 'vs', 'csv', 'json', 'pyrefra'] as const;
export type ImportFormat = (typeof IMPORT_FORMATS)[number];

/** Which picks go out: accepted only (the default, what QC passed), or accepted + proposed. */
export type ExportSelection = 'accepted' | 'all';

interface CataloguePick {
  pick_id: number;
  phase: Phase;
  time: number;
  probability: number | null;
  uncertainty: number | null;
  method: string;
  status: PickStatus;
  trace_index: number;
  channel: number;
  receiver_x: number | null;
  receiver_y: number | null;
  receiver_z: number | null;
  source_x: number | null;
  source_y: number | null;
  source_z: number | null;
  record_id: string;
  file: string;
}

/** Live picks to export, in shot then trace order; rejected picks never go out. */
function cataloguePicks(db: Db, phase: Phase | null, selection: ExportSelection): CataloguePick[] {
  const statuses = selection === 'accepted' ? ['accepted'] : ['accepted', 'proposed'];
  return db
    .prepare(
      `SELECT p.id AS pick_id, p.phase, p.time, p.probability, p.uncertainty, p.method, p.status,
         t.trace_index, t.channel, t.receiver_x, t.receiver_y, t.receiver_z,
         s.source_x, s.source_y, s.source_z, s.record_id, f.original_name AS file
       FROM picks p JOIN traces t ON p.trace_id = t.id JOIN shots s ON t.shot_id = s.id
       JOIN raw_files f ON s.raw_file_id = f.id
       WHERE p.deleted = 0 AND (? IS NULL OR p.phase = ?)
         AND p.status IN (${statuses.map(() => '?').join(', ')})
         AND t.status != 'dead'
       ORDER BY s.id, t.trace_index, p.phase, p.id`,
    )
    .all(phase, phase, ...statuses) as CataloguePick[];
}

const position = (x: number | null, y: number | null, z: number | null): Position | null =>
  x === null ? null : { x, y: y ?? 0, z: z ?? 0 };

/** A position's distance along the line, to the millimetre the catalogue keeps. */
const alongToTheMillimetre = (frame: LineFrame, p: Position) =>
  Math.round(alongLine(frame, p) * 1000) / 1000;

/**
 * The picks with their positions as distances along a straight line in map coordinates (y 0,
 * elevations kept), for the formats that hold a 2-D line; as they are along x, or off a
 * straight line.
 */
function alongTheLine(table: Pick[], frame: LineFrame): Pick[] {
  if (frame === X_AXIS) return table;
  const { straight } = straightness(
    frame,
    table.flatMap((p) => [p.source, p.receiver]),
  );
  if (!straight) return table;
  const along = (p: Position) => ({ x: alongToTheMillimetre(frame, p), y: 0, z: p.z });
  return table.map((p) => ({ ...p, source: along(p.source), receiver: along(p.receiver) }));
}

export type { ExportResult, PickImportResult };

function countReasons(reasons: string[]): ExportResult['skipped'] {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([reason, count]) => ({ reason, count }));
}

/**
 * Exports the project's picks. Formats without a phase column (.sgt, .vs, PyRefra) take one
 * phase (default P); CSV, JSON and the summary carry both unless one is asked for. PyRefra's
 * three files go into the folder `out`.
 */
export function exportPicks(
  project: Project,
  options: { format: ExportFormat; out: string; phase?: Phase; status?: ExportSelection },
): ExportResult {
  const { format, out } = options;
  const onePhase = format === 'sgt' || format === 'vs' || format === 'pyrefra';
  const phase = options.phase ?? (onePhase ? 'P' : null);
  const selection = options.status ?? 'accepted';
  const rows = cataloguePicks(project.db, phase, selection);
  if (rows.length === 0)
    throw new ApiError('conflict', nothingToExport(project.db, phase, selection));
  const frame = projectLineFrame(project.db);

  if (format === 'csv') {
    const csv: PickRow[] = rows.map((r) => ({
      file: r.file,
      trace: r.trace_index,
      channel: r.channel,
      shot: r.record_id,
      sourceX: r.source_x,
      receiverX: r.receiver_x,
      offsetM:
        r.source_x === null || r.receiver_x === null
          ? null
          : signedOffset(
              frame,
              { x: r.source_x, y: r.source_y ?? 0 },
              { x: r.receiver_x, y: r.receiver_y ?? 0 },
            ),
      phase: r.phase,
      time: r.time,
      probability: r.probability,
      uncertainty: r.uncertainty,
      method: r.method,
      status: r.status,
    }));
    writeFileAtomic(out, writePicksCsv(csv));
    return { files: [out], written: csv.length, skipped: [] };
  }

  const table: Pick[] = [];
  const reasons: string[] = [];
  for (const r of rows) {
    const source = position(r.source_x, r.source_y, r.source_z);
    const receiver = position(r.receiver_x, r.receiver_y, r.receiver_z);
    if (!source || !receiver) {
      reasons.push('the shot or the trace has no position (import a geometry file)');
      continue;
    }
    table.push({
      source,
      receiver,
      phase: r.phase,
      time: r.time,
      uncertainty: r.uncertainty,
      shot: r.record_id,
      trace: r.trace_index,
    });
  }
  const fromWriter = (skipped: { index: number; reason: string }[]) => skipped.map((s) => s.reason);
  // The 2-D formats take distances along the line: a straight line in map coordinates is
  // written along it (a crossed or crooked one keeps its map positions, and .vs refuses it).
  const lineTable = onePhase ? alongTheLine(table, frame) : table;

  switch (format) {
    case 'json':
      writeFileAtomic(out, writePicksJson(table));
      return { files: [out], written: table.length, skipped: countReasons(reasons) };
    case 'summary':
      writeFileAtomic(out, summarizePicks(table));
      return { files: [out], written: table.length, skipped: countReasons(reasons) };
    case 'sgt': {
      const sgt = writeSgt(lineTable, { phase: phase!, defaultError: DEFAULT_ERROR_S });
      writeFileAtomic(out, sgt.text);
      return {
        files: [out],
        written: sgt.written,
        skipped: countReasons([...reasons, ...fromWriter(sgt.skipped)]),
      };
    }
    case 'vs': {
      const vs = writeVs(lineTable, { phase: phase! });
      writeFileAtomic(out, vs.text);
      return {
        files: [out],
        written: vs.written,
        skipped: countReasons([...reasons, ...fromWriter(vs.skipped)]),
      };
    }
    case 'pyrefra': {
      const files = writePyRefra(lineTable, { phase: phase!, defaultError: DEFAULT_ERROR_S });
      fs.mkdirSync(out, { recursive: true });
      const written = (
        [
          ['picks.dat', files.picks],
          ['shots.geo', files.shots],
          ['receivers.geo', files.receivers],
        ] as const
      ).map(([name, text]) => {
        writeFileAtomic(path.join(out, name), text);
        return path.join(out, name);
      });
      return {
        files: written,
        written: files.written,
        skipped: countReasons([...reasons, ...fromWriter(files.skipped)]),
      };
    }
  }
}

/**
 * Why an export found no picks, and what to do: accept picks, or take the proposals too
 * ("accepted + proposed" in the app, `--status all` on the command line).
 */
function nothingToExport(db: Db, phase: Phase | null, selection: ExportSelection): string {
  const which = phase ? `${phase} ` : '';
  const proposed = cataloguePicks(db, phase, 'all').length;
  if (selection === 'accepted' && proposed > 0) {
    return (
      `No accepted ${which}picks to export. Accept picks in the gather (A on a pick, or ` +
      `"Accept all" for a shot), or choose "accepted + proposed" (--status all) to export the ` +
      `${proposed} proposed ${which}pick${proposed === 1 ? '' : 's'} too.`
    );
  }
  return `No ${which}picks to export yet: pick the shots (auto-pick, or by hand in the gather) first.`;
}

/** The error given to picks without an uncertainty in formats that need one: 1 ms. */
export const DEFAULT_ERROR_S = 0.001;

function formatFromName(file: string): ImportFormat {
  const ext = path.extname(file).toLowerCase();
  // formikoj's .pck is pyGIMLi's unified data format too.
  if (ext === '.sgt' || ext === '.pck') return 'sgt';
  if (ext === '.vs') return 'vs';
  if (ext === '.csv') return 'csv';
  if (ext === '.json') return 'json';
  if (path.basename(file).toLowerCase() === 'picks.dat') return 'pyrefra';
  throw new Error(
    `${file}: cannot tell the pick format from the name; give --format ${IMPORT_FORMATS.join('|')}`,
  );
}

interface TraceCandidate extends TraceColumns {
  sample_count: number;
  shot_id: number;
  file: string;
  record_id: string;
  source_x: number | null;
  source_y: number | null;
  source_z: number | null;
}

/**
 * What a pick file's times count from: the source (Pickline, pyGIMLi, SeisImager) or the first
 * sample of each trace (formikoj, and any picker that draws traces from sample 0 and ignores
 * the pre-trigger delay): such a time becomes the shot's by adding the trace's start time.
 */
export type TimeOrigin = 'shot' | 'first-sample';

export interface PickImportOptions {
  format?: ImportFormat;
  phase?: Phase;
  /** Metres within which a file's position is the project's (default 1 cm). */
  tolerance?: number;
  timeOrigin?: TimeOrigin;
  /**
   * The .sgt sensor column that holds the elevation when the file names both y and z; left
   * out, both readings are tried and the one that matches more picks is kept.
   */
  elevation?: 'y' | 'z';
}

/** A file's picks with positions, and what its reader said about them. */
interface PositionedPicks {
  table: Pick[];
  invalid: number;
  elevationColumn: 'y' | 'z' | null;
}

function positionedPicks(
  file: string,
  text: string,
  format: Exclude<ImportFormat, 'csv'>,
  phase: Phase,
  elevation: 'y' | 'z' | undefined,
): PositionedPicks {
  if (format === 'sgt') {
    const sgt = readSgt(text, file, { phase, ...(elevation ? { elevation } : {}) });
    return { table: sgt.picks, invalid: sgt.invalid, elevationColumn: sgt.elevationColumn };
  }
  if (format === 'vs')
    return { table: readVs(text, file, { phase }).picks, invalid: 0, elevationColumn: null };
  if (format === 'json')
    return { table: readPicksJson(text, file), invalid: 0, elevationColumn: null };
  const dir = path.dirname(file);
  const table = pyRefraPickTable(
    {
      picksFile: file,
      picks: readPyRefraPicks(text, file),
      shots: readPyRefraGeometry(
        readRegularText(path.join(dir, 'shots.geo')),
        path.join(dir, 'shots.geo'),
      ),
      receivers: readPyRefraGeometry(
        readRegularText(path.join(dir, 'receivers.geo')),
        path.join(dir, 'receivers.geo'),
      ),
    },
    phase,
  );
  return { table, invalid: 0, elevationColumn: null };
}

/** Stores the elevations a file gave the project's sources and receivers (see pick-matching). */
function writeElevations(db: Db, adopted: ReturnType<typeof adoptedElevations>): void {
  const traces = db.prepare(
    `UPDATE traces SET receiver_z = ?, receiver_from = 'override'
     WHERE receiver_x = ? AND IFNULL(receiver_y, 0) = ?`,
  );
  const stations = db.prepare('UPDATE stations SET z = ? WHERE x = ? AND y = ? AND z = 0');
  const shots = db.prepare(
    `UPDATE shots SET source_z = ?, source_from = 'override'
     WHERE source_x = ? AND IFNULL(source_y, 0) = ?`,
  );
  for (const r of adopted.receivers) {
    traces.run(r.z, r.x, r.y);
    stations.run(r.z, r.x, r.y);
  }
  for (const s of adopted.sources) shots.run(s.z, s.x, s.y);
}

/**
 * Imports picks made elsewhere onto the project's traces, by position (source and receiver
 * within `tolerance` metres) or, for the picks CSV, by file name and trace index. Each pick
 * must land on exactly one receiver; the rest are reported with why. On a project without
 * elevations, a file with elevations is matched along the line (x and y) and its elevations
 * become the project's (traces, stations and shots at those positions), in the same
 * transaction as the picks. Imported picks are stored as origin `imported`, status accepted,
 * beside any others (manual picks are never touched); importing a file of the same name again
 * replaces what it brought before.
 */
export function importPicks(
  project: Project,
  file: string,
  options: PickImportOptions = {},
): PickImportResult {
  const format = options.format ?? formatFromName(file);
  const tolerance = options.tolerance ?? 0.01;
  const timeOrigin = options.timeOrigin ?? 'shot';
  const text = readRegularText(file);
  const rows = project.db
    .prepare(
      `SELECT ${TRACE_COLUMNS}, t.sample_count, t.shot_id, f.original_name AS file, s.record_id,
         s.source_x, s.source_y, s.source_z
       FROM traces t JOIN shots s ON t.shot_id = s.id JOIN raw_files f ON s.raw_file_id = f.id
       ORDER BY t.shot_id, t.trace_index`,
    )
    .all() as TraceCandidate[];
  // A receiver has one set of picks, on its pick trace: a pick given on any of its
  // components goes there, and its components sharing a position are not an ambiguity.
  const owner = receiverPickTraceMap(rows);
  const startTime = new Map(rows.map((t) => [t.id, t.start_time]));
  const shift = (traceId: number) => (timeOrigin === 'first-sample' ? startTime.get(traceId)! : 0);
  const reasons: string[] = [];
  const picks: NewPick[] = [];
  let invalid = 0;
  let matching: PickImportResult['matching'];
  let elevations: PickImportResult['elevations'] = null;
  let adopted: ReturnType<typeof adoptedElevations> | null = null;

  if (format === 'csv') {
    matching = 'file-and-trace';
    const byKey = new Map(rows.map((t) => [`${t.file}:${t.trace_index}`, t]));
    for (const row of readPicksCsv(text, file)) {
      if (options.phase && row.phase !== options.phase) continue;
      if (row.time === null) continue;
      const trace = byKey.get(`${row.file}:${row.trace}`);
      if (!trace) reasons.push(`no trace ${row.trace} of a file named ${row.file}`);
      else
        picks.push({
          traceId: owner.get(trace.id)!,
          phase: row.phase,
          time: row.time + shift(trace.id),
          probability: row.probability,
          uncertainty: row.uncertainty,
        });
    }
  } else {
    const traces: MatchTrace[] = rows.map((t) => ({
      id: t.id,
      shotId: t.shot_id,
      recordId: t.record_id,
      source: position(t.source_x, t.source_y, t.source_z),
      receiver: position(t.receiver_x, t.receiver_y, t.receiver_z),
    }));
    const flat = withoutElevations(traces);
    const attempt = (elevation: 'y' | 'z' | undefined, against = traces) => {
      const read = positionedPicks(file, text, format, options.phase ?? 'P', elevation);
      const table = read.table.filter((p) => !options.phase || p.phase === options.phase);
      const mode: MatchMode = flat && hasElevations(table) ? 'along-line' : 'position';
      const result = matchPicks(table, against, {
        tolerance,
        mode,
        owner: (id) => owner.get(id)!,
      });
      return { read, table, mode, result, alongTheLine: against !== traces };
    };
    let best = attempt(options.elevation);
    // A 3-D file saved as `# x y z` with every z 0 reads as a 2-D line (y = elevation) by
    // pyGIMLi's rule; formikoj's survey in map coordinates is such a file. Which reading the
    // project's positions agree with decides, unless the user said.
    if (!options.elevation && best.read.elevationColumn !== null && best.result.reasons.length) {
      const other = attempt(best.read.elevationColumn === 'y' ? 'z' : 'y');
      if (other.result.matched.length > best.result.matched.length) best = other;
    }
    // A 2-D file of a line the project has in map coordinates (as exportPicks writes one):
    // its x is the distance along the line.
    const frame = projectLineFrame(project.db);
    if (frame !== X_AXIS && best.result.reasons.length) {
      const along = (p: Position | null) =>
        p && { x: alongToTheMillimetre(frame, p), y: 0, z: p.z };
      const onLine = traces.map((t) => ({
        ...t,
        source: along(t.source),
        receiver: along(t.receiver),
      }));
      const other = attempt(options.elevation, onLine);
      if (other.result.matched.length > best.result.matched.length) best = other;
    }
    invalid = best.read.invalid;
    matching = best.mode;
    reasons.push(...best.result.reasons);
    for (const { index, trace } of best.result.matched) {
      const pick = best.table[index]!;
      picks.push({
        traceId: owner.get(trace.id)!,
        phase: pick.phase,
        time: pick.time + shift(trace.id),
        uncertainty: pick.uncertainty,
      });
    }
    // Elevations are adopted by map position: not from a file matched along the line.
    if (best.mode === 'along-line' && !best.alongTheLine) {
      adopted = adoptedElevations(best.table, best.result.matched, tolerance);
      const zs = [...adopted.sources, ...adopted.receivers].map((p) => p.z);
      const receiverPositions = new Set(
        traces.flatMap((t) => (t.receiver ? [`${t.receiver.x},${t.receiver.y}`] : [])),
      );
      elevations = {
        receivers: adopted.receivers.length,
        sources: adopted.sources.length,
        range: extentOf(zs),
        receiversWithout: receiverPositions.size - adopted.receivers.length,
        conflicts: adopted.conflicts,
      };
    }
  }

  // One pick per trace and phase from a file: a receiver's components repeat one arrival.
  // A time off the trace's record is a mistake in the file (or a file of another line).
  const byId = new Map(rows.map((t) => [t.id, t]));
  const seen = new Set<string>();
  const kept = picks.filter((p) => {
    if (!onRecord(p.time, byId.get(p.traceId)!)) {
      reasons.push(`a ${p.phase} time outside the trace's record`);
      return false;
    }
    const key = `${p.traceId}:${p.phase}`;
    if (seen.has(key)) {
      reasons.push(`a second ${p.phase} pick for one receiver (the first is kept)`);
      return false;
    }
    seen.add(key);
    return true;
  });
  const result = writeTransaction(project.db, () => {
    if (adopted && kept.length > 0) writeElevations(project.db, adopted);
    return new PickStore(project.db).writeImported(kept, path.basename(file));
  });
  return {
    file,
    format,
    read: kept.length + reasons.length,
    matched: kept.length,
    unmatched: countReasons(reasons),
    superseded: result.superseded,
    invalid,
    timeOrigin,
    matching,
    elevations: kept.length > 0 ? elevations : null,
  };
}
