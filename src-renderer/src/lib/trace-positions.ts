import type { GatherTrace } from '../../../src-main/api/contract';

/** What a gather's horizontal axis shows: signed offset (m) or recorder channel. */
export type TraceAxis = 'offset' | 'channel';

type Placed = Pick<GatherTrace, 'offset' | 'channel'>;

/** True when every trace has an offset, so the gather can be drawn against offset. */
export function hasOffsets(traces: readonly Placed[]): boolean {
  return traces.length > 0 && traces.every((t) => t.offset !== null);
}

/** Each trace's position on the horizontal axis. */
export function tracePositions(traces: readonly Placed[], axis: TraceAxis): number[] {
  return traces.map((t) => (axis === 'offset' ? (t.offset ?? t.channel) : t.channel));
}

/**
 * The usual distance between neighbouring traces: the median gap between distinct sorted
 * positions, so one missing station or a doubled receiver does not change the wiggle scale.
 * 1 when there is no gap (a single trace, or all at one position).
 */
export function typicalSpacing(positions: readonly number[]): number {
  const sorted = [...new Set(positions)].sort((a, b) => a - b);
  const gaps = sorted.slice(1).map((x, i) => x - sorted[i]!);
  if (gaps.length === 0) return 1;
  gaps.sort((a, b) => a - b);
  return gaps[Math.floor((gaps.length - 1) / 2)]!;
}

/** Index of the trace nearest to position x (the first of equals); -1 for no traces. */
export function nearestTrace(positions: readonly number[], x: number): number {
  let best = -1;
  let bestDistance = Infinity;
  positions.forEach((p, i) => {
    const d = Math.abs(p - x);
    if (d < bestDistance) {
      best = i;
      bestDistance = d;
    }
  });
  return best;
}
