/**
 * The one in-memory model every reader produces: a file holds records (a shot gather, or an
 * earthquake-style window), a record holds traces. Times are seconds; positions are metres
 * in the survey's coordinates with z = elevation (positive up).
 */

export interface Position {
  x: number;
  y: number;
  z: number;
}

/** Where a header value came from, so the UI can show headers vs. geometry overrides. */
export type PositionSource = 'header' | 'override' | 'none';

export interface Trace {
  samples: Float32Array;
  /** Seconds between samples. */
  sampleInterval: number;
  /** Time of the first sample relative to the source (trigger) time; negative = pre-trigger. */
  startTime: number;
  /** Component code: 'Z', 'N', 'E', 'X' (SPECFEM2D horizontal), or '' when unknown. */
  component: string;
  /** Channel number as recorded (1-based where the format has one). */
  channel: number;
  receiver: Position | null;
  source: Position | null;
  receiverFrom: PositionSource;
  sourceFrom: PositionSource;
  /** Raw header keys and values, for display (`pickline inspect`, the UI). */
  headers: Record<string, string | number>;
}

/** A reference pick carried by the file itself (PhaseNet's itp/its, for instance). */
export interface FilePick {
  phase: 'P' | 'S';
  /** Index of the trace in the record, or null when it applies to all components. */
  trace: number | null;
  /** Seconds after the source time (same clock as Trace.startTime). */
  time: number;
}

export interface SeismicRecord {
  /** Field record / shot number, file stem, or another id unique within the file. */
  id: string;
  traces: Trace[];
  /** Record-level header keys (acquisition date, stack count, ...). */
  headers: Record<string, string | number>;
  /** Acquisition time (ISO 8601) when the file says. */
  startDate: string | null;
  picks: FilePick[];
  /**
   * The ways the record's timing header can be read, when vendors disagree on it (SEG-2
   * DELAY's sign, SEG-Y's delay and lag fields); the first is the one the traces carry.
   * Absent when the header allows one reading only. Which one is right only the data can
   * tell: see picking/time-base.ts.
   */
  timeReadings?: TimeReading[];
}

/** One reading of a record's timing header. */
export interface TimeReading {
  /** Short name: 'geometrics', 'dmt', 'delay', 'lag', ... */
  name: string;
  /** The header fields and what this reading makes of them, for people. */
  description: string;
  /** First-sample time of each trace of the record under this reading, seconds. */
  startTimes: number[];
}

export type FormatName = 'seg2' | 'segy' | 'su' | 'specfem2d-ascii' | 'npy' | 'npz' | 'mseed';

export interface SeismicFile {
  format: FormatName;
  /** Path as given to the reader. */
  file: string;
  byteOrder: 'big' | 'little' | null;
  records: SeismicRecord[];
  /** Things the reader decided that the user should know (a convention applied, a guess). */
  notes: string[];
}
