/**
 * Whether a refractor was shot from both ends. Down-dip a refractor's branch is slower, up-dip
 * faster; only picks travelling both ways over a common stretch of the line tell the dip from
 * the velocity (with one direction, a tilt of the delays trades exactly against the slope).
 */
import type { LayerPick } from './layer-picks';

export interface Coverage {
  /** The stretch of line crossed by picks travelling towards +x, and towards −x; null if none. */
  forward: [number, number] | null;
  reverse: [number, number] | null;
}

export function coverageOf(picks: readonly LayerPick[]): Coverage {
  let forward: [number, number] | null = null;
  let reverse: [number, number] | null = null;
  for (const p of picks) {
    if (p.receiverX === p.shotX) continue;
    const from = Math.min(p.shotX, p.receiverX);
    const to = Math.max(p.shotX, p.receiverX);
    if (p.receiverX > p.shotX) forward = widen(forward, from, to);
    else reverse = widen(reverse, from, to);
  }
  return { forward, reverse };
}

/** Reversed: both directions, over stretches that overlap. */
export function isReversed(coverage: Coverage): boolean {
  const { forward, reverse } = coverage;
  return (
    forward !== null &&
    reverse !== null &&
    Math.min(forward[1], reverse[1]) > Math.max(forward[0], reverse[0])
  );
}

function widen(span: [number, number] | null, from: number, to: number): [number, number] {
  return span ? [Math.min(span[0], from), Math.max(span[1], to)] : [from, to];
}
