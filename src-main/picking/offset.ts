import type { Trace } from '../formats/record';

/** Horizontal source-receiver distance, metres; null without both positions. */
export function horizontalOffset(trace: Pick<Trace, 'source' | 'receiver'>): number | null {
  const { source, receiver } = trace;
  return source && receiver ? Math.hypot(receiver.x - source.x, receiver.y - source.y) : null;
}
