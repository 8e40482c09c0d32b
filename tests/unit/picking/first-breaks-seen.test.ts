import { describe, expect, it } from 'vitest';
import {
  firstBreaksSeen,
  type SeenReceiver,
} from '../../../src-main/picking/gather/first-breaks-seen';

/** A receiver at x (m) whose P probability peaks at `peak` (s) with height `height`. */
function receiver(
  x: number | null,
  peak: number | null,
  height = 0.9,
  horizon = 200,
): SeenReceiver {
  const p = new Float32Array(1000);
  if (peak !== null) {
    const k = Math.round(peak / 0.001);
    for (let d = -3; d <= 3; d++) p[k + d] = height * (1 - Math.abs(d) / 4);
  }
  return {
    p,
    horizon,
    dt: 0.001,
    startTime: 0,
    earliest: 0,
    place: { x, y: x === null ? null : 0, offset: x },
    live: true,
  };
}

describe('firstBreaksSeen', () => {
  // Horizon 200 samples: 0.2 s, less the 0.03 s margin, so peaks up to 0.17 s count.
  it('is true once every live receiver has a sure peak before the horizon', () => {
    expect(firstBreaksSeen([receiver(0, 0.05), receiver(2, 0.06), receiver(4, 0.16)])).toBe(true);
    // A peak in the margin is not seen yet (40 m from the sure one, it may be that late)…
    expect(firstBreaksSeen([receiver(0, 0.05), receiver(40, 0.18)])).toBe(false);
    // … and is once the horizon moves on.
    expect(firstBreaksSeen([receiver(0, 0.05), receiver(40, 0.18, 0.9, 300)])).toBe(true);
  });

  it('waits for a receiver the network is not sure of only as long as the slowest wave allows', () => {
    // Unsure 2 m from a sure peak at 0.05 s: at most 0.05 + 2 / 100 + 0.002 = 0.072 s.
    expect(firstBreaksSeen([receiver(0, 0.05), receiver(2, 0.06, 0.3)])).toBe(true);
    // 14 m away: 0.05 + 0.14 + 0.002 > 0.17 s, so its first break may still come.
    expect(firstBreaksSeen([receiver(0, 0.05), receiver(14, null)])).toBe(false);
    // Without positions, a step of 25 ms (+ 2 ms) per receiver between them.
    expect(firstBreaksSeen([receiver(null, 0.05), receiver(null, null)])).toBe(true);
    const far = [receiver(null, 0.05), ...Array.from({ length: 5 }, () => receiver(null, null))];
    expect(firstBreaksSeen(far)).toBe(false);
  });

  it('needs one sure peak, ignores dead channels and peaks before the earliest time', () => {
    expect(firstBreaksSeen([receiver(0, null), receiver(2, null)])).toBe(false);
    const dead = { ...receiver(40, null), live: false };
    expect(firstBreaksSeen([receiver(0, 0.05), dead])).toBe(true);
    const early = { ...receiver(0, 0.01), earliest: 0.02 };
    expect(firstBreaksSeen([early])).toBe(false);
  });

  it('reads an S line by its slower bound', () => {
    // 4 m at 50 m/s: 0.08 + 0.002 after a peak at 0.05 s is within 0.17 s; at 20 m not.
    expect(firstBreaksSeen([receiver(0, 0.05), receiver(4, null)], { slowest: 50 })).toBe(true);
    expect(firstBreaksSeen([receiver(0, 0.05), receiver(20, null)], { slowest: 50 })).toBe(false);
  });
});
