/**
 * Does a gather's geometry put its source where its first breaks do?
 *
 * First breaks are earliest at the receivers nearest the source and grow with distance from
 * it. A gather whose earliest first breaks lie well away from the receiver nearest the source
 * the headers give, in a valley with later first breaks all round, has a wrong source
 * position: a mistyped coordinate, a scalar read in the wrong units, a shot file paired with
 * another shot's geometry. Offsets, the time base, travel-time QC and the sections all build
 * on that position, so a person should look.
 */
import { median } from './robust-stats';

export interface Point {
  x: number;
  y: number;
}

export interface SourceDoubt {
  /** The receiver where the first breaks are earliest. */
  apex: Point;
  /** m from the source the headers give to that receiver. */
  distance: number;
  /** How much earlier the first break is there than at the receiver nearest the source, s. */
  earlier: number;
}

export interface SourceDoubtOptions {
  /** Receiver spacings the apex may lie from the receiver nearest the source. */
  spacings?: number;
  /** Receiver spacings away from the apex at which every first break must come later. */
  flank?: number;
  /** s: how much later they must be, and how much earlier the apex than the nearest. */
  margin?: number;
}

/**
 * Three spacings of leeway cover a source between stations and near-source first breaks lost
 * in the hammer's noise; receivers four spacings away on every side, later by 2 ms, make a
 * moveout, not a wobble of statics.
 */
const DEFAULTS: Required<SourceDoubtOptions> = { spacings: 3, flank: 4, margin: 0.002 };

const distance = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

/**
 * The doubt about a gather's source position, or null when its first breaks agree with it or
 * are too few to tell. Receivers on a line or on crossing lines alike: distances are in the
 * plane. Picks without a time are left out.
 */
export function sourceDoubt(
  source: Point,
  picks: readonly (Point & { time: number | null })[],
  options: SourceDoubtOptions = {},
): SourceDoubt | null {
  const { spacings, flank, margin } = { ...DEFAULTS, ...options };
  const known = picks.filter((p): p is Point & { time: number } => p.time !== null);
  if (known.length < 2 * flank + 1) return null;
  const spacing = median(
    known.map((p) =>
      known.reduce((d, q) => (q === p ? d : Math.min(d, distance(p, q))), Number.POSITIVE_INFINITY),
    ),
  );
  if (!(spacing > 0 && Number.isFinite(spacing))) return null;
  // The median of a receiver and its neighbours: one stray first break neither makes nor
  // hides an apex.
  const times = known.map((p) =>
    median(known.filter((q) => distance(p, q) <= 1.5 * spacing).map((q) => q.time)),
  );
  let apex = 0;
  let nearest = 0;
  known.forEach((p, i) => {
    // The median flattens a valley's floor: its own first break picks the bottom.
    const [t, floor] = [times[i]!, times[apex]!];
    if (t < floor || (t === floor && p.time < known[apex]!.time)) apex = i;
    if (distance(p, source) < distance(known[nearest]!, source)) nearest = i;
  });
  if (distance(known[apex]!, known[nearest]!) <= spacings * spacing) return null;
  // A valley, later all round: not the end of a spread, where a source off it puts its apex.
  const ring = known.flatMap((p, i) => {
    const d = distance(p, known[apex]!) / spacing;
    return d >= flank - 0.5 && d <= flank + 0.5 ? [times[i]!] : [];
  });
  if (ring.length < 2 || ring.some((t) => t < times[apex]! + margin)) return null;
  const earlier = times[nearest]! - times[apex]!;
  if (earlier < margin) return null;
  const { x, y } = known[apex]!;
  return { apex: { x, y }, distance: distance(known[apex]!, source), earlier };
}

/** What a report says of a doubt: where the first breaks put the source, and how sure. */
export function sourceDoubtLine(doubt: SourceDoubt): string {
  const at =
    doubt.apex.y === 0 ? `x ${fmt(doubt.apex.x)}` : `(${fmt(doubt.apex.x)}, ${fmt(doubt.apex.y)})`;
  return (
    `the first breaks are earliest at the receiver at ${at} m, ${fmt(doubt.distance)} m from ` +
    `the source the headers give, ${(doubt.earlier * 1000).toFixed(1)} ms before the receiver ` +
    'nearest it: check the source position'
  );
}

const fmt = (v: number) => `${+v.toFixed(1)}`;
