/**
 * Where along a seismic line a point lies. Field geometry comes in map coordinates (eastings
 * and northings from a GPS or a total station, as formikoj's), while offsets, travel-time
 * plots, QC fits and 2-D sections want distances along the line: `receiver x - source x` is
 * that only for a line that runs along x. The frame of a line is its stations' principal
 * direction; a line along x keeps its x, any other is measured from its first station along
 * that direction.
 */

import { median } from '../qc/robust-stats';

export interface PlanePoint {
  x: number;
  y: number;
}

export interface LineFrame {
  origin: PlanePoint;
  /** Unit vector along the line, pointing towards +x (+y for a line along y). */
  direction: PlanePoint;
}

/** The frame of a line along x: distances along it are its x. */
export const X_AXIS: LineFrame = { origin: { x: 0, y: 0 }, direction: { x: 1, y: 0 } };

/** The frame of a line through `points` (sources and receivers); X_AXIS when they all share a y. */
export function lineFrame(points: readonly PlanePoint[]): LineFrame {
  if (points.length < 2 || points.every((p) => p.y === points[0]!.y)) return X_AXIS;
  const n = points.length;
  const mx = points.reduce((s, p) => s + p.x, 0) / n;
  const my = points.reduce((s, p) => s + p.y, 0) / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (const p of points) {
    sxx += (p.x - mx) ** 2;
    syy += (p.y - my) ** 2;
    sxy += (p.x - mx) * (p.y - my);
  }
  // The principal axis of the points' spread.
  const angle = 0.5 * Math.atan2(2 * sxy, sxx - syy);
  let direction = { x: Math.cos(angle), y: Math.sin(angle) };
  if (direction.x < -1e-12 || (Math.abs(direction.x) <= 1e-12 && direction.y < 0)) {
    direction = { x: -direction.x, y: -direction.y };
  }
  const first = points.reduce((a, p) => (project(p, direction) < project(a, direction) ? p : a));
  return { origin: { x: first.x, y: first.y }, direction };
}

const project = (p: PlanePoint, d: PlanePoint) => p.x * d.x + p.y * d.y;

/** Distance along the line from its origin, m. */
export function alongLine(frame: LineFrame, p: PlanePoint): number {
  const { origin, direction } = frame;
  return (p.x - origin.x) * direction.x + (p.y - origin.y) * direction.y;
}

/** Distance from the line, m, positive to its left. */
export function acrossLine(frame: LineFrame, p: PlanePoint): number {
  const { origin, direction } = frame;
  return (p.y - origin.y) * direction.x - (p.x - origin.x) * direction.y;
}

/**
 * Source-receiver distance in the plane, negative where the receiver lies before the source
 * along the line: the offset of a travel-time plot, right in size off the line too (a
 * crossing line's receivers).
 */
export function signedOffset(frame: LineFrame, source: PlanePoint, receiver: PlanePoint): number {
  const distance = Math.hypot(receiver.x - source.x, receiver.y - source.y);
  return alongLine(frame, receiver) < alongLine(frame, source) ? -distance : distance;
}

/**
 * The typical distance between neighbouring stations: the median, over distinct positions, of
 * the distance to the nearest other one; null with fewer than two.
 */
export function stationSpacing(points: readonly PlanePoint[]): number | null {
  const distinct = [...new Map(points.map((p) => [`${p.x},${p.y}`, p])).values()];
  if (distinct.length < 2) return null;
  const nearest = distinct.map((p) =>
    distinct.reduce(
      (d, q) => (q === p ? d : Math.min(d, Math.hypot(q.x - p.x, q.y - p.y))),
      Number.POSITIVE_INFINITY,
    ),
  );
  return median(nearest);
}

/**
 * How far `points` stray from the line, m, and whether that is still a straight line: a GPS's
 * scatter about one is a metre or two, so within 2 m, or 2 % of the line's length, it is.
 */
export function straightness(
  frame: LineFrame,
  points: readonly PlanePoint[],
): { across: number; straight: boolean } {
  let across = 0;
  let [first, last] = [Infinity, -Infinity];
  for (const p of points) {
    const at = alongLine(frame, p);
    across = Math.max(across, Math.abs(acrossLine(frame, p)));
    [first, last] = [Math.min(first, at), Math.max(last, at)];
  }
  const straight = across <= STRAIGHT.metres || across <= STRAIGHT.share * (last - first);
  return { across, straight };
}

const STRAIGHT = { metres: 2, share: 0.02 };
