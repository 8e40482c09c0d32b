/**
 * Forward modelling of a set of picks: one travel-time field per distinct source position,
 * read at each of its receivers, and, when asked, one Jacobian row per pick from its ray.
 */
import { timeAt, travelTimes } from './eikonal';
import { RayTracer, timeGradients, type RayRow } from './rays';
import type { SectionGrid } from './section-grid';

export interface SourceReceiverPair {
  sourceX: number;
  sourceZ: number;
  receiverX: number;
  receiverZ: number;
}

export interface ForwardResult {
  /** Per pair, s. */
  times: Float64Array;
  /** Per pair: ray length per node (∂t/∂slowness), when rays were asked for. */
  rows: RayRow[] | null;
}

export interface ForwardOptions {
  rays: boolean;
  /** Called after each source, e.g. to report progress or stop on a cancel. */
  afterSource?: (done: number, total: number) => void;
}

/** Pairs grouped by their exact source position, in first-seen order. */
export function groupBySource(pairs: readonly SourceReceiverPair[]): number[][] {
  const groups = new Map<string, number[]>();
  pairs.forEach((p, i) => {
    const key = `${p.sourceX},${p.sourceZ}`;
    const group = groups.get(key);
    if (group) group.push(i);
    else groups.set(key, [i]);
  });
  return [...groups.values()];
}

export function forward(
  grid: SectionGrid,
  slowness: Float64Array,
  pairs: readonly SourceReceiverPair[],
  groups: readonly number[][],
  options: ForwardOptions,
): ForwardResult {
  const times = new Float64Array(pairs.length);
  const rows: RayRow[] | null = options.rays ? new Array<RayRow>(pairs.length) : null;
  const tracer = options.rays ? new RayTracer(grid) : null;
  groups.forEach((group, g) => {
    const first = pairs[group[0]!]!;
    const field = travelTimes(grid, slowness, { x: first.sourceX, z: first.sourceZ });
    const gradients = tracer ? timeGradients(grid, field) : null;
    for (const i of group) {
      const p = pairs[i]!;
      times[i] = timeAt(grid, field, slowness, p.receiverX, p.receiverZ);
      if (rows && tracer && gradients) {
        rows[i] = tracer.trace(field, gradients, slowness, { x: p.receiverX, z: p.receiverZ });
      }
    }
    options.afterSource?.(g + 1, groups.length);
  });
  return { times, rows };
}
