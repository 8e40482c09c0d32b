import type { TraceStatus } from '../api/contract';
import type { Position } from '../formats/record';

/** A trace's own columns, as the gather view and the pickers read them (alias `t`). */
export const TRACE_COLUMNS = `t.id, t.trace_index, t.channel, t.component, t.sample_interval,
  t.start_time, t.receiver_x, t.receiver_y, t.receiver_z, t.status`;

export interface TraceColumns {
  id: number;
  trace_index: number;
  channel: number;
  component: string;
  sample_interval: number;
  start_time: number;
  receiver_x: number | null;
  receiver_y: number | null;
  receiver_z: number | null;
  status: TraceStatus;
}

/** A stored position: none when x is unknown; y and z default to 0 (a straight, flat line). */
export function position(x: number | null, y: number | null, z: number | null): Position | null {
  return x === null ? null : { x, y: y ?? 0, z: z ?? 0 };
}

/**
 * Whether `time` lies on a trace's record: from its first sample to its last, with half a
 * sample either way (a pick sits on the sample grid or between samples, never beyond).
 */
export function onRecord(
  time: number,
  trace: { start_time: number; sample_interval: number; sample_count: number },
): boolean {
  const last = trace.start_time + (trace.sample_count - 1) * trace.sample_interval;
  const slack = trace.sample_interval / 2;
  return trace.sample_count > 0 && time >= trace.start_time - slack && time <= last + slack;
}
