/**
 * Slowest first arrival expected on land (m/s): about the speed of sound in air, which is
 * also the slowest dry-soil P velocity. No first break should come later than offset / this.
 */
export const SLOWEST_FIRST_ARRIVAL = 300;
/** Room (s) below the latest expected arrival, so the wavelet after the onset shows too. */
const MARGIN = 0.05;

/**
 * The time range a gather opens on, in display time: the first breaks fill the plot instead
 * of a thin band at the top of a two-second record. Ends half as late again after the latest
 * pick when there are picks; else after the slowest plausible arrival at the largest offset;
 * else (no positions) the whole record. Never outside `extent`.
 */
export function openingTimeWindow(
  extent: [number, number],
  latestPick: number | null,
  maxAbsOffset: number | null,
): [number, number] {
  const [start, end] = extent;
  let until = end;
  if (latestPick !== null) until = latestPick + Math.max(MARGIN, 0.5 * latestPick);
  else if (maxAbsOffset !== null) until = maxAbsOffset / SLOWEST_FIRST_ARRIVAL + MARGIN;
  return [start, Math.max(start + MARGIN, Math.min(end, until))];
}
