import { describe, expect, it } from 'vitest';
import { gatherPicks, type GatherReceiver } from '../../../src-main/picking/gather/gather-picks';
import { cutBySearchStart, sourceCheck } from '../../../src-main/picking/gather/source-check';
import { DEFAULT_V_MAX } from '../../../src-main/picking/search-start';

import {
  DT as dt,
  firstBreak,
  peak,
  RECEIVER_XS as xs,
  SAMPLES as N,
  SOURCE_X as TRUE_SOURCE,
} from './probability-images';

/**
 * The source check on probability images made to order (probability-images.ts), the true
 * source at x = 46 m. The headers put the source somewhere; each receiver's search starts at
 * its offset from there / v_max.
 */

/** The gather as the picker sees it with the headers' source at `header`. */
function gather(header: { x: number; y: number }, crosstalk = 0): GatherReceiver[] {
  return xs.map((x) => {
    const p = new Float32Array(N);
    peak(p, firstBreak(x), 0.8);
    // A trigger's crosstalk: one time (1 ms) on every trace.
    if (crosstalk) peak(p, 0.001, crosstalk);
    const offset = Math.hypot(x - header.x, header.y);
    return { p, dt, startTime: 0, earliest: offset / DEFAULT_V_MAX, place: { x, y: 0, offset } };
  });
}

function check(header: { x: number; y: number }, crosstalk = 0) {
  const receivers = gather(header, crosstalk);
  const picks = gatherPicks(receivers);
  return {
    picks,
    receivers,
    move: sourceCheck(
      header,
      receivers,
      xs.map((x) => ({ x, y: 0 })),
      picks,
    ),
  };
}

describe('the source a gather is picked with', () => {
  it('is the headers’ where the first breaks agree', () => {
    const { move, picks } = check({ x: TRUE_SOURCE, y: 0 });
    expect(move).toBeNull();
    picks.forEach((p, i) => expect(p!.time).toBeCloseTo(firstBreak(xs[i]!), 3));
  });

  it('moves to where the first breaks are earliest when the headers put it away from there', () => {
    // Shot 2001's position given to this shot, 66 m off.
    const { move } = check({ x: -20, y: 0 });
    expect(move?.why).toBe('apex');
    expect([44, 48]).toContain(move!.at.x);
  });

  it('moves to the receiver where they are earliest when the offsets cut the first breaks', () => {
    // 150 m off the line (a coordinate mistyped): every search starts 25 ms or more after the
    // shot, after the first breaks of the receivers within 24 m of the true source.
    const { move, receivers, picks } = check({ x: TRUE_SOURCE, y: 150 });
    const cut = receivers.filter((r, i) => cutBySearchStart(r, picks[i]!));
    expect(cut.map((r) => r.place.x)).toEqual(
      xs.filter((x) => firstBreak(x) < Math.hypot(x - TRUE_SOURCE, 150) / DEFAULT_V_MAX),
    );
    expect(cut).toHaveLength(12);
    expect(move?.why).toBe('cut');
    expect([44, 48]).toContain(move!.at.x);
    // A v_max slower than the ground, set by a person, is theirs: its cuts say nothing.
    const positions = xs.map((x) => ({ x, y: 0 }));
    const header = { x: TRUE_SOURCE, y: 150 };
    expect(sourceCheck(header, receivers, positions, picks, { cutsSpeak: false })).toBeNull();
    // Offsets from there are never longer than the true ones: no first break is cut then.
    const moved = gather(move!.at);
    expect(moved.filter((r, i) => cutBySearchStart(r, gatherPicks(moved)[i]!))).toEqual([]);
  });

  it('keeps the headers’ when what the search start cuts is one time on every trace', () => {
    // The trigger's crosstalk, clearer than the first breaks: cut everywhere the search starts
    // after 1 ms, but from the shot on it is no valley of first breaks.
    const { move, receivers, picks } = check({ x: TRUE_SOURCE, y: 0 }, 0.9);
    expect(receivers.filter((r, i) => cutBySearchStart(r, picks[i]!)).length).toBeGreaterThan(3);
    expect(move).toBeNull();
  });
});
