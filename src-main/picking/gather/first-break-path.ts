/**
 * The first-break line of a chain of neighbouring receivers, found as one path through the
 * network's P probabilities (a Viterbi / dynamic-programming search): the path takes one time
 * per receiver, earns log(p) where it passes, and pays for every millisecond its step between
 * neighbours differs from the step the gather's moveout predicts. A second probability peak
 * on one trace (a later phase, a noise burst) then costs more than it earns, because it leaves
 * the line of its neighbours; a trace whose own probability is weak borrows its neighbours'
 * line. Steps longer than the slowest plausible wave allows between neighbours are not taken,
 * nor, moving away from the source, steps back to a time much earlier than the neighbour's.
 */

export interface PathTrace {
  /** P probability per sample. */
  p: Float32Array;
  /** Time of sample 0, s after the shot. */
  startTime: number;
  /** First sample the path may use (the source time, or offset / v_max). */
  from: number;
  /** Distance from the trace before, m (null: unknown, or the first trace). */
  step: number | null;
  /**
   * Offset change from the trace before, m (null: unknown): its sign says whether the path
   * moves away from the source or towards it.
   */
  offsetStep?: number | null;
  /** Predicted time step from the trace before, s (0 for the first trace). */
  predictedStep: number;
}

export interface PathOptions {
  /** Cost per millisecond of a step away from the predicted one, in log-probability units. */
  stepCost?: number;
  /** The slowest wave between neighbours, m/s: bounds the step to distance / this. */
  slowest?: number;
  /** Step bound when the distance is unknown, s. */
  unknownStep?: number;
  /** Allowance on every step bound, s (statics, picking jitter). */
  slack?: number;
  /** Probability floor inside the logarithm, so that a dead trace costs the same everywhere. */
  floor?: number;
  /**
   * How much earlier a first break may come than its neighbour's nearer the source, s: a
   * generous allowance for the statics between neighbouring receivers. A first arrival
   * travels away from the source, so an earlier peak beyond this is noise: on refrapy-ex01 a
   * burst 30 ms before the first break at a spread's far end drew the path there.
   */
  backStep?: number;
  /**
   * Neighbours up to this far apart (m) pay the full step cost; farther apart, the cost per
   * millisecond falls as the square root of this over their distance. The travel-time curve
   * bends between neighbours (near the source, at a crossover) by more the farther apart they
   * are, so on a sparse spread the true step leaves the predicted one by more than on a dense
   * one; the statics, the rest of what the cost allows for, do not grow with distance.
   * (docs/field-accuracy.md, "Recorded otherwise": receivers thinned to 8-12 m.)
   */
  costDistance?: number;
}

export const PATH_DEFAULTS: Required<PathOptions> = {
  stepCost: 0.25,
  slowest: 100,
  unknownStep: 0.025,
  slack: 0.002,
  floor: 0.01,
  backStep: 0.005,
  costDistance: 4,
};

/**
 * An S first break's path: shear waves in soft, saturated clays and peats run at 50-100 m/s,
 * below the P bound; and no bound on steps back towards the source, which on simulated S
 * lines made 4 more gross errors of 1,091 (docs/field-accuracy.md).
 */
export const S_PATH: PathOptions = { slowest: 50, backStep: Number.POSITIVE_INFINITY };

/**
 * The path's sample index on each trace (same order as given), or null for a trace with no
 * sample at or after its `from`. All traces share the sample interval `dt`.
 */
export function firstBreakPath(
  traces: readonly PathTrace[],
  dt: number,
  options: PathOptions = {},
): (number | null)[] {
  const o = { ...PATH_DEFAULTS, ...options };
  const usable = traces.map((t) => t.from < t.p.length);
  const result: (number | null)[] = traces.map(() => null);
  // Traces with nothing to search are skipped; their neighbours link across them.
  const order = traces.flatMap((_, i) => (usable[i] ? [i] : []));
  if (order.length === 0) return result;

  const emission = (t: PathTrace) => {
    const e = new Float64Array(t.p.length).fill(Number.NEGATIVE_INFINITY);
    for (let k = t.from; k < t.p.length; k++) e[k] = Math.log(Math.max(t.p[k]!, o.floor));
    return e;
  };
  const perSample = (o.stepCost * dt) / 0.001;
  const scores: Float64Array[] = [emission(traces[order[0]!]!)];
  const back: Int32Array[] = [new Int32Array(0)];
  for (let n = 1; n < order.length; n++) {
    const prev = traces[order[n - 1]!]!;
    const cur = traces[order[n]!]!;
    // Steps across skipped traces add up.
    let distance = 0;
    let predicted = 0;
    let skippedUnknown = false;
    const directions = new Set<number>();
    for (let j = order[n - 1]! + 1; j <= order[n]!; j++) {
      const t = traces[j]!;
      if (t.step === null) skippedUnknown = true;
      else distance += t.step;
      predicted += t.predictedStep;
      directions.add(t.offsetStep ? Math.sign(t.offsetStep) : 0);
    }
    const bound =
      (skippedUnknown ? o.unknownStep * (order[n]! - order[n - 1]!) : distance / o.slowest) +
      o.slack;
    // The step (this trace's time less the one before's) within [-earlier, later].
    const away = directions.size === 1 ? [...directions][0]! : 0;
    const earlier = away > 0 ? Math.min(bound, o.backStep) : bound;
    const later = away < 0 ? Math.min(bound, o.backStep) : bound;
    // Sample k' on `cur` is at time cur.startTime + k'·dt; on `prev`, k at prev.startTime + k·dt.
    // Step (k' − k)·dt + shift, where shift is the start-time difference.
    const shift = cur.startTime - prev.startTime;
    const offset = Math.round((shift - predicted) / dt);
    const centre = Math.round(-shift / dt);
    const leniency = skippedUnknown ? 1 : Math.sqrt(Math.min(1, o.costDistance / distance));
    const { best, arg } = windowedStepMax(scores[n - 1]!, cur.p.length, {
      ideal: offset,
      centre,
      below: Math.ceil(later / dt),
      above: Math.ceil(earlier / dt),
      cost: perSample * leniency,
    });
    // In place, `best` becomes the path's score at each sample and `arg` its way back; samples
    // before `from` or out of reach have neither.
    let reachable = false;
    for (let k2 = 0; k2 < cur.p.length; k2++) {
      if (k2 < cur.from || arg[k2]! < 0) {
        best[k2] = Number.NEGATIVE_INFINITY;
        arg[k2] = -1;
        continue;
      }
      best[k2]! += Math.log(Math.max(cur.p[k2]!, o.floor));
      reachable = true;
    }
    back.push(arg);
    // Nothing reachable (a bound too tight for a big static): the path starts afresh here.
    scores.push(reachable ? best : emission(cur));
  }
  // Trace the path back from the best end; where it started afresh, from the best end before.
  let k = argmax(scores[order.length - 1]!);
  for (let n = order.length - 1; n >= 0; n--) {
    result[order[n]!] = k;
    if (n === 0) break;
    const before = back[n]![k]!;
    k = before >= 0 ? before : argmax(scores[n - 1]!);
  }
  return result;
}

/**
 * For every sample k2 of the next trace, the best previous sample k within
 * [k2 + centre − below, k2 + centre + above] of `score[k] − cost·|k − (k2 + ideal)|`, with its
 * value: the step penalty is a V around the ideal step, so each side is a running maximum of
 * `score[k] ± cost·k` over a window that slides one sample per k2. Two monotonic queues make
 * it O(length) instead of O(length · window).
 */
export function windowedStepMax(
  score: Float64Array,
  length: number,
  step: { ideal: number; centre: number; below: number; above: number; cost: number },
): { best: Float64Array; arg: Int32Array } {
  const { ideal, centre, below, above, cost } = step;
  const best = new Float64Array(length).fill(Number.NEGATIVE_INFINITY);
  const arg = new Int32Array(length).fill(-1);
  const last = score.length - 1;
  // Left side: k ≤ k2 + ideal, value score[k] + cost·k − cost·(k2 + ideal).
  // Right side: k ≥ k2 + ideal, value score[k] − cost·k + cost·(k2 + ideal).
  const left = new SlidingMax(score, cost);
  const right = new SlidingMax(score, -cost);
  for (let k2 = 0; k2 < length; k2++) {
    const lo = Math.max(0, k2 + centre - below);
    const hi = Math.min(last, k2 + centre + above);
    const a = k2 + ideal;
    left.window(lo, Math.min(hi, a));
    right.window(Math.max(lo, a), hi);
    const l = left.top();
    if (l >= 0) {
      best[k2] = score[l]! - cost * (a - l);
      arg[k2] = l;
    }
    const r = right.top();
    if (r >= 0) {
      const v = score[r]! - cost * (r - a);
      if (v > best[k2]!) {
        best[k2] = v;
        arg[k2] = r;
      }
    }
  }
  return { best, arg };
}

/**
 * The index of the largest `score[k] + slope·k` over a window [from, to] whose ends only move
 * forward (the slope tilts the scores for one side of the step penalty's V). The queue is a
 * typed array (each index enters once): this runs for every sample of every trace of every
 * gather, twice with the neighbour stacks.
 */
class SlidingMax {
  private readonly queue: Int32Array;
  private head = 0;
  private tail = 0;
  private next = 0;

  constructor(
    private readonly score: Float64Array,
    private readonly slope: number,
  ) {
    this.queue = new Int32Array(score.length);
  }

  window(from: number, to: number): void {
    const { score, slope, queue } = this;
    for (; this.next <= to; this.next++) {
      if (this.next < from) continue;
      const s = score[this.next]!;
      if (s === Number.NEGATIVE_INFINITY) continue;
      const v = s + slope * this.next;
      while (this.tail > this.head) {
        const last = queue[this.tail - 1]!;
        if (score[last]! + slope * last > v) break;
        this.tail--;
      }
      queue[this.tail++] = this.next;
    }
    while (this.head < this.tail && queue[this.head]! < from) this.head++;
  }

  /** The best index in the window, or -1 when it holds no finite value. */
  top(): number {
    return this.head < this.tail ? this.queue[this.head]! : -1;
  }
}

function argmax(values: Float64Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if (values[i]! > values[best]!) best = i;
  return best;
}
