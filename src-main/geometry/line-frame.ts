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
  /**
   * A line that bends gently (a road's curve): its stations' path, along which distances are
   * measured (chainage) instead of along the straight line through them.
   */
  path?: LinePath;
}

/** Points in order along the line, and each one's distance along it from the frame's origin. */
export interface LinePath {
  points: PlanePoint[];
  chainage: number[];
}

/** The frame of a line along x: distances along it are its x. */
export const X_AXIS: LineFrame = { origin: { x: 0, y: 0 }, direction: { x: 1, y: 0 } };

/**
 * The frame of a line through `points` (sources and receivers): the straight line through
 * them (X_AXIS when they all share a y), or, where the receiver `stations` stray from it but
 * follow one gentle path (stationPath), that path.
 */
export function lineFrame(
  points: readonly PlanePoint[],
  stations: readonly PlanePoint[] = points,
): LineFrame {
  const chord = straightFrame(points);
  if (chord === X_AXIS || straightness(chord, stations).straight) return chord;
  const path = stationPath(chord, stations);
  return path ? { ...chord, path } : chord;
}

function straightFrame(points: readonly PlanePoint[]): LineFrame {
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

/** Stations averaged over this many neighbours make the path: a GPS's scatter is smoothed. */
const PATH_SMOOTHING = 5;
/**
 * A path is taken where, between any two stations, distance along it and in the plane agree
 * to this share: a 2-D section puts stations that far apart while the rays run straight, so
 * its speeds are off by up to that much (a chord puts the ends of a 96 m arc of 150 m radius
 * 5 % too close, the arc 1.6 % too far).
 */
const PATH_TOLERANCE = 0.03;
/** A step between stations along the chord longer than this many spacings breaks the path. */
const PATH_JUMP = 2.5;

/**
 * The stations' path: distinct stations in order along the chord, averaged over their
 * neighbours, when they make one run without jumps (a crossed layout's legs interleave along
 * the chord and jump from one to the other) whose distances between any two stations along
 * it are those in the plane within PATH_TOLERANCE (a gentle bend: a 96 m arc of 150 m radius
 * is 1.6 % longer than its chord; an L-shaped layout's legs are 40 % further apart along it,
 * a bend of 30° in the middle 3.5 %).
 * Its chainage is measured from the chord's origin, projected on it.
 */
function stationPath(chord: LineFrame, stations: readonly PlanePoint[]): LinePath | null {
  const distinct = [
    ...new Map(stations.map((p) => [`${p.x.toFixed(2)},${p.y.toFixed(2)}`, p])).values(),
  ].sort((a, b) => alongChord(chord, a) - alongChord(chord, b));
  const spacing = stationSpacing(distinct);
  if (distinct.length < 3 || spacing === null) return null;
  for (let i = 1; i < distinct.length; i++) {
    const [a, b] = [distinct[i - 1]!, distinct[i]!];
    if (Math.hypot(b.x - a.x, b.y - a.y) > PATH_JUMP * spacing) return null;
  }
  const half = Math.floor(PATH_SMOOTHING / 2);
  const points = distinct.map((_, i) => {
    // A window that shrinks towards the ends, so that the end stations stay where they are.
    const reach = Math.min(half, i, distinct.length - 1 - i);
    const window = distinct.slice(i - reach, i + reach + 1);
    return {
      x: window.reduce((s, p) => s + p.x, 0) / window.length,
      y: window.reduce((s, p) => s + p.y, 0) / window.length,
    };
  });
  const chainage = [0];
  for (let i = 1; i < points.length; i++) {
    const [a, b] = [points[i - 1]!, points[i]!];
    chainage.push(chainage[i - 1]! + Math.hypot(b.x - a.x, b.y - a.y));
  }
  // Measured from the frame's origin, as along the chord: the first point along the line.
  const start = onPath({ points, chainage }, chord.origin).along;
  const path = { points, chainage: chainage.map((c) => c - start) };
  const along = distinct.map((p) => onPath(path, p).along);
  for (let i = 0; i < distinct.length; i++) {
    for (let j = i + 1; j < distinct.length; j++) {
      const [a, b] = [distinct[i]!, distinct[j]!];
      const plane = Math.hypot(b.x - a.x, b.y - a.y);
      if (Math.abs(Math.abs(along[j]! - along[i]!) - plane) > PATH_TOLERANCE * plane) return null;
    }
  }
  return path;
}

/**
 * Where p lies on the path: its distance along it and from it (positive to the left), on
 * the nearest segment; the first and last segments run on past the ends (a source off the
 * end of the spread).
 */
function onPath(path: LinePath, p: PlanePoint): { along: number; across: number } {
  const { points, chainage } = path;
  let best = { along: 0, across: 0, distance: Infinity };
  for (let k = 0; k + 1 < points.length; k++) {
    const [a, b] = [points[k]!, points[k + 1]!];
    const length = Math.hypot(b.x - a.x, b.y - a.y);
    if (length === 0) continue;
    const u = { x: (b.x - a.x) / length, y: (b.y - a.y) / length };
    let t = (p.x - a.x) * u.x + (p.y - a.y) * u.y;
    if (k > 0) t = Math.max(0, t);
    if (k + 2 < points.length) t = Math.min(length, t);
    const foot = { x: a.x + t * u.x, y: a.y + t * u.y };
    const distance = Math.hypot(p.x - foot.x, p.y - foot.y);
    if (distance < best.distance) {
      best = {
        along: chainage[k]! + t,
        across: (p.y - a.y) * u.x - (p.x - a.x) * u.y,
        distance,
      };
    }
  }
  return best;
}

function alongChord(frame: LineFrame, p: PlanePoint): number {
  const { origin, direction } = frame;
  return (p.x - origin.x) * direction.x + (p.y - origin.y) * direction.y;
}

/** Distance along the line from its origin, m (along its path where it has one). */
export function alongLine(frame: LineFrame, p: PlanePoint): number {
  return frame.path ? onPath(frame.path, p).along : alongChord(frame, p);
}

/** Distance from the line, m, positive to its left. */
export function acrossLine(frame: LineFrame, p: PlanePoint): number {
  if (frame.path) return onPath(frame.path, p).across;
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
 * How far `points` stray from the line (its path where it has one), m, and whether they still
 * follow it: a GPS's scatter about a line is a metre or two, so within 2 m, or 2 % of the
 * line's length, they do.
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
