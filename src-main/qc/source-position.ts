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
  /**
   * Whether an apex at the end of a spread counts, with later first breaks on the one side
   * there is. A QC report leaves it out (the end of a spread is where a source off it puts
   * the apex); a picker, which only loosens its search with it, takes it.
   */
  ends?: boolean;
}

/**
 * Three spacings of leeway cover a source between stations and near-source first breaks lost
 * in the hammer's noise; receivers four spacings away on every side, later by 2 ms, make a
 * moveout, not a wobble of statics.
 */
const DEFAULTS: Required<SourceDoubtOptions> = {
  spacings: 3,
  flank: 4,
  margin: 0.002,
  ends: false,
};

const distance = (a: Point, b: Point) => Math.hypot(a.x - b.x, a.y - b.y);

/** A gather's earliest first break: where it is, and what the reading of it rests on. */
interface Apex {
  /** Index into the known picks. */
  at: number;
  known: (Point & { time: number })[];
  /** Each known pick's time as the median of it and its neighbours. */
  times: number[];
  spacing: number;
}

/**
 * The receiver where a gather's first breaks are earliest (medians of neighbours: one stray
 * first break neither makes nor hides it), or null when they are too few to tell.
 */
function earliestReceiver(
  picks: readonly (Point & { time: number | null })[],
  flank: number,
): Apex | null {
  const known = picks.filter((p): p is Point & { time: number } => p.time !== null);
  if (known.length < 2 * flank + 1) return null;
  const spacing = median(
    known.map((p) =>
      known.reduce((d, q) => (q === p ? d : Math.min(d, distance(p, q))), Number.POSITIVE_INFINITY),
    ),
  );
  if (!(spacing > 0 && Number.isFinite(spacing))) return null;
  const around = known.map((p) =>
    known.filter((q) => distance(p, q) <= 1.5 * spacing).map((q) => q.time),
  );
  const times = around.map(median);
  const means = around.map((t) => t.reduce((a, b) => a + b, 0) / t.length);
  let at = 0;
  known.forEach((p, i) => {
    // The median flattens a valley's floor: of the receivers on it, the one whose
    // neighbours are earliest on average is the bottom (a source between two receivers
    // makes both early; one stray early pick beside a flank does not), then its own time.
    const [t, floor] = [times[i]!, times[at]!];
    const lower = means[i]! < means[at]! || (means[i] === means[at] && p.time < known[at]!.time);
    if (t < floor || (t === floor && lower)) at = i;
  });
  return { at, known, times, spacing };
}

/** Times `flank` spacings from the apex; each must be `margin` later for a moveout. */
function ringLater(apex: Apex, flank: number, margin: number): boolean[] {
  const { at, known, times, spacing } = apex;
  return known.flatMap((p, i) => {
    const d = distance(p, known[at]!) / spacing;
    return d >= flank - 0.5 && d <= flank + 0.5 ? [times[i]! >= times[at]! + margin] : [];
  });
}

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
  const { spacings, flank, margin, ends } = { ...DEFAULTS, ...options };
  const apex = earliestReceiver(picks, flank);
  if (!apex) return null;
  const { at, known, times, spacing } = apex;
  const nearest = known.reduce(
    (n, p, i) => (distance(p, source) < distance(known[n]!, source) ? i : n),
    0,
  );
  if (distance(known[at]!, known[nearest]!) <= spacings * spacing) return null;
  // A valley, later all round (or on the one side at an end, if told).
  const ring = ringLater(apex, flank, margin);
  if (ring.length < (ends ? 1 : 2) || ring.includes(false)) return null;
  const earlier = times[nearest]! - times[at]!;
  if (earlier < margin) return null;
  const { x, y } = known[at]!;
  return { apex: { x, y }, distance: distance(known[at]!, source), earlier };
}

/**
 * Where a gather's first breaks put its source, whatever its headers say: the receiver where
 * they are earliest, when they come later on every side four spacings away (or on the one
 * side there is, at the end of a spread); null when they do not (too few, or flat: a
 * trigger's crosstalk at one time on every trace is no source).
 */
export function firstBreakApex(
  picks: readonly (Point & { time: number | null })[],
  options: Omit<SourceDoubtOptions, 'spacings' | 'ends'> = {},
): Point | null {
  const { flank, margin } = { ...DEFAULTS, ...options };
  const apex = earliestReceiver(picks, flank);
  if (!apex) return null;
  const ring = ringLater(apex, flank, margin);
  if (ring.length < 1 || ring.includes(false)) return null;
  const { x, y } = apex.known[apex.at]!;
  return { x, y };
}

/**
 * A gather a picker read with its source where its first breaks put it (`at`, a receiver),
 * not where its headers do: because they put it away from the headers' (`apex`, a
 * SourceDoubt), or because they came earlier than the headers' offsets / v_max allow (`cut`).
 */
export interface SourceMove {
  at: Point;
  why: 'apex' | 'cut';
}

/** What a report says of a doubt: where the first breaks put the source, and how sure. */
export function sourceDoubtLine(doubt: SourceDoubt, pickedThere = false): string {
  return (
    `the first breaks are earliest at the receiver at ${place(doubt.apex)} m, ` +
    `${fmt(doubt.distance)} m from the source the headers give, ` +
    `${(doubt.earlier * 1000).toFixed(1)} ms before the receiver nearest it: check the source ` +
    'position' +
    (pickedThere ? '; picked with the source at that receiver' : '')
  );
}

/**
 * What a picking report says of a gather's source against its first breaks: the doubt, and
 * whether the picks were made with the source there; or, without a doubt, why the source was
 * moved. Null when there is nothing to say.
 */
export function sourceCheckLine(doubt: SourceDoubt | null, move: SourceMove | null): string | null {
  if (doubt) return sourceDoubtLine(doubt, move !== null);
  if (!move) return null;
  const at = place(move.at);
  return move.why === 'cut'
    ? 'the first breaks come earlier than the offsets the headers give allow (at v_max): ' +
        `picked with the source at the receiver at ${at} m, where they are earliest; check ` +
        'the source position and the trigger'
    : `picked with the source at the receiver at ${at} m, where the first breaks are ` +
        'earliest: check the source position';
}

const place = (p: Point) => (p.y === 0 ? `x ${fmt(p.x)}` : `(${fmt(p.x)}, ${fmt(p.y)})`);
const fmt = (v: number) => `${+v.toFixed(1)}`;
