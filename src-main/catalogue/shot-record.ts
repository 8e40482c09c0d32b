import type { SeismicFile, Trace } from '../formats/record';
import type { Db } from './database';
import { readSamples } from './samples';
import { position, TRACE_COLUMNS, type TraceColumns } from './trace-rows';

interface Row extends TraceColumns {
  receiver_from: Trace['receiverFrom'];
  samples: Buffer;
  source_x: number | null;
  source_y: number | null;
  source_z: number | null;
  source_from: Trace['sourceFrom'];
  record_id: string;
  start_date: string | null;
  format: SeismicFile['format'];
  file: string;
}

export interface ShotForPicking {
  /** The shot as the pickers take it: one record of the traces worth picking. */
  file: SeismicFile;
  /** Catalogue id of each trace of the record, in record order. */
  traceIds: number[];
  /** Every trace of the shot, dead ones included: a run replaces its proposals on all. */
  allTraceIds: number[];
}

/**
 * One shot rebuilt from the catalogue as a one-record file, so the pickers that read files
 * read the project the same way. Dead traces are left out (nothing to pick) and reversed ones
 * are flipped back, which is what the field engineer's trace status means.
 */
export function shotForPicking(db: Db, shotId: number): ShotForPicking | null {
  const rows = db
    .prepare(
      `SELECT ${TRACE_COLUMNS}, t.receiver_from, ts.samples,
         s.source_x, s.source_y, s.source_z, s.source_from, s.record_id, s.start_date,
         f.format, f.original_name AS file
       FROM traces t JOIN trace_samples ts ON ts.trace_id = t.id JOIN shots s ON t.shot_id = s.id
       JOIN raw_files f ON s.raw_file_id = f.id
       WHERE t.shot_id = ? ORDER BY t.trace_index`,
    )
    .all(shotId) as Row[];
  if (rows.length === 0) return null;
  const live = rows.filter((r) => r.status !== 'dead');
  const traces: Trace[] = live.map((r) => {
    const samples = readSamples(r.samples);
    if (r.status === 'reversed') for (let i = 0; i < samples.length; i++) samples[i] = -samples[i]!;
    return {
      samples,
      sampleInterval: r.sample_interval,
      startTime: r.start_time,
      component: r.component,
      channel: r.channel,
      receiver: position(r.receiver_x, r.receiver_y, r.receiver_z),
      source: position(r.source_x, r.source_y, r.source_z),
      receiverFrom: r.receiver_from,
      sourceFrom: r.source_from,
      headers: {},
    };
  });
  const first = rows[0]!;
  return {
    file: {
      format: first.format,
      file: first.file,
      byteOrder: null,
      records: [
        { id: first.record_id, traces, headers: {}, startDate: first.start_date, picks: [] },
      ],
      notes: [],
    },
    traceIds: live.map((r) => r.id),
    allTraceIds: rows.map((r) => r.id),
  };
}
