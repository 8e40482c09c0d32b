import type { GatherTrace } from '../../../src-main/api/contract';

type Viewed = Pick<GatherTrace, 'id' | 'component' | 'pickTraceId'>;

/**
 * Which traces of a gather are drawn: all of them, or one component of each receiver. On a
 * line of 3-component geophones the Z, E and N traces of a receiver share its offset and would
 * be drawn on top of each other; shown one component at a time, the gather reads like a
 * vertical one, and S shows on the horizontals.
 *
 * A receiver has one set of picks, on its pick trace (`pickTraceId`); with one component
 * shown, they are drawn on that component's trace of the receiver, wherever they are stored.
 */
export interface ComponentView<T extends Viewed> {
  /** The gather's components, in the order they first appear. */
  components: string[];
  /** The component drawn, or 'all'. */
  shown: string;
  traces: T[];
  /** Trace id of a pick → index in `traces` of the trace it is drawn on. */
  drawnOn: Map<number, number>;
}

/**
 * The traces of `choice` ('all', or a component such as 'Z'); every trace when the gather has
 * fewer than two components or none of that one.
 */
export function componentView<T extends Viewed>(
  traces: readonly T[],
  choice: string,
): ComponentView<T> {
  const components = [...new Set(traces.map((t) => t.component))];
  if (choice === 'all' || components.length < 2 || !components.includes(choice)) {
    return {
      components,
      shown: 'all',
      traces: [...traces],
      drawnOn: new Map(traces.map((t, i) => [t.id, i])),
    };
  }
  const kept = traces.filter((t) => t.component === choice);
  const byReceiver = new Map<number, number>();
  kept.forEach((t, i) => byReceiver.set(t.pickTraceId, i));
  const drawnOn = new Map(kept.map((t, i) => [t.id, i]));
  for (const t of traces) {
    const at = byReceiver.get(t.pickTraceId);
    if (at !== undefined) drawnOn.set(t.id, at);
  }
  return { components, shown: choice, traces: kept, drawnOn };
}
