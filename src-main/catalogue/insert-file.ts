import type { ReadOptions } from '../formats/plugin';
import type { Position, SeismicFile } from '../formats/record';
import type { TimeBaseDecision } from '../picking/time-base';
import { guessLineType, type LineType } from '../picking/line-type';
import { writeTransaction, type Db } from './database';
import type { StoredRaw } from './raw-store';
import { samplesBlob } from './samples';

export interface InsertedFile {
  rawFileId: number;
  shots: number;
  traces: number;
  /** Receiver positions this file added to the survey (a 3-component geophone is one). */
  newStations: number;
}

/**
 * Positions are stored to the millimetre, so that one geophone read from two files (with
 * float noise in the header) is one station.
 */
const mm = (v: number) => Math.round(v * 1000) / 1000;

function position(p: Position | null): [number | null, number | null, number | null] {
  return p ? [mm(p.x), mm(p.y), mm(p.z)] : [null, null, null];
}

/**
 * Writes one read file into the catalogue in a single transaction: its raw-file row, a shot
 * per record (with how its time base was decided, `timeBases[record]`), a trace (with its
 * samples) per trace, and the stations it introduces. Either all of it is visible afterwards
 * or, after any error or crash, none of it. Returns null, writing nothing, when the catalogue
 * already holds these bytes: the check is made inside the transaction, holding the write
 * lock, because another import of the same file may have committed since the caller last
 * looked.
 */
export function insertFile(
  db: Db,
  file: SeismicFile,
  raw: StoredRaw & { originalPath: string },
  readOptions: ReadOptions,
  timeBases: readonly (TimeBaseDecision | null)[] = [],
  /** What the line records; left out, guessed from the file's components. */
  lineType?: LineType,
): InsertedFile | null {
  const known = db.prepare('SELECT 1 FROM raw_files WHERE sha256 = ?');
  const now = new Date().toISOString();
  const insertRaw = db.prepare(
    `INSERT INTO raw_files (sha256, original_name, original_path, stored_name, format,
       size_bytes, read_options, notes, imported_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertShot = db.prepare(
    `INSERT INTO shots (raw_file_id, record_index, record_id, source_x, source_y, source_z,
       source_from, start_date, delay_rule, time_base, headers, line_type)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const findStation = db.prepare(
    'SELECT id FROM stations WHERE x = ? AND y = ? AND z = ? AND component = ?',
  );
  const insertStation = db.prepare('INSERT INTO stations (x, y, z, component) VALUES (?, ?, ?, ?)');
  const positionKnown = db.prepare(
    'SELECT 1 FROM stations WHERE x = ? AND y = ? AND z = ? LIMIT 1',
  );
  const insertTrace = db.prepare(
    `INSERT INTO traces (shot_id, station_id, trace_index, channel, component, sample_interval,
       sample_count, start_time, receiver_x, receiver_y, receiver_z, receiver_from, headers)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertSamples = db.prepare('INSERT INTO trace_samples (trace_id, samples) VALUES (?, ?)');
  // The reading of the timing header changes every start time, so the shot records which was
  // applied: the time base's choice where the header allows several, else the SEG-2 DELAY
  // convention read with.
  const delayRule = (record: number) =>
    file.records[record]!.timeReadings
      ? (timeBases[record]?.reading ?? file.records[record]!.timeReadings![0]!.name)
      : file.format === 'seg2'
        ? (readOptions.seg2Delay ?? 'geometrics')
        : null;
  const originalName = raw.originalPath.split(/[\\/]/).pop() ?? raw.originalPath;

  return writeTransaction(db, (): InsertedFile | null => {
    if (known.get(raw.sha256)) return null;
    const rawFileId = Number(
      insertRaw.run(
        raw.sha256,
        originalName,
        raw.originalPath,
        raw.storedName,
        file.format,
        raw.size,
        JSON.stringify(readOptions),
        JSON.stringify(file.notes),
        now,
      ).lastInsertRowid,
    );
    let traces = 0;
    let newStations = 0;
    const stationId = (t: SeismicFile['records'][number]['traces'][number]) => {
      if (!t.receiver) return null;
      const key = [...position(t.receiver), t.component];
      const found = findStation.get(...key) as { id: number } | undefined;
      if (found) return found.id;
      if (!positionKnown.get(...position(t.receiver))) newStations++;
      return Number(insertStation.run(...key).lastInsertRowid);
    };
    file.records.forEach((record, recordIndex) => {
      // A record's source is the first trace's: every reader gives all traces one source.
      const first = record.traces[0];
      const shotId = Number(
        insertShot.run(
          rawFileId,
          recordIndex,
          record.id,
          ...position(first?.source ?? null),
          first?.sourceFrom ?? 'none',
          record.startDate,
          delayRule(recordIndex),
          timeBases[recordIndex] ? JSON.stringify(timeBases[recordIndex]) : null,
          JSON.stringify(record.headers),
          lineType ?? guessLineType(record.traces.map((t) => t.component)),
        ).lastInsertRowid,
      );
      for (const t of record.traces) {
        const traceId = Number(
          insertTrace.run(
            shotId,
            stationId(t),
            traces,
            t.channel,
            t.component,
            t.sampleInterval,
            t.samples.length,
            t.startTime,
            ...position(t.receiver),
            t.receiverFrom,
            JSON.stringify(t.headers),
          ).lastInsertRowid,
        );
        insertSamples.run(traceId, samplesBlob(t.samples));
        traces++;
      }
    });
    return { rawFileId, shots: file.records.length, traces, newStations };
  });
}
