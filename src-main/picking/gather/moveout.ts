import { theilSenLine } from '../../qc/theil-sen';
import type { ChainLink, ReceiverPlace } from '../../geometry/receiver-chains';

/**
 * The gather's local moveout along a chain of receivers: how fast first-break times change
 * from one receiver to the next, read from the times already known nearby. Both the path
 * (its expected step) and the neighbour stack (its expected lag) lean on it.
 */

/**
 * Where each link of a chain sits for moveout: its offset when every link has one, else its
 * place in the chain (receivers a unit apart, as without positions).
 */
export function chainCoordinates(
  chain: readonly ChainLink[],
  places: readonly ReceiverPlace[],
): number[] {
  const positioned = chain.every((l, i) => i === 0 || l.offsetStep !== null);
  return chain.map((l, i) => (positioned ? places[l.receiver]!.offset! : i));
}

/**
 * The moveout (s per unit of coordinate) at each link: the Theil-Sen slope of the times known
 * within `window` links on either side, or of all the chain's times where fewer than two
 * distinct coordinates are near; null when the whole chain has fewer than two.
 */
export function localSlopes(
  coordinate: readonly number[],
  times: readonly (number | null)[],
  window: number,
): (number | null)[] {
  const slopeOver = (lo: number, hi: number): number | null => {
    const x: number[] = [];
    const y: number[] = [];
    for (let i = Math.max(0, lo); i <= Math.min(coordinate.length - 1, hi); i++) {
      if (times[i] === null || times[i] === undefined) continue;
      x.push(coordinate[i]!);
      y.push(times[i]!);
    }
    return new Set(x).size >= 2 ? (theilSenLine(x, y)?.slope ?? null) : null;
  };
  const overall = slopeOver(0, coordinate.length - 1);
  return coordinate.map((_, i) => slopeOver(i - window, i + window) ?? overall);
}
