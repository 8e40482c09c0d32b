/** A pick as stepping through a gather sees it: where it is across and down the plot. */
export interface SteppingPick {
  id: number;
  /** Position of its trace on the horizontal axis. */
  x: number;
  time: number;
}

/**
 * The pick after (direction 1) or before (-1) `from` in reading order, left to right and on
 * one trace early to late, so stepping visits every pick once, even two on one trace; from
 * null, the first (or last) pick. Null when there is none that way.
 */
export function stepPick(
  picks: readonly SteppingPick[],
  from: SteppingPick | null,
  direction: 1 | -1,
): SteppingPick | null {
  const order = (a: SteppingPick, b: SteppingPick) => a.x - b.x || a.time - b.time || a.id - b.id;
  const ahead = picks
    .filter((p) => from === null || direction * order(p, from) > 0)
    .sort((a, b) => direction * order(a, b));
  return ahead[0] ?? null;
}
