import { clippingNote } from '../dsp/clipping';
import { applyGeometry, type GeometryOverrides, type GeometryReport } from '../formats/geometry';
import type { ReadOptions } from '../formats/plugin';
import type { SeismicFile, SeismicRecord } from '../formats/record';
import { readAny } from '../formats/registry';
import { guessLineType, type LineType } from '../picking/line-type';
import {
  decideLineTimeBases,
  decideTimeBase,
  describeTimeBase,
  timeBaseOptionsFor,
  withTimeReading,
  type TimeBaseDecision,
  type TimeBaseOptions,
} from '../picking/time-base';

/**
 * A seismic file as every part of Pickline takes it: read (format by content), geometry
 * overrides applied, and each record's time base decided by its first breaks (see
 * picking/time-base.ts) unless the user named the reading (`--delay` for SEG-2 DELAY).
 * Positions come first because the time base is judged against offsets.
 */

export interface SeismicInputOptions {
  read?: ReadOptions;
  geometry?: GeometryOverrides[];
  /** Default: per record, what its line type allows (timeBaseOptionsFor). */
  timeBase?: TimeBaseOptions;
  /** The line the files record; default: each record's guess from its components. */
  lineType?: LineType;
}

export interface SeismicInput {
  file: SeismicFile;
  /** One per record, in record order. */
  timeBases: TimeBaseDecision[];
  /** What the overrides did, when there were any. */
  geometry: GeometryReport | null;
}

/**
 * The reading the user named for a record, if any: `seg2Delay` names a SEG-2 DELAY reading,
 * which a record without a DELAY (one reading only) has no use for.
 */
function overrideOf(file: SeismicFile, record: SeismicRecord, read: ReadOptions | undefined) {
  const named = file.format === 'seg2' ? read?.seg2Delay : undefined;
  return named && record.timeReadings?.some((r) => r.name === named) ? named : null;
}

/**
 * Applies decisions to a file's records and says in its notes what was decided, and what a
 * crew should know of the records as recorded (clipped channels).
 */
export function settled(file: SeismicFile, timeBases: TimeBaseDecision[]): SeismicFile {
  const notes = timeBases.flatMap((d, i) => {
    const which = file.records.length > 1 ? `record ${file.records[i]!.id}: ` : '';
    const clipped = clippingNote(file.records[i]!.traces);
    return [
      `${which}${describeTimeBase(d)}`,
      ...(d.warning ? [`${which}warning: ${d.warning}`] : []),
      ...(clipped ? [`${which}${clipped}`] : []),
    ];
  });
  return {
    ...file,
    records: file.records.map((r, i) => withTimeReading(r, timeBases[i]!.reading)),
    notes: [...file.notes.filter((n) => !n.startsWith('DELAY read with')), ...notes],
  };
}

/** Each record's time base, decided on its own (the line may settle 'ambiguous' ones). */
export function fileTimeBases(
  file: SeismicFile,
  options: Pick<SeismicInputOptions, 'read' | 'timeBase' | 'lineType'> = {},
): TimeBaseDecision[] {
  return file.records.map((r) => {
    const line = options.lineType ?? guessLineType(r.traces.map((t) => t.component));
    const timeBase = options.timeBase ?? timeBaseOptionsFor(line);
    return decideTimeBase(r, overrideOf(file, r, options.read), timeBase);
  });
}

/** One file read, positioned and timed on its own (its records decide among themselves). */
export function readSeismicInput(path: string, options: SeismicInputOptions = {}): SeismicInput {
  return readSeismicLine([path], options)[0]!.input!;
}

/** A file as read, positioned: the geometry overrides applied, the time base not yet decided. */
function positioned(file: SeismicFile, options: SeismicInputOptions) {
  if (!options.geometry?.length) return { file, geometry: null };
  const applied = applyGeometry(file, options.geometry);
  return { file: applied.file, geometry: applied.report };
}

/**
 * A file already read (an import reads the bytes once, for their hash too), positioned and
 * timed: records that cannot tell their time base alone take the decisions in `votes` (the
 * project's shots, the files before it in this import).
 */
export function timedInput(
  read: SeismicFile,
  options: SeismicInputOptions = {},
  votes: readonly TimeBaseDecision[] = [],
): SeismicInput {
  const { file, geometry } = positioned(read, options);
  const own = fileTimeBases(file, options);
  const timeBases = decideLineTimeBases([...votes, ...own]).slice(votes.length);
  return { file: settled(file, timeBases), timeBases, geometry };
}

/**
 * Files of one line read together, so that a record whose first breaks cannot tell the time
 * base on their own (a shot off the end of the spread) takes the decision of the line's other
 * shots. A file that cannot be read gives its error and the others go on.
 */
export function readSeismicLine(
  paths: readonly string[],
  options: SeismicInputOptions = {},
): { path: string; input?: SeismicInput; error?: Error }[] {
  const read = paths.map((path) => {
    try {
      const { file, geometry } = positioned(readAny(path, options.read ?? {}), options);
      return { path, file, geometry, timeBases: fileTimeBases(file, options) };
    } catch (err) {
      return { path, error: err instanceof Error ? err : new Error(String(err)) };
    }
  });
  const line = decideLineTimeBases(read.flatMap((r) => r.timeBases ?? []));
  let next = 0;
  return read.map((r) => {
    if (!r.file) return { path: r.path, error: r.error! };
    const timeBases = line.slice(next, (next += r.timeBases.length));
    return {
      path: r.path,
      input: { file: settled(r.file, timeBases), timeBases, geometry: r.geometry },
    };
  });
}
