import { describe, expect, it } from 'vitest';
import {
  firstBreakApex,
  sourceCheckLine,
  sourceDoubt,
  sourceDoubtLine,
} from '../../../src-main/qc/source-position';

/** First breaks of a 48-receiver line at 2 m over 500 m/s ground, a source at `at` m. */
function line(at: number, receivers = Array.from({ length: 48 }, (_, i) => i * 2)) {
  return receivers.map((x) => ({ x, y: 0, time: Math.abs(x - at) / 500 }));
}

describe('the source position against the first breaks', () => {
  it('agrees where the headers put the source, mid-spread, between receivers or off an end', () => {
    expect(sourceDoubt({ x: 40, y: 0 }, line(40))).toBeNull();
    expect(sourceDoubt({ x: 41, y: 0 }, line(41))).toBeNull();
    expect(sourceDoubt({ x: -20, y: 0 }, line(-20))).toBeNull();
    expect(sourceDoubt({ x: 150, y: 0 }, line(150))).toBeNull();
    // A few metres off (a source beside its station, a lost near-source first break) is not a
    // doubt: three spacings of leeway.
    expect(sourceDoubt({ x: 45, y: 0 }, line(40))).toBeNull();
  });

  it('doubts a source the headers put away from the valley of the first breaks', () => {
    // The first breaks say 40 m; the headers say off the start of the line.
    const doubt = sourceDoubt({ x: -20, y: 0 }, line(40))!;
    expect(doubt.apex).toEqual({ x: 40, y: 0 });
    expect(doubt.distance).toBe(60);
    // Medians of neighbours: 78 ms at the receiver nearest the headers' source (0 m), 4 ms at
    // the apex.
    expect(doubt.earlier).toBeCloseTo(0.074, 9);
    expect(sourceDoubtLine(doubt)).toBe(
      'the first breaks are earliest at the receiver at x 40 m, 60 m from the source the ' +
        'headers give, 74.0 ms before the receiver nearest it: check the source position',
    );
    expect(sourceDoubt({ x: 70, y: 0 }, line(40))?.apex).toEqual({ x: 40, y: 0 });
  });

  it('takes an apex at the end of the spread only when told', () => {
    // The headers put the source off the start; the first breaks are earliest at the far end.
    expect(sourceDoubt({ x: -20, y: 0 }, line(120))).toBeNull();
    const doubt = sourceDoubt({ x: -20, y: 0 }, line(120), { ends: true })!;
    expect(doubt.apex).toEqual({ x: 94, y: 0 });
    expect(doubt.distance).toBe(114);
  });

  it('finds where the first breaks put the source, whatever the headers say', () => {
    expect(firstBreakApex(line(40))).toEqual({ x: 40, y: 0 });
    expect(firstBreakApex(line(41))).toEqual({ x: 40, y: 0 });
    // Off an end: the end receiver, later on the one side there is.
    expect(firstBreakApex(line(150))).toEqual({ x: 94, y: 0 });
    // One time on every trace (a trigger's crosstalk) is no source.
    expect(firstBreakApex(line(40).map((p) => ({ ...p, time: 0.001 })))).toBeNull();
    expect(firstBreakApex(line(40).slice(0, 8))).toBeNull();
  });

  it('takes the floor of a valley between two receivers, not a stray early pick beside it', () => {
    // The source between the receivers at 40 and 42 m; the one at 44 m picked a hair early,
    // which ties its neighbours' median with the floor's.
    const picks = line(41).map((p) => (p.x === 44 ? { ...p, time: 0.0015 } : p));
    expect(firstBreakApex(picks)).toEqual({ x: 42, y: 0 });
    expect(sourceDoubt({ x: -20, y: 0 }, picks)?.apex).toEqual({ x: 42, y: 0 });
  });

  it('says what a picker did with the source', () => {
    const doubt = sourceDoubt({ x: -20, y: 0 }, line(40))!;
    const at = { x: 40, y: 0 };
    expect(sourceCheckLine(doubt, null)).toBe(sourceDoubtLine(doubt));
    expect(sourceCheckLine(doubt, { at, why: 'apex' })).toBe(
      `${sourceDoubtLine(doubt)}; picked with the source at that receiver`,
    );
    expect(sourceCheckLine(null, { at, why: 'cut' })).toBe(
      'the first breaks come earlier than the offsets the headers give allow (at v_max): ' +
        'picked with the source at the receiver at x 40 m, where they are earliest; check the ' +
        'source position and the trigger',
    );
    expect(sourceCheckLine(null, { at: { x: 40, y: 12 }, why: 'apex' })).toBe(
      'picked with the source at the receiver at (40, 12) m, where the first breaks are ' +
        'earliest: check the source position',
    );
    expect(sourceCheckLine(null, null)).toBeNull();
  });

  it('is not fooled by one stray first break, nor tells from too few', () => {
    const stray = line(40).map((p) => (p.x === 80 ? { ...p, time: 0 } : p));
    expect(sourceDoubt({ x: 40, y: 0 }, stray)).toBeNull();
    expect(sourceDoubt({ x: -20, y: 0 }, line(40).slice(0, 8))).toBeNull();
    const missing = line(40).map((p) => (p.x > 30 ? { ...p, time: null } : p));
    expect(sourceDoubt({ x: 40, y: 0 }, missing)).toBeNull();
  });

  it('reads crossing lines in the plane', () => {
    // Two 24-receiver lines at 2 m crossing at (24, 0), the source at the crossing.
    const along = Array.from({ length: 24 }, (_, i) => ({ x: i * 2, y: 0 }));
    const across = Array.from({ length: 24 }, (_, i) => ({ x: 24, y: i * 2 - 23 }));
    const picks = (source: { x: number; y: number }) =>
      [...along, ...across].map((r) => ({
        ...r,
        time: Math.hypot(r.x - source.x, r.y - source.y) / 500,
      }));
    const crossing = { x: 24, y: 0 };
    expect(sourceDoubt(crossing, picks(crossing))).toBeNull();
    // The headers put it 20 m up the second line: in x it is still at the crossing.
    const doubt = sourceDoubt({ x: 24, y: 20 }, picks(crossing))!;
    // Within a spacing of the crossing, 20 m or so from the headers' source.
    expect(Math.hypot(doubt.apex.x - 24, doubt.apex.y)).toBeLessThanOrEqual(2);
    expect(doubt.distance).toBeGreaterThan(18);
    expect(sourceDoubtLine(doubt)).toMatch(
      /^the first breaks are earliest at the receiver at (x \d+|\(\d+, -?\d+\)) m, \d+(\.\d)? m from/,
    );
  });
});
