import { peakSigma, type PhasePick } from '../peaks';
import { firstSampleAtOrAfter } from '../search-start';
import { receiverChains, type ChainLink, type ReceiverPlace } from '../../geometry/receiver-chains';
import {
  firstBreakPath,
  PATH_DEFAULTS,
  type PathOptions,
  type PathTrace,
} from './first-break-path';
import { chainCoordinates, localSlopes } from './moveout';

/**
 * First breaks picked over a whole gather: the receivers in chains of neighbours
 * (chains.ts), one path per chain through the network's P probabilities (first-break-path.ts)
 * whose steps follow the gather's local moveout, then each path point moved up to the top of
 * the probability peak it sits on, so the pick's precision is the network's own (a point where
 * the network sees nothing stays on its neighbours' line). The local moveout comes from the
 * confident picks nearby (probability peaks of at least `anchor`): the Theil-Sen slope of
 * their times against offset, or against the receivers' order without positions.
 */

export interface GatherReceiver {
  /** The first-break phase's probability (P, or S on an S line) on the model's grid. */
  p: Float32Array;
  dt: number;
  /** Time of sample 0 after the shot, s. */
  startTime: number;
  /** Nothing is picked before this time, s (search-start.ts). */
  earliest: number;
  place: ReceiverPlace;
  /** False for a trace with no signal (a dead channel): no pick, the path links across it. */
  live?: boolean;
}

export interface GatherPickOptions extends PathOptions {
  /**
   * A chain whose path nowhere reaches this probability has no arrival (a misfire, a record
   * of noise): no picks on it. On any other chain every live receiver gets its path point,
   * however weak: the neighbours vouch for it, and its probability says how much.
   */
  threshold?: number;
  /** Probability of the confident picks that give the local moveout. */
  anchor?: number;
  /** Links on either side whose confident picks give a receiver's local moveout. */
  window?: number;
}

/**
 * Measured on the real lines (docs/field-accuracy.md): the path's neighbours vouch for a weak
 * peak, so a chain's may be lower than the 0.3 a trace alone needs.
 */
export const GATHER_PICK_DEFAULTS = { threshold: 0.05, anchor: 0.5, window: 4 };

/** The most probable sample at or after `from`, with its probability. */
function ownPeak(p: Float32Array, from: number): { index: number; probability: number } | null {
  let index = -1;
  for (let k = from; k < p.length; k++) if (index < 0 || p[k]! > p[index]!) index = k;
  return index < 0 ? null : { index, probability: p[index]! };
}

/** Climbs from `k` to the top of the probability peak it is on. */
function toPeakTop(p: Float32Array, k: number, from: number): number {
  let at = k;
  for (;;) {
    const left = at - 1 >= from ? p[at - 1]! : -1;
    const right = at + 1 < p.length ? p[at + 1]! : -1;
    if (right > p[at]! && right >= left) at++;
    else if (left > p[at]!) at--;
    else return at;
  }
}

/** Predicted time step into each link of a chain, from its confident neighbours. */
function predictedSteps(
  chain: ChainLink[],
  receivers: readonly GatherReceiver[],
  from: number[],
  o: typeof GATHER_PICK_DEFAULTS,
): number[] {
  const coordinate = chainCoordinates(
    chain,
    receivers.map((r) => r.place),
  );
  const anchors = chain.map((l) => {
    const r = receivers[l.receiver]!;
    const peak = ownPeak(r.p, from[l.receiver]!);
    return peak && peak.probability >= o.anchor ? r.startTime + peak.index * r.dt : null;
  });
  const slopes = localSlopes(coordinate, anchors, o.window);
  return chain.map((_, i) =>
    i === 0 ? 0 : (slopes[i] ?? 0) * (coordinate[i]! - coordinate[i - 1]!),
  );
}

/** One pick (or none) per receiver, in the order given. */
export function gatherPicks(
  receivers: readonly GatherReceiver[],
  options: GatherPickOptions = {},
): (PhasePick | null)[] {
  const o = { ...GATHER_PICK_DEFAULTS, ...options };
  const floor = options.floor ?? PATH_DEFAULTS.floor;
  const picks: (PhasePick | null)[] = receivers.map(() => null);
  // A dead receiver has nothing to search: the path skips it.
  const from = receivers.map((r) =>
    r.live === false ? r.p.length : firstSampleAtOrAfter(r.earliest, r.startTime, r.dt),
  );
  for (const chain of receiverChains(receivers.map((r) => r.place))) {
    const steps = predictedSteps(chain, receivers, from, o);
    const traces: PathTrace[] = chain.map((l, i) => ({
      p: receivers[l.receiver]!.p,
      startTime: receivers[l.receiver]!.startTime,
      from: from[l.receiver]!,
      step: l.step,
      offsetStep: l.offsetStep,
      predictedStep: steps[i]!,
    }));
    const dt = receivers[chain[0]!.receiver]!.dt;
    const found = firstBreakPath(traces, dt, options).map((k, i) => {
      if (k === null) return null;
      const r = receivers[chain[i]!.receiver]!;
      // Below the floor the path saw no peak: its neighbours' line put the point there.
      const top = r.p[k]! >= floor ? toPeakTop(r.p, k, from[chain[i]!.receiver]!) : k;
      return {
        time: r.startTime + top * r.dt,
        index: top,
        probability: r.p[top]!,
        uncertainty: peakSigma(r.p, top, r.dt),
      };
    });
    if (!found.some((p) => p !== null && p.probability >= o.threshold)) continue;
    found.forEach((p, i) => (picks[chain[i]!.receiver] = p));
  }
  return picks;
}
