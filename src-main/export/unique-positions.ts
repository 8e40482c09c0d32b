import type { Position } from '../formats/record';
import { positionKey } from './pick-table';

/**
 * One list of unique positions, sorted by x, then y, then z, and the index of every input
 * position in it. Positions closer than `tolerance` (metres, 3-D distance) are one: the first
 * seen stands for the others. pyGIMLi itself snaps sensors closer than 1 mm on load, so a
 * writer that merged less would see its indices remapped there; one that merges here decides
 * which position survives and can say so.
 */
export function uniquePositions(
  positions: readonly Position[],
  tolerance: number,
): { unique: Position[]; indexOf: number[] } {
  if (!(tolerance >= 0)) throw new RangeError(`tolerance must be ≥ 0 m, got ${tolerance}`);
  const kept: Position[] = [];
  const exact = new Map<string, number>();
  const found = positions.map((p) => {
    const key = positionKey(p);
    const same = exact.get(key);
    if (same !== undefined) return same;
    let nearest = -1;
    let best = tolerance;
    kept.forEach((k, i) => {
      const d = Math.hypot(p.x - k.x, p.y - k.y, p.z - k.z);
      if (d < best) [nearest, best] = [i, d];
    });
    if (nearest < 0) {
      nearest = kept.length;
      kept.push({ x: p.x + 0, y: p.y + 0, z: p.z + 0 });
    }
    exact.set(key, nearest);
    return nearest;
  });
  const order = kept.map((_, i) => i).sort((a, b) => compare(kept[a]!, kept[b]!));
  const rank = new Array<number>(kept.length);
  order.forEach((k, r) => (rank[k] = r));
  return { unique: order.map((k) => kept[k]!), indexOf: found.map((k) => rank[k]!) };
}

function compare(a: Position, b: Position): number {
  return a.x - b.x || a.y - b.y || a.z - b.z;
}
