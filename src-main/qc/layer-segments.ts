/**
 * Apparent velocities of the refraction branches a person assigned (the travel-time view's
 * layers, as in Plotrefa or Pickwin): per shot, per side of the source and per layer, the
 * straight line t = t0 + |x − xs| / v through the picks of that layer, by least squares. The
 * slope is the apparent velocity the interpreter reads (down-dip and up-dip differ, so the
 * sides are fitted apart); t0 is the intercept time the time-term and plus-minus methods use.
 */

import { maxOf, minOf } from '../numeric/extent';

export interface LayerPick {
  shotId: number;
  /** Receiver x − source x, m. */
  offset: number;
  time: number;
  layer: number;
}

export interface LayerSegment {
  shotId: number;
  side: 'negative' | 'positive';
  layer: number;
  picks: number;
  /** Apparent velocity, m/s; null when the line does not rise with distance. */
  velocity: number | null;
  /** Time at zero offset, s. */
  intercept: number;
  /** Distances from the source the picks span, m (|offset|). */
  from: number;
  to: number;
  /** Root-mean-square misfit of the picks to the line, s. */
  rms: number;
}

/** One segment per shot, side and layer with at least two picks at two distances. */
export function layerSegments(picks: readonly LayerPick[]): LayerSegment[] {
  const groups = new Map<string, LayerPick[]>();
  for (const p of picks) {
    if (p.offset === 0) continue;
    const side = p.offset < 0 ? 'negative' : 'positive';
    const key = `${p.shotId}|${side}|${p.layer}`;
    const group = groups.get(key);
    if (group) group.push(p);
    else groups.set(key, [p]);
  }
  const segments: LayerSegment[] = [];
  for (const group of groups.values()) {
    const { shotId, layer } = group[0]!;
    const side = group[0]!.offset < 0 ? 'negative' : 'positive';
    const x = group.map((p) => Math.abs(p.offset));
    const t = group.map((p) => p.time);
    const n = x.length;
    const mx = x.reduce((a, b) => a + b, 0) / n;
    const mt = t.reduce((a, b) => a + b, 0) / n;
    let sxx = 0;
    let sxt = 0;
    for (let i = 0; i < n; i++) {
      sxx += (x[i]! - mx) ** 2;
      sxt += (x[i]! - mx) * (t[i]! - mt);
    }
    if (n < 2 || sxx === 0) continue;
    const slope = sxt / sxx;
    const intercept = mt - slope * mx;
    const rms = Math.sqrt(
      x.reduce((sum, xi, i) => sum + (t[i]! - intercept - slope * xi) ** 2, 0) / n,
    );
    segments.push({
      shotId,
      side,
      layer,
      picks: n,
      velocity: slope > 0 ? 1 / slope : null,
      intercept,
      from: minOf(x),
      to: maxOf(x),
      rms,
    });
  }
  return segments.sort(
    (a, b) => a.shotId - b.shotId || a.side.localeCompare(b.side) || a.layer - b.layer,
  );
}
