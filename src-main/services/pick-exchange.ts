import fs from 'node:fs';
import path from 'node:path';
import type { ExportResult, PickImportResult, PickStatus } from '../api/contract';
import type { Db } from '../catalogue/database';
import { PickStore, type NewPick } from '../catalogue/pick-store';
import { receiverPickTraceMap } from '../catalogue/queries';
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
import type { Phase } from '../metrics/scores';

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

export type { ExportResult, PickImportResult };

function countReasons(reasons: string[]): ExportResult['skipped'] {
  const counts = new Map<string, number>();
  for (const r of reasons) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([reason, count]) => ({ reason, count }));
}

/** Writes a file atomically (temporary name, then rename), so a crash never leaves half a file. */
function writeFileAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.partial`;
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
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
  const rows = cataloguePicks(project.db, phase, options.status ?? 'accepted');

  if (format === 'csv') {
    const csv: PickRow[] = rows.map((r) => ({
      file: r.file,
      trace: r.trace_index,
      channel: r.channel,
      shot: r.record_id,
      sourceX: r.source_x,
      receiverX: r.receiver_x,
      offsetM: r.source_x === null || r.receiver_x === null ? null : r.receiver_x - r.source_x,
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

  switch (format) {
    case 'json':
      writeFileAtomic(out, writePicksJson(table));
      return { files: [out], written: table.length, skipped: countReasons(reasons) };
    case 'summary':
      writeFileAtomic(out, summarizePicks(table));
      return { files: [out], written: table.length, skipped: countReasons(reasons) };
    case 'sgt': {
      const sgt = writeSgt(table, { phase: phase!, defaultError: DEFAULT_ERROR_S });
      writeFileAtomic(out, sgt.text);
      return {
        files: [out],
        written: sgt.written,
        skipped: countReasons([...reasons, ...fromWriter(sgt.skipped)]),
      };
    }
    case 'vs': {
      const vs = writeVs(table, { phase: phase! });
      writeFileAtomic(out, vs.text);
      return {
        files: [out],
        written: vs.written,
        skipped: countReasons([...reasons, ...fromWriter(vs.skipped)]),
      };
    }
    case 'pyrefra': {
      const files = writePyRefra(table, { phase: phase!, defaultError: DEFAULT_ERROR_S });
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

/** The error given to picks without an uncertainty in formats that need one: 1 ms. */
export const DEFAULT_ERROR_S = 0.001;

function formatFromName(file: string): ImportFormat {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.sgt') return 'sgt';
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

const near = (a: Position, x: number | null, y: number | null, z: number | null, tol: number) =>
  x !== null &&
  Math.abs(a.x - x) <= tol &&
  Math.abs(a.y - (y ?? 0)) <= tol &&
  Math.abs(a.z - (z ?? 0)) <= tol;

/**
 * Imports picks made elsewhere onto the project's traces, by position (source and receiver
 * within `tolerance` metres) or, for the picks CSV, by file name and trace index. Each pick
 * must land on exactly one trace; the rest are reported with why. Imported picks are stored
 * as origin `imported`, status accepted, beside any others (manual picks are never touched);
 * importing a file of the same name again replaces what it brought before.
 */
export function importPicks(
  project: Project,
  file: string,
  options: { format?: ImportFormat; phase?: Phase; tolerance?: number } = {},
): PickImportResult {
  const format = options.format ?? formatFromName(file);
  const tolerance = options.tolerance ?? 0.01;
  const text = readRegularText(file);
  const traces = project.db
    .prepare(
      `SELECT ${TRACE_COLUMNS}, t.sample_count, t.shot_id, f.original_name AS file, s.record_id,
         s.source_x, s.source_y, s.source_z
       FROM traces t JOIN shots s ON t.shot_id = s.id JOIN raw_files f ON s.raw_file_id = f.id
       ORDER BY t.shot_id, t.trace_index`,
    )
    .all() as TraceCandidate[];
  // A receiver has one set of picks, on its pick trace: a pick given on any of its
  // components goes there, and its components sharing a position are not an ambiguity.
  const owner = receiverPickTraceMap(traces);
  const reasons: string[] = [];
  const picks: NewPick[] = [];

  if (format === 'csv') {
    const byKey = new Map(traces.map((t) => [`${t.file}:${t.trace_index}`, t]));
    for (const row of readPicksCsv(text, file)) {
      if (options.phase && row.phase !== options.phase) continue;
      if (row.time === null) continue;
      const trace = byKey.get(`${row.file}:${row.trace}`);
      if (!trace) reasons.push(`no trace ${row.trace} of a file named ${row.file}`);
      else
        picks.push({
          traceId: owner.get(trace.id)!,
          phase: row.phase,
          time: row.time,
          probability: row.probability,
          uncertainty: row.uncertainty,
        });
    }
  } else {
    let table: Pick[];
    const phase = options.phase ?? 'P';
    if (format === 'sgt') table = readSgt(text, file, { phase }).picks;
    else if (format === 'vs') table = readVs(text, file, { phase }).picks;
    else if (format === 'json') table = readPicksJson(text, file);
    else {
      const dir = path.dirname(file);
      table = pyRefraPickTable(
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
    }
    for (const pick of table) {
      if (options.phase && pick.phase !== options.phase) continue;
      const found = traces.filter(
        (t) =>
          near(pick.source, t.source_x, t.source_y, t.source_z, tolerance) &&
          near(pick.receiver, t.receiver_x, t.receiver_y, t.receiver_z, tolerance),
      );
      // Repeated shots at one position are told apart by the pick's shot id when it has one.
      const chosen = [
        ...new Set(
          (found.length > 1 && pick.shot !== null
            ? found.filter((t) => t.record_id === pick.shot)
            : found
          ).map((t) => owner.get(t.id)!),
        ),
      ];
      if (chosen.length === 1) {
        picks.push({
          traceId: chosen[0]!,
          phase: pick.phase,
          time: pick.time,
          uncertainty: pick.uncertainty,
        });
      } else {
        reasons.push(
          chosen.length === 0
            ? `no trace with that source and receiver position (within ${tolerance} m)`
            : `${chosen.length} traces share that source and receiver position`,
        );
      }
    }
  }

  // One pick per trace and phase from a file: a receiver's components repeat one arrival.
  // A time off the trace's record is a mistake in the file (or a file of another line).
  const byId = new Map(traces.map((t) => [t.id, t]));
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
  const result = new PickStore(project.db).writeImported(kept, path.basename(file));
  return {
    file,
    format,
    read: kept.length + reasons.length,
    matched: kept.length,
    unmatched: countReasons(reasons),
    superseded: result.superseded,
  };
}
