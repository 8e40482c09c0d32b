import { firstSampleAtOrAfter } from '../search-start';
import type { ReceiverPlace } from '../../geometry/receiver-chains';
import { PATH_DEFAULTS } from './first-break-path';
import { GATHER_PICK_DEFAULTS } from './gather-picks';

/**
 * Whether the network has seen a gather far enough to pick its first breaks, while it runs
 * window after window down the traces (predict.ts, `enough`). A first break is the earliest
 * arrival: once every live receiver has one before the horizon, the rest of the record holds
 * only later arrivals, and a later phase, a reflection or a noise burst there can only mislead
 * the path. A receiver the network is sure of (a peak of at least `anchor`) has its own; one
 * it is not sure of has its first break no later than a sure one's plus the slowest wave's
 * time between them, the bound the path itself keeps to. On the three real lines this stops
 * after half the windows, with the same picks (GeoStack's gross errors fewer:
 * docs/field-accuracy.md).
 */

export interface SeenReceiver {
  /** The first-break phase's probability, final up to `horizon` (samples on its grid). */
  p: Float32Array;
  horizon: number;
  dt: number;
  /** Time of sample 0 after the shot, s. */
  startTime: number;
  /** Nothing is picked before this time, s (search-start.ts). */
  earliest: number;
  place: ReceiverPlace;
  /** False for a dead channel: it has no first break to wait for. */
  live: boolean;
}

export interface SeenOptions {
  /** A peak the network is sure of. */
  anchor?: number;
  /**
   * Time a sure peak must lie before the horizon, s: its rise and the first cycles after it
   * are read in full (a few periods of a near-surface first break).
   */
  margin?: number;
  /** The slowest wave between receivers, m/s, its allowance per step, and the step without positions, s. */
  slowest?: number;
  slack?: number;
  unknownStep?: number;
}

export const SEEN_DEFAULTS: Required<SeenOptions> = {
  anchor: GATHER_PICK_DEFAULTS.anchor,
  margin: 0.03,
  slowest: PATH_DEFAULTS.slowest,
  slack: PATH_DEFAULTS.slack,
  unknownStep: PATH_DEFAULTS.unknownStep,
};

export function firstBreaksSeen(
  receivers: readonly SeenReceiver[],
  options: SeenOptions = {},
): boolean {
  const o = { ...SEEN_DEFAULTS, ...options };
  const until = receivers.map((r) => r.startTime + r.horizon * r.dt - o.margin);
  const sure = receivers.map((r, i) => (r.live ? surePeak(r, until[i]!, o.anchor) : null));
  if (sure.every((t) => t === null)) return false;
  return receivers.every((r, j) => {
    if (!r.live || sure[j] !== null) return true;
    let latest = Number.POSITIVE_INFINITY;
    sure.forEach((t, i) => {
      if (t !== null) latest = Math.min(latest, t + travel(receivers[i]!.place, r.place, i, j, o));
    });
    return latest <= until[j]!;
  });
}

/** Time of the earliest sample at or after `earliest` with p ≥ anchor, before `until`. */
function surePeak(r: SeenReceiver, until: number, anchor: number): number | null {
  const last = Math.min(r.horizon, r.p.length) - 1;
  for (let k = firstSampleAtOrAfter(r.earliest, r.startTime, r.dt); k <= last; k++) {
    const t = r.startTime + k * r.dt;
    if (t > until) return null;
    if (r.p[k]! >= anchor) return t;
  }
  return null;
}

/** The longest a first break can take from receiver i to receiver j (n receivers apart). */
function travel(
  a: ReceiverPlace,
  b: ReceiverPlace,
  i: number,
  j: number,
  o: Required<SeenOptions>,
): number {
  const steps = Math.abs(i - j);
  if (a.x === null || b.x === null) return (o.unknownStep + o.slack) * steps;
  const distance = Math.hypot(a.x - b.x, (a.y ?? 0) - (b.y ?? 0));
  return distance / o.slowest + o.slack * steps;
}
