import type { Phase } from '../metrics/scores';
import { groupByShot, type Pick, type PickTable } from './pick-table';
import { maxOf, minOf } from '../numeric/extent';

/**
 * A readable summary of a pick table, one paragraph per shot in order of appearance, for a
 * user to check an export or an import at a glance before trusting it to an inversion:
 *
 *   Shot 2001: source at x -20, y 0, z 0 m
 *     P: 24 picks, 54.43–98.1 ms, offsets 20–112 m, uncertainty median 1 ms
 *     S: no picks
 *   5 shots, 120 P picks, 0 S picks
 *
 * Times in milliseconds and lengths in metres, rounded to 0.01 (a summary, not a record).
 */

function rounded(value: number): string {
  // `+ 0` folds the −0 that toFixed can give back into 0.
  return String(Number(value.toFixed(2)) + 0);
}

function range(values: number[], unit: string): string {
  const low = minOf(values);
  const high = maxOf(values);
  return low === high ? `${rounded(low)} ${unit}` : `${rounded(low)}–${rounded(high)} ${unit}`;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function phaseLine(phase: Phase, picks: Pick[]): string {
  if (picks.length === 0) return `  ${phase}: no picks`;
  const offsets = picks.map((p) =>
    Math.hypot(p.receiver.x - p.source.x, p.receiver.y - p.source.y, p.receiver.z - p.source.z),
  );
  const known = picks.flatMap((p) => (p.uncertainty === null ? [] : [p.uncertainty * 1000]));
  const unknown = picks.length - known.length;
  const uncertainty =
    known.length === 0
      ? 'no uncertainty'
      : `uncertainty median ${rounded(median(known))} ms` +
        (unknown > 0 ? ` (${unknown} without)` : '');
  return (
    `  ${phase}: ${picks.length} pick${picks.length === 1 ? '' : 's'}, ` +
    `${range(
      picks.map((p) => p.time * 1000),
      'ms',
    )}, offsets ${range(offsets, 'm')}, ${uncertainty}`
  );
}

export function summarizePicks(table: PickTable): string {
  const lines: string[] = [];
  const shots = groupByShot(table);
  for (const shot of shots) {
    const picks = shot.picks.map((i) => table[i]!);
    const s = picks[0]!.source;
    const where = `source at x ${rounded(s.x)}, y ${rounded(s.y)}, z ${rounded(s.z)} m`;
    lines.push(shot.shot === null ? `Unnamed shot: ${where}` : `Shot ${shot.shot}: ${where}`);
    for (const phase of ['P', 'S'] as const) {
      lines.push(
        phaseLine(
          phase,
          picks.filter((p) => p.phase === phase),
        ),
      );
    }
  }
  const count = (phase: Phase) => table.filter((p) => p.phase === phase).length;
  lines.push(
    `${shots.length} shot${shots.length === 1 ? '' : 's'}, ${count('P')} P picks, ${count('S')} S picks`,
  );
  return lines.join('\n') + '\n';
}
