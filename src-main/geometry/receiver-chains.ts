import { median } from '../qc/robust-stats';

/**
 * The receivers of a shot as chains: runs of receivers in recording order where each is a
 * neighbour of the one before. First breaks change smoothly from one neighbour to the next,
 * which is what a gather picker leans on; where the spread jumps (the second leg of a crossed
 * or L-shaped layout, a gap in a roll-along) the chain breaks, and no smoothness is assumed
 * across the jump. Without positions the receivers are one chain in recording order, a unit
 * apart.
 */

export interface ReceiverPlace {
  /** Receiver position, m (null: unknown). */
  x: number | null;
  y: number | null;
  /** Source-receiver distance, m (null: unknown). */
  offset: number | null;
}

export interface ChainLink {
  /** Index of the receiver in the input list. */
  receiver: number;
  /** Distance from the link before along the spread, m; null for the first link. */
  step: number | null;
  /** Offset change from the link before, m; null for the first link or without positions. */
  offsetStep: number | null;
}

/** A step longer than this many times the typical receiver spacing breaks the chain. */
const JUMP_FACTOR = 2.5;

/**
 * Chains of the receivers in the order given (recording order). Receivers at one position
 * (several components, or the same station recorded twice) are steps of 0 m.
 */
export function receiverChains(receivers: readonly ReceiverPlace[]): ChainLink[][] {
  if (receivers.length === 0) return [];
  const placed = receivers.every((r) => r.x !== null && r.y !== null);
  if (!placed) {
    return [receivers.map((_, i) => ({ receiver: i, step: i === 0 ? null : 1, offsetStep: null }))];
  }
  const steps = receivers
    .slice(1)
    .map((r, i) => Math.hypot(r.x! - receivers[i]!.x!, r.y! - receivers[i]!.y!));
  const apart = steps.filter((d) => d > 0);
  const spacing = apart.length > 0 ? median(apart) : Number.NaN;
  const chains: ChainLink[][] = [[{ receiver: 0, step: null, offsetStep: null }]];
  steps.forEach((d, i) => {
    const r = i + 1;
    if (Number.isFinite(spacing) && d > JUMP_FACTOR * spacing) {
      chains.push([{ receiver: r, step: null, offsetStep: null }]);
      return;
    }
    const before = receivers[i]!.offset;
    const now = receivers[r]!.offset;
    chains[chains.length - 1]!.push({
      receiver: r,
      step: d,
      offsetStep: before === null || now === null ? null : now - before,
    });
  });
  return chains;
}
