/**
 * Stations: the positions along the line where a source or a receiver stood. A shot fired at
 * a receiver's position shares that receiver's ground, so both share one station (and one
 * time term); positions closer than `POSITION_TOLERANCE` are one station.
 */
import type { LayerPick } from './layer-picks';

/** Survey positions are written to the centimetre at best. */
export const POSITION_TOLERANCE = 0.01;

export interface Station {
  x: number;
  /** Surface elevation, m: see `indexStations` for stations without one. */
  z: number;
}

export interface StationIndex {
  /** Ascending in x. */
  stations: Station[];
  /** Per pick, in input order: the index of its source's and its receiver's station. */
  source: Int32Array;
  receiver: Int32Array;
}

/**
 * The stations of the picks. A station's elevation is the mean of the finite ones given for
 * it; one without any is interpolated along the line between its neighbours (held level past
 * the ends), and a line without any elevation is flat at 0.
 */
export function indexStations(picks: readonly LayerPick[]): StationIndex {
  const byKey = new Map<number, { x: number; zSum: number; zCount: number }>();
  const visit = (x: number, z: number): number => {
    const key = Math.round(x / POSITION_TOLERANCE);
    let entry = byKey.get(key);
    if (!entry) {
      entry = { x, zSum: 0, zCount: 0 };
      byKey.set(key, entry);
    }
    if (Number.isFinite(z)) {
      entry.zSum += z;
      entry.zCount++;
    }
    return key;
  };
  const sourceKeys = picks.map((p) => visit(p.shotX, p.shotZ));
  const receiverKeys = picks.map((p) => visit(p.receiverX, p.receiverZ));
  const keys = [...byKey.keys()].sort((a, b) => a - b);
  const indexOf = new Map(keys.map((k, i) => [k, i]));
  const x = keys.map((k) => byKey.get(k)!.x);
  const known = keys.map((k) => {
    const e = byKey.get(k)!;
    return e.zCount > 0 ? e.zSum / e.zCount : NaN;
  });
  const z = fillAlongLine(x, known);
  return {
    stations: x.map((xi, i) => ({ x: xi, z: z[i]! })),
    source: Int32Array.from(sourceKeys, (k) => indexOf.get(k)!),
    receiver: Int32Array.from(receiverKeys, (k) => indexOf.get(k)!),
  };
}

/**
 * Values along the line (x ascending) with the NaN ones interpolated linearly between the
 * nearest finite neighbours and held level past the ends; all 0 when none is finite.
 */
function fillAlongLine(x: readonly number[], values: readonly number[]): number[] {
  const known = values.flatMap((v, i) => (Number.isFinite(v) ? [i] : []));
  if (known.length === 0) return values.map(() => 0);
  return values.map((v, i) => (Number.isFinite(v) ? v : interpolateAt(x, values, known, x[i]!)));
}

/** Linear interpolation at `at` through the points `known` (indices, x ascending). */
export function interpolateAt(
  x: readonly number[],
  values: readonly number[],
  known: readonly number[],
  at: number,
): number {
  const first = known[0]!;
  const last = known.at(-1)!;
  if (at <= x[first]!) return values[first]!;
  if (at >= x[last]!) return values[last]!;
  let hi = 1;
  while (x[known[hi]!]! < at) hi++;
  const a = known[hi - 1]!;
  const b = known[hi]!;
  return values[a]! + ((values[b]! - values[a]!) * (at - x[a]!)) / (x[b]! - x[a]!);
}
