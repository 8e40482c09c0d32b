import type { TravelTimePoint } from '../../../src-main/api/contract';

/** What the travel-time view's horizontal axis shows. */
export type TravelTimeAxis = 'receiver' | 'offset';

export interface TravelTimeLine {
  shotId: number;
  sourceX: number | null;
  /** One point per trace, by position along the axis. */
  points: (TravelTimePoint & { position: number })[];
}

const ORIGIN_RANK = { manual: 0, imported: 1, pseudo: 2, auto: 3 } as const;

/**
 * Whether pick `a` is the one to show for its trace rather than `b`: the person's pick over
 * imported and network ones, an accepted pick over a proposal, then the newer.
 */
function preferred(a: TravelTimePoint, b: TravelTimePoint): boolean {
  if (ORIGIN_RANK[a.origin] !== ORIGIN_RANK[b.origin]) {
    return ORIGIN_RANK[a.origin] < ORIGIN_RANK[b.origin];
  }
  if ((a.status === 'accepted') !== (b.status === 'accepted')) return a.status === 'accepted';
  return a.pickId > b.pickId;
}

/**
 * The curves of the travel-time view: per shot, one pick per trace (see `preferred`), rejected
 * picks left out (they go to no inversion), ordered along the axis. Picks without a receiver
 * position (or, against offset, without a source position) cannot be placed and are counted.
 */
export function travelTimeLines(
  points: readonly TravelTimePoint[],
  axis: TravelTimeAxis,
): { lines: TravelTimeLine[]; unplaced: number; rejected: number } {
  const byTrace = new Map<number, TravelTimePoint & { position: number }>();
  let unplaced = 0;
  let rejected = 0;
  for (const p of points) {
    if (p.status === 'rejected') {
      rejected++;
      continue;
    }
    const position = axis === 'receiver' ? p.receiverX : p.offset;
    if (position === null) {
      unplaced++;
      continue;
    }
    const held = byTrace.get(p.traceId);
    if (!held || preferred(p, held)) byTrace.set(p.traceId, { ...p, position });
  }
  const byShot = new Map<number, TravelTimeLine>();
  for (const p of byTrace.values()) {
    let line = byShot.get(p.shotId);
    if (!line) {
      line = { shotId: p.shotId, sourceX: p.sourceX, points: [] };
      byShot.set(p.shotId, line);
    }
    line.points.push(p);
  }
  const lines = [...byShot.values()].sort((a, b) => a.shotId - b.shotId);
  for (const line of lines) line.points.sort((a, b) => a.position - b.position);
  return { lines, unplaced, rejected };
}
