import type { PickRecord } from '../../../src-main/api/contract';
import type { TraceProbabilities } from './shot-probabilities';

/**
 * The pure parts of keyboard picking: which trace the cursor goes to next, where on it, the
 * network's most probable time, which picks are of low confidence, and the velocity ruler.
 */

/** Live traces in the order they sit across the plot (not file order: a crooked line). */
export function traceOrder(positions: readonly number[], dead: readonly boolean[]): number[] {
  return positions
    .map((x, i) => ({ x, i }))
    .filter(({ i }) => !dead[i])
    .sort((a, b) => a.x - b.x || a.i - b.i)
    .map(({ i }) => i);
}

/**
 * The trace `direction` steps from `from` along `order`; from no trace (or a dead one), the
 * first or the last; at an end, the end.
 */
export function stepTrace(
  order: readonly number[],
  from: number | null,
  direction: 1 | -1,
): number | null {
  if (order.length === 0) return null;
  const at = from === null ? -1 : order.indexOf(from);
  if (at < 0) return direction > 0 ? order[0]! : order[order.length - 1]!;
  return order[Math.max(0, Math.min(order.length - 1, at + direction))]!;
}

/**
 * Where the next trace's arrival probably is, from the picks on the traces just walked: the
 * line through the last two continued one step, else the last time.
 */
export function predictedTime(
  walked: readonly { x: number; time: number }[],
  x: number,
): number | null {
  const last = walked[walked.length - 1];
  if (!last) return null;
  const before = walked[walked.length - 2];
  if (!before || before.x === last.x) return last.time;
  return last.time + ((last.time - before.time) * (x - last.x)) / (last.x - before.x);
}

/** The network's most probable time of a phase on a trace, or null where it sees nothing. */
export function probabilityMaximum(
  curve: TraceProbabilities,
  phase: 'P' | 'S',
  floor = 0.05,
): { time: number; probability: number } | null {
  const values = curve[phase];
  let best = -1;
  for (let i = 0; i < values.length; i++) if (best < 0 || values[i]! > values[best]!) best = i;
  if (best < 0 || values[best]! < floor) return null;
  return {
    time: curve.clock.startTime + best * curve.clock.sampleInterval,
    probability: values[best]!,
  };
}

/** The phase's probability at a time (nearest model sample), or null outside the curve. */
export function probabilityAt(
  curve: TraceProbabilities,
  phase: 'P' | 'S',
  time: number,
): number | null {
  const i = Math.round((time - curve.clock.startTime) / curve.clock.sampleInterval);
  const values = curve[phase];
  return i >= 0 && i < values.length ? values[i]! : null;
}

/** A picker's pick (not a person's) whose probability is under `threshold`. */
export function belowConfidence(
  pick: Pick<PickRecord, 'origin' | 'probability'>,
  threshold: number,
): boolean {
  return pick.origin !== 'manual' && pick.probability !== null && pick.probability < threshold;
}

/**
 * Picks to look at again: a picker's of the phase with a probability under `threshold`;
 * rejected picks are done with.
 */
export function lowConfidence(
  picks: readonly PickRecord[],
  phase: 'P' | 'S',
  threshold: number,
): PickRecord[] {
  return picks.filter(
    (p) => p.phase === phase && p.status !== 'rejected' && belowConfidence(p, threshold),
  );
}

/**
 * The apparent velocity a ruler drawn from a to b on the gather shows: distance along the
 * offset axis over the time between, m/s; null when the ends share a time.
 */
export function rulerVelocity(
  a: { x: number; time: number },
  b: { x: number; time: number },
): number | null {
  const dt = Math.abs(b.time - a.time);
  return dt === 0 ? null : Math.abs(b.x - a.x) / dt;
}

/**
 * Each trace's first-break sample for first-break normalisation: its own pick of the phase
 * when it has one, else the line through the picks of the nearest traces with picks on either
 * side (or the nearest two on one side), else null (the trace estimates its own).
 */
export function firstBreakSamples(
  traces: readonly { x: number; startTime: number; sampleInterval: number; length: number }[],
  pickTimes: readonly (number | null)[],
): (number | null)[] {
  const known = traces
    .map((t, i) => ({ x: t.x, time: pickTimes[i] }))
    .filter((k): k is { x: number; time: number } => k.time !== null && k.time !== undefined);
  return traces.map((t, i) => {
    let time = pickTimes[i] ?? null;
    if (time === null && known.length > 0) {
      const left = known.filter((k) => k.x < t.x).sort((a, b) => b.x - a.x);
      const right = known.filter((k) => k.x > t.x).sort((a, b) => a.x - b.x);
      const [a, b] =
        left[0] && right[0]
          ? [left[0], right[0]]
          : left[0]
            ? [left[1], left[0]]
            : [right[1], right[0]];
      if (a && b && a.x !== b.x) time = a.time + ((b.time - a.time) * (t.x - a.x)) / (b.x - a.x);
      else time = (a ?? b)?.time ?? null;
    }
    if (time === null) return null;
    const index = Math.round((time - t.startTime) / t.sampleInterval);
    return index >= 0 && index < t.length ? index : null;
  });
}
