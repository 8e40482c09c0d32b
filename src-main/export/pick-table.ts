import type { Position } from '../formats/record';
import type { Phase } from '../metrics/scores';

/**
 * The neutral in-memory form every pick exchange format is written from and read into,
 * independent of the catalogue: a service maps catalogue rows onto it and back.
 *
 * Positions are metres in the survey's coordinates, as everywhere in Pickline: x along the
 * line (or easting), y across it (or northing; 0 on a 2-D line), z elevation, positive up.
 * Formats for 2-D lines (pyGIMLi `#x y`, SeisImager) need x to be the distance along the
 * line, so a service projects a crooked line before writing them.
 */
export interface Pick {
  source: Position;
  receiver: Position;
  phase: Phase;
  /** Seconds after the source time. */
  time: number;
  /** Seconds, absolute (one standard error); null = not known. */
  uncertainty: number | null;
  /** The shot's identifier (file name, FFID, shot-point number); null when a format has none. */
  shot: string | null;
  /** 0-based trace index within the shot's record; null when a format has none. */
  trace: number | null;
}

export type PickTable = readonly Pick[];

/** A pick a writer left out, with why (the index is into the table it was given). */
export interface SkippedPick {
  index: number;
  reason: string;
}

/** What every writer reports beside its text, so an export can say what went out. */
export interface WriteReport {
  written: number;
  skipped: SkippedPick[];
}

function checkPosition(p: Position, what: string, index: number): void {
  for (const axis of ['x', 'y', 'z'] as const) {
    if (!Number.isFinite(p[axis])) {
      throw new RangeError(
        `pick ${index}: ${what} ${axis} must be a finite number, got ${p[axis]}`,
      );
    }
  }
}

/**
 * Refuses a table no format could hold: writers call it first, so a NaN never reaches a file
 * as the text "NaN" that the inversion software would choke on later.
 */
export function checkPickTable(table: PickTable): void {
  table.forEach((p, i) => {
    checkPosition(p.source, 'source', i);
    checkPosition(p.receiver, 'receiver', i);
    if (p.phase !== 'P' && p.phase !== 'S') {
      throw new RangeError(`pick ${i}: phase must be P or S, got ${String(p.phase)}`);
    }
    if (!Number.isFinite(p.time)) {
      throw new RangeError(`pick ${i}: time must be a finite number, got ${p.time}`);
    }
    if (p.uncertainty !== null && !(Number.isFinite(p.uncertainty) && p.uncertainty >= 0)) {
      throw new RangeError(`pick ${i}: uncertainty must be ≥ 0 or null, got ${p.uncertainty}`);
    }
    if (p.trace !== null && !(Number.isSafeInteger(p.trace) && p.trace >= 0)) {
      throw new RangeError(`pick ${i}: trace must be a 0-based index or null, got ${p.trace}`);
    }
  });
}

/** The positions' key for exact grouping; `+ 0` folds −0 into 0, which every file writes alike. */
export function positionKey(p: Position): string {
  return `${p.x + 0},${p.y + 0},${p.z + 0}`;
}

/**
 * Picks grouped by shot in order of first appearance: by identifier when there is one, else by
 * source position, and never across different source positions (a repeated shot at another
 * place is another gather). Each group keeps the picks' indices into the table.
 */
export function groupByShot(table: PickTable): { shot: string | null; picks: number[] }[] {
  const groups = new Map<string, { shot: string | null; picks: number[] }>();
  table.forEach((p, i) => {
    const key = JSON.stringify([p.shot, positionKey(p.source)]);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { shot: p.shot, picks: [] }));
    group.picks.push(i);
  });
  return [...groups.values()];
}
