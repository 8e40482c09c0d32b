import type { Trace } from '../../formats/record';
import { receiverChains, type ChainLink, type ReceiverPlace } from '../../geometry/receiver-chains';
import { chainCoordinates, localSlopes } from './moveout';

/**
 * A weak first break seen through its neighbours, as an analyst sees it in the gather: each
 * receiver's trace summed with those of up to `reach` neighbours on either side (in its chain,
 * up to where the offset turns back at the source), each scaled to unit RMS and shifted by the lag that best
 * aligns its waveform around the first break with the receiver's own. Aligned this way a
 * coherent arrival keeps its amplitude while the noise falls by up to √(2·reach + 1): far from
 * the source, where the first cycle of a refraction fades into the noise and a network on one
 * trace takes the stronger cycle after it, the stack still shows the first.
 *
 * The lag is the normalized cross-correlation's best within ±maxLag of the gather's local
 * moveout, so the receivers' statics are followed rather than smeared (a lag read off the
 * moveout alone made every line's picks earlier: the first of the misaligned onsets leads).
 * A neighbour is left out when it correlates below minCorrelation, or when its own first
 * break, so shifted, lands more than maxLag from the receiver's: it is on another branch.
 */

export interface StackReceiver {
  /** The receiver's traces (its components), on one time base. */
  traces: readonly Trace[];
  /** Which of them the lags are measured on (the first-break phase's component). */
  key: number;
  place: ReceiverPlace;
  /** The first break found so far (s after the shot), or null. */
  firstBreak: number | null;
  /** Its first break needs no stack (it is still a neighbour in the others'). */
  settled?: boolean;
}

export interface NeighbourStackOptions {
  /** Neighbours taken on either side. */
  reach?: number;
  /** Links on either side whose first breaks give the local moveout. */
  moveoutWindow?: number;
  /** Correlation window around the first break: seconds before and after it. */
  before?: number;
  after?: number;
  /** Largest departure of a lag from the local moveout, s. */
  maxLag?: number;
  minCorrelation?: number;
}

/**
 * Chosen once, before any line was scored with them: two neighbours a side (five traces); a
 * window of a few periods of a near-surface first break (10 ms before, 20 ms after); lags
 * within 3 ms of the moveout (a cycle at 150 Hz). docs/field-accuracy.md has what they give.
 */
export const NEIGHBOUR_STACK_DEFAULTS: Required<NeighbourStackOptions> = {
  reach: 2,
  moveoutWindow: 4,
  before: 0.01,
  after: 0.02,
  maxLag: 0.003,
  minCorrelation: 0.5,
};

/** A receiver's stacked traces and the time they were aligned on. */
export interface NeighbourStack {
  traces: Trace[];
  /** The first break, or the moveout's prediction of it where none was found, s. */
  focus: number;
  /** Neighbours that went into the stack. */
  neighbours: number;
}

/**
 * One stack per receiver, in the order given; null where the receiver is settled, where no
 * neighbour could be aligned, or where no first break was found or predicted: the caller
 * keeps the trace alone.
 */
export function neighbourStacks(
  receivers: readonly StackReceiver[],
  options: NeighbourStackOptions = {},
): (NeighbourStack | null)[] {
  const o = { ...NEIGHBOUR_STACK_DEFAULTS, ...options };
  const stacks: (NeighbourStack | null)[] = receivers.map(() => null);
  const scales = receivers.map((r) => r.traces.map(centred));
  const places = receivers.map((r) => r.place);
  for (const chain of receiverChains(places)) {
    const coordinate = chainCoordinates(chain, places);
    const times = chain.map((l) => receivers[l.receiver]!.firstBreak);
    const slopes = localSlopes(coordinate, times, o.moveoutWindow);
    chain.forEach((link, i) => {
      const slope = slopes[i];
      if (slope === null || slope === undefined || receivers[link.receiver]!.settled) return;
      const focus = times[i] ?? predictedTime(coordinate, times, i, slope, o.moveoutWindow);
      if (focus === null) return;
      const centre = receivers[link.receiver]!;
      const centreKey = scales[link.receiver]![centre.key]!;
      const sums = scales[link.receiver]!.map(scaledCopy);
      let neighbours = 0;
      for (const j of monotoneNeighbours(chain, coordinate, i, o.reach)) {
        const r = chain[j]!.receiver;
        const other = receivers[r]!;
        const key = scales[r]![other.key]!;
        if (!key.live || !sameTimeBase(centre.traces[centre.key]!, other.traces[other.key]!)) {
          continue;
        }
        const lag = alignmentLag(
          centreKey,
          key,
          focus,
          slope * (coordinate[j]! - coordinate[i]!),
          o,
        );
        if (lag === null || !sameBranch(times[i] ?? null, times[j] ?? null, lag, o.maxLag)) {
          continue;
        }
        neighbours++;
        centre.traces.forEach((t, c) => {
          const m = other.traces.findIndex((u) => u.component === t.component);
          if (m >= 0 && scales[r]![m]!.live) addShifted(sums[c]!, scales[r]![m]!, lag);
        });
      }
      if (neighbours === 0) return;
      stacks[link.receiver] = {
        traces: centre.traces.map((t, c) => ({ ...t, samples: Float32Array.from(sums[c]!) })),
        focus,
        neighbours,
      };
    });
  }
  return stacks;
}

/** A trace's samples less their mean, and 1 / their RMS (0 for a dead trace). */
interface Centred {
  x: Float64Array;
  gain: number;
  live: boolean;
  dt: number;
  startTime: number;
}

function centred(trace: Trace): Centred {
  const n = trace.samples.length;
  let mean = 0;
  for (let k = 0; k < n; k++) mean += trace.samples[k]!;
  mean /= n || 1;
  const x = new Float64Array(n);
  let power = 0;
  for (let k = 0; k < n; k++) {
    x[k] = trace.samples[k]! - mean;
    power += x[k]! * x[k]!;
  }
  const rms = Math.sqrt(power / (n || 1));
  return {
    x,
    gain: rms > 0 ? 1 / rms : 0,
    live: rms > 0,
    dt: trace.sampleInterval,
    startTime: trace.startTime,
  };
}

function scaledCopy(s: Centred): Float64Array {
  const out = new Float64Array(s.x.length);
  for (let k = 0; k < out.length; k++) out[k] = s.x[k]! * s.gain;
  return out;
}

function sameTimeBase(a: Trace, b: Trace): boolean {
  return (
    a.sampleInterval === b.sampleInterval &&
    Math.abs(a.startTime - b.startTime) < a.sampleInterval / 2
  );
}

/**
 * Chain indices within `reach` of i whose offsets change in one direction from i's, so that
 * one moveout against offset holds over them: the run stops where the offset turns back at
 * the source (without positions the coordinate only grows).
 */
function monotoneNeighbours(
  chain: readonly ChainLink[],
  coordinate: readonly number[],
  i: number,
  reach: number,
): number[] {
  const out: number[] = [];
  for (const direction of [-1, 1]) {
    let sign = 0;
    for (
      let j = i + direction;
      Math.abs(j - i) <= reach && j >= 0 && j < chain.length;
      j += direction
    ) {
      const step = Math.sign(coordinate[j]! - coordinate[j - direction]!);
      if (step === 0 || (sign !== 0 && step !== sign)) break;
      sign = step;
      out.push(j);
    }
  }
  return out;
}

/**
 * Whether a neighbour's first break, shifted by the lag that aligns its waveform, lands
 * within `tolerance` of the receiver's own (either unknown: nothing says otherwise). Near a
 * crossover the waveforms align on the later, stronger phase while the neighbour's first
 * break is the other branch's; stacked, it came 4-8 ms before the receiver's own.
 */
function sameBranch(
  own: number | null,
  theirs: number | null,
  lag: number,
  tolerance: number,
): boolean {
  return own === null || theirs === null || Math.abs(theirs - own - lag) <= tolerance;
}

/** The first break at link i as its known neighbours and the local moveout put it. */
function predictedTime(
  coordinate: readonly number[],
  times: readonly (number | null)[],
  i: number,
  slope: number,
  window: number,
): number | null {
  const guesses: number[] = [];
  for (let j = Math.max(0, i - window); j <= Math.min(times.length - 1, i + window); j++) {
    const t = times[j];
    if (t !== null && t !== undefined) guesses.push(t + slope * (coordinate[i]! - coordinate[j]!));
  }
  if (guesses.length === 0) return null;
  guesses.sort((a, b) => a - b);
  return guesses[guesses.length >> 1]!;
}

/**
 * The lag (s) at which `other` best matches `centre` around `focus`: other's sample at
 * t + lag goes with centre's at t. Searched in whole samples within maxLag of `expected`;
 * null when the best normalized correlation is below minCorrelation.
 */
function alignmentLag(
  centre: Centred,
  other: Centred,
  focus: number,
  expected: number,
  o: Required<NeighbourStackOptions>,
): number | null {
  const dt = centre.dt;
  const from = Math.max(0, Math.round((focus - o.before - centre.startTime) / dt));
  const to = Math.min(centre.x.length - 1, Math.round((focus + o.after - centre.startTime) / dt));
  const middle = Math.round(expected / dt);
  const reach = Math.round(o.maxLag / dt);
  let best = -Infinity;
  let bestLag = middle;
  for (let lag = middle - reach; lag <= middle + reach; lag++) {
    let xy = 0;
    let xx = 0;
    let yy = 0;
    for (let k = Math.max(from, -lag); k <= to && k + lag < other.x.length; k++) {
      const a = centre.x[k]!;
      const b = other.x[k + lag]!;
      xy += a * b;
      xx += a * a;
      yy += b * b;
    }
    const r = xx > 0 && yy > 0 ? xy / Math.sqrt(xx * yy) : -Infinity;
    if (r > best) {
      best = r;
      bestLag = lag;
    }
  }
  return best >= o.minCorrelation ? bestLag * dt : null;
}

/** sum[k] += other's scaled sample at k + lag (whole samples; dt is shared). */
function addShifted(sum: Float64Array, other: Centred, lag: number): void {
  const shift = Math.round(lag / other.dt);
  for (let k = Math.max(0, -shift); k < sum.length && k + shift < other.x.length; k++) {
    sum[k]! += other.x[k + shift]! * other.gain;
  }
}
