import { firstBreakApex, sourceDoubt, type Point, type SourceMove } from '../../qc/source-position';
import type { PhasePick } from '../peaks';
import { firstSampleAtOrAfter } from '../search-start';
import { gatherPicks, type GatherPickOptions, type GatherReceiver } from './gather-picks';

/**
 * May a gather's picking lean on the source position its headers give? Offsets from it set
 * where each trace's search starts (offset / v_max), which way the path may not step back and
 * how the neighbour stacks run, so a wrong one (a mistyped coordinate, another shot's
 * geometry) makes the picks near the true source late. The first breaks tell, and where they
 * disagree the gather is picked again with its source at the receiver where they are
 * earliest (a SourceMove):
 *
 * - `apex`: the first breaks are earliest away from the headers' source
 *   (qc/source-position.ts: a QC report's doubt, or the same at an end of the spread);
 * - `cut`: the network sees a clear first break between the shot and the search start on
 *   several receivers, so the offsets are too long for the arrivals (with a v_max no ground
 *   beats: a slower one a person set is their choice). Those picks are no
 *   evidence, so the gather is picked again from the shot on, and those first breaks must
 *   show where the source is: away from the headers' (`apex`), or at the receiver where they
 *   are earliest, later all round. Without that (a trigger's crosstalk at one time on every
 *   trace looks like a cut first break too) the headers stand.
 *
 * Offsets from the receiver where the first breaks are earliest are off by its distance from
 * the true source, a spacing at most on a line, and shorter than the true ones for a source
 * off the line: the search start stays loose.
 */

/** A probability the network gives only to a clear arrival: the path's anchors'. */
const CLEAR = 0.5;

/**
 * Receivers with a clear first break before their search start that make a gather's offsets
 * suspect: one could be noise, three in a gather are not.
 */
export const CUT_RECEIVERS = 3;

/**
 * Whether the network sees a clear arrival after the shot and before the receiver's search
 * start, clearer than its pick.
 */
export function cutBySearchStart(r: GatherReceiver, pick: PhasePick | null): boolean {
  const shot = firstSampleAtOrAfter(0, r.startTime, r.dt);
  const from = firstSampleAtOrAfter(r.earliest, r.startTime, r.dt);
  let clearest = 0;
  for (let k = shot; k < Math.min(from, r.p.length); k++) clearest = Math.max(clearest, r.p[k]!);
  return clearest >= CLEAR && clearest > (pick?.probability ?? 0);
}

/**
 * Where to take a gather's source for picking: null for the headers', else a move. Takes
 * its receivers as gatherPicks does, their positions (null: unknown) and its picks made with
 * the headers' offsets.
 */
export function sourceCheck(
  source: Point,
  receivers: readonly GatherReceiver[],
  positions: readonly (Point | null)[],
  picks: readonly (PhasePick | null)[],
  options: GatherPickOptions & {
    /**
     * Whether first breaks cut by the search start speak against the offsets (true for a
     * v_max no ground beats, the default 6,000 m/s); a slower v_max a person chose is kept.
     */
    cutsSpeak?: boolean;
  } = {},
): SourceMove | null {
  const { cutsSpeak = true, ...path } = options;
  const timed = (found: readonly (PhasePick | null)[]) =>
    positions.flatMap((at, i) => (at && found[i] ? [{ ...at, time: found[i].time }] : []));
  // Cut first breaks are no evidence of where the source is: the gather is judged on its
  // picks from the shot on.
  const cut =
    cutsSpeak &&
    receivers.filter((r, i) => cutBySearchStart(r, picks[i] ?? null)).length >= CUT_RECEIVERS;
  const judged = cut
    ? timed(
        gatherPicks(
          receivers.map((r) => ({ ...r, earliest: 0 })),
          path,
        ),
      )
    : timed(picks);
  const doubt = sourceDoubt(source, judged, { ends: true });
  if (doubt) return { at: doubt.apex, why: 'apex' };
  const at = cut ? firstBreakApex(judged) : null;
  return at ? { at, why: 'cut' } : null;
}
