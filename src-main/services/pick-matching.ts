import type { Pick } from '../export/pick-table';
import type { Position } from '../formats/record';

/**
 * Which of a project's traces a pick from another program belongs to, by the positions of its
 * source and receiver. Pure: the service hands in the traces and writes what comes out.
 *
 * Two ways to compare positions:
 * - `position`: x, y and z each within the tolerance (the project and the file agree on the
 *   survey's coordinates, elevations included);
 * - `along-line`: x and y only, for a project without elevations (SEG-2 headers of many field
 *   lines carry none) and a file that has them (Refrapy writes a line with topography as
 *   `#x y`, y = elevation): the picks land by their place along the line, and the file's
 *   elevations can then be adopted into the project's geometry.
 */

export type MatchMode = 'position' | 'along-line';

export interface MatchTrace {
  id: number;
  shotId: number;
  recordId: string;
  source: Position | null;
  receiver: Position | null;
}

export interface MatchedPick {
  /** Index into the table that was matched. */
  index: number;
  trace: MatchTrace;
}

export interface MatchResult {
  matched: MatchedPick[];
  /** Why each pick that did not match did not, one entry per pick. */
  reasons: string[];
}

function near(a: Position, b: Position | null, tolerance: number, mode: MatchMode): boolean {
  return (
    b !== null &&
    Math.abs(a.x - b.x) <= tolerance &&
    Math.abs(a.y - b.y) <= tolerance &&
    (mode === 'along-line' || Math.abs(a.z - b.z) <= tolerance)
  );
}

/** True when no source or receiver of the traces has an elevation other than 0. */
export function withoutElevations(traces: readonly MatchTrace[]): boolean {
  return traces.every((t) => (t.source?.z ?? 0) === 0 && (t.receiver?.z ?? 0) === 0);
}

/** True when some pick of the table has a source or receiver elevation other than 0. */
export function hasElevations(table: readonly Pick[]): boolean {
  return table.some((p) => p.source.z !== 0 || p.receiver.z !== 0);
}

/**
 * Each pick's trace: the one whose source and receiver are both near the pick's. Repeated shots
 * at one position are told apart by the pick's shot id when it has one. `owner` maps a trace to
 * the trace its receiver's picks live on (a 3-component receiver's components share one), so
 * components at one position are one receiver, not an ambiguity.
 */
export function matchPicks(
  table: readonly Pick[],
  traces: readonly MatchTrace[],
  options: { tolerance: number; mode: MatchMode; owner: (traceId: number) => number },
): MatchResult {
  const { tolerance, mode, owner } = options;
  // Shots first (a few hundred), then their traces: a line of 10,000 picks on 10,000 traces
  // compares each pick with a few hundred positions instead of every trace.
  const shots = new Map<number, { source: Position | null; traces: MatchTrace[] }>();
  for (const t of traces) {
    const shot = shots.get(t.shotId);
    if (shot) shot.traces.push(t);
    else shots.set(t.shotId, { source: t.source, traces: [t] });
  }
  const within = mode === 'along-line' ? `${tolerance} m along the line` : `${tolerance} m`;
  const matched: MatchedPick[] = [];
  const reasons: string[] = [];
  table.forEach((pick, index) => {
    const found: MatchTrace[] = [];
    for (const shot of shots.values()) {
      if (!near(pick.source, shot.source, tolerance, mode)) continue;
      for (const t of shot.traces)
        if (near(pick.receiver, t.receiver, tolerance, mode)) found.push(t);
    }
    const candidates =
      found.length > 1 && pick.shot !== null
        ? found.filter((t) => t.recordId === pick.shot)
        : found;
    const receivers = new Map<number, MatchTrace>();
    for (const t of candidates) {
      const key = owner(t.id);
      if (!receivers.has(key)) receivers.set(key, t);
    }
    if (receivers.size === 1) {
      matched.push({ index, trace: [...receivers.values()][0]! });
    } else if (receivers.size === 0) {
      reasons.push(`no trace with that source and receiver position (within ${within})`);
    } else {
      reasons.push(`${receivers.size} traces share that source and receiver position`);
    }
  });
  return { matched, reasons };
}

/** One position's elevation as a matched pick gives it. */
export interface AdoptedElevation {
  /** The project's position (as stored), whose elevation becomes `z`. */
  x: number;
  y: number;
  z: number;
}

/**
 * The elevations a file gives the project's sources and receivers, from its matched picks:
 * one per project position (the first pick's; later picks that disagree by more than
 * `tolerance` are counted as conflicts, since a file lists each sensor once).
 */
export function adoptedElevations(
  table: readonly Pick[],
  matched: readonly MatchedPick[],
  tolerance: number,
): { sources: AdoptedElevation[]; receivers: AdoptedElevation[]; conflicts: number } {
  const sources = new Map<string, AdoptedElevation>();
  const receivers = new Map<string, AdoptedElevation>();
  let conflicts = 0;
  const adopt = (into: Map<string, AdoptedElevation>, at: Position | null, z: number) => {
    if (!at) return;
    const key = `${at.x},${at.y}`;
    const held = into.get(key);
    if (!held) into.set(key, { x: at.x, y: at.y, z });
    else if (Math.abs(held.z - z) > tolerance) conflicts++;
  };
  for (const { index, trace } of matched) {
    const pick = table[index]!;
    adopt(sources, trace.source, pick.source.z);
    adopt(receivers, trace.receiver, pick.receiver.z);
  }
  return { sources: [...sources.values()], receivers: [...receivers.values()], conflicts };
}
