import type { Trace } from '../formats/record';

/**
 * Which traces of a record are the components of one receiver, so that a 3-component network
 * sees them together and the receiver gets one set of picks.
 *
 * Traces with component E, N or Z join when they come from the same receiver (same position,
 * or, without one, the same station and instrument in the headers; with neither, the record's
 * traces are taken in order, as PhaseNet's npz files store E, N, Z), have the same sample
 * interval and start within half a sample of each other, and their component is not yet in
 * the group. Anything else (unknown or 'X' components, a repeated component) is a group of one.
 */

const GROUPABLE = new Set(['E', 'N', 'Z']);

/** What grouping reads of a trace: a catalogue row without its samples will do. */
export type GroupableTrace = Pick<
  Trace,
  'component' | 'receiver' | 'headers' | 'sampleInterval' | 'startTime'
>;

/** Where a trace was recorded, as far as the file says; '' = not said. */
function receiverKey(trace: GroupableTrace): string {
  const r = trace.receiver;
  if (r) return `at ${r.x} ${r.y} ${r.z}`;
  const { NETWORK, STATION, LOCATION, CHANNEL } = trace.headers;
  if (STATION !== undefined) {
    // Band and instrument codes (HH of HHZ): a station's HH and HN streams are two sensors.
    const instrument = typeof CHANNEL === 'string' ? CHANNEL.slice(0, -1) : '';
    return `station ${NETWORK ?? ''}.${STATION}.${LOCATION ?? ''}.${instrument}`;
  }
  return '';
}

function sameClock(a: GroupableTrace, b: GroupableTrace): boolean {
  return (
    a.sampleInterval === b.sampleInterval &&
    Math.abs(a.startTime - b.startTime) < a.sampleInterval / 2
  );
}

/** Groups of indices of a record's traces, each in record order, ordered by their first trace. */
export function groupComponents(traces: readonly GroupableTrace[]): number[][] {
  const groups: number[][] = [];
  const open = new Map<string, number[]>();
  traces.forEach((trace, index) => {
    if (!GROUPABLE.has(trace.component)) {
      groups.push([index]);
      return;
    }
    const key = receiverKey(trace);
    const group = open.get(key);
    if (
      group &&
      sameClock(traces[group[0]!]!, trace) &&
      group.every((i) => traces[i]!.component !== trace.component)
    ) {
      group.push(index);
      return;
    }
    const fresh = [index];
    groups.push(fresh);
    open.set(key, fresh);
  });
  return groups;
}

/** A trace a picker leaves out, by its index in the record, and why. */
export interface SkippedTrace {
  trace: number;
  reason: string;
}

/**
 * The receivers a picker can take (groupComponents), without the traces it cannot: a trace
 * with no samples (an empty aux channel) would stop the whole file's, or project's, picking.
 * A receiver left with no trace is no input at all.
 */
export function pickableGroups(traces: readonly (GroupableTrace & Pick<Trace, 'samples'>)[]): {
  groups: number[][];
  skipped: SkippedTrace[];
} {
  const skipped: SkippedTrace[] = [];
  const groups = groupComponents(traces)
    .map((members) =>
      members.filter((i) => {
        if (traces[i]!.samples.length > 0) return true;
        skipped.push({ trace: i, reason: 'the trace has no samples' });
        return false;
      }),
    )
    .filter((members) => members.length > 0);
  return { groups, skipped: skipped.sort((a, b) => a.trace - b.trace) };
}
