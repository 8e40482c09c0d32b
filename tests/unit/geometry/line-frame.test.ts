import { describe, expect, it } from 'vitest';
import {
  acrossLine,
  alongLine,
  lineFrame,
  signedOffset,
  X_AXIS,
} from '../../../src-main/geometry/line-frame';

/** A line of `n` stations `spacing` m apart from (x0, y0) at `degrees` from east. */
function line(n: number, spacing: number, degrees: number, x0 = 500_000, y0 = 4_000_000) {
  const [c, s] = [Math.cos((degrees * Math.PI) / 180), Math.sin((degrees * Math.PI) / 180)];
  return Array.from({ length: n }, (_, i) => ({
    x: x0 + i * spacing * c,
    y: y0 + i * spacing * s,
  }));
}

describe('the frame of a line', () => {
  it('keeps x for a line along x, whatever its y', () => {
    expect(lineFrame(line(24, 4, 0, -20, 0))).toBe(X_AXIS);
    expect(lineFrame(line(24, 4, 0, 3, 17))).toBe(X_AXIS);
    expect(alongLine(X_AXIS, { x: -20, y: 5 })).toBe(-20);
    expect(signedOffset(X_AXIS, { x: 46, y: 0 }, { x: 4, y: 0 })).toBe(-42);
  });

  it('measures a line in map coordinates from its first station, in either direction', () => {
    for (const degrees of [30, 90, 150, -60, 210]) {
      const stations = line(24, 4, degrees);
      const frame = lineFrame(stations);
      const along = stations.map((p) => alongLine(frame, p));
      // From 0 to 92 m, in the order of the stations or the reverse.
      const ordered = along[0]! < along[23]! ? along : [...along].reverse();
      ordered.forEach((a, i) => expect(a).toBeCloseTo(4 * i, 6));
      stations.forEach((p) => expect(acrossLine(frame, p)).toBeCloseTo(0, 6));
      expect(Math.abs(signedOffset(frame, stations[11]!, stations[2]!))).toBeCloseTo(36, 6);
      expect(Math.sign(signedOffset(frame, stations[11]!, stations[2]!))).toBe(
        -Math.sign(signedOffset(frame, stations[11]!, stations[20]!)),
      );
    }
  });

  it('gives offsets their size off the line (a crossing line)', () => {
    const frame = lineFrame(line(24, 4, 0, 0, 0).concat(line(3, 4, 0, 0, 1)));
    // A receiver 30 m across from the source: 30 m away, whatever its place along the line.
    expect(Math.abs(signedOffset(frame, { x: 40, y: 0 }, { x: 40, y: 30 }))).toBeCloseTo(30, 1);
  });

  it('measures a gently bending line along its stations (chainage)', () => {
    // 48 stations 2 m apart on an arc of 150 m radius, 7 m off its chord in the middle.
    const arc = Array.from({ length: 48 }, (_, i) => {
      const a = (2 * i) / 150 - 0.3;
      return { x: 500_000 + 150 * Math.sin(a), y: 4_000_000 + 150 * (1 - Math.cos(a)) };
    });
    const frame = lineFrame(arc, arc);
    expect(frame.path).toBeDefined();
    const along = arc.map((p) => alongLine(frame, p));
    along.forEach((a, i) => expect(a - along[0]!).toBeCloseTo(2 * i, 1));
    arc.forEach((p) => expect(Math.abs(acrossLine(frame, p))).toBeLessThan(0.05));
    // A source 4 m before the first station, on the line's tangent there, and one 3 m aside.
    const tangent = { x: Math.cos(-0.3), y: Math.sin(-0.3) };
    const before = { x: arc[0]!.x - 4 * tangent.x, y: arc[0]!.y - 4 * tangent.y };
    expect(alongLine(frame, before) - along[0]!).toBeCloseTo(-4, 1);
    const aside = { x: arc[20]!.x - 3 * Math.sin(0.0667), y: arc[20]!.y + 3 * Math.cos(0.0667) };
    expect(acrossLine(frame, aside)).toBeCloseTo(3, 1);
    expect(Math.abs(signedOffset(frame, arc[0]!, arc[10]!))).toBeCloseTo(
      Math.hypot(arc[10]!.x - arc[0]!.x, arc[10]!.y - arc[0]!.y),
      9,
    );
  });

  it('keeps the straight line for scatter about it, an L-shaped layout and crossed lines', () => {
    const scattered = line(48, 2, 20).map((p, i) => ({ x: p.x, y: p.y + (i % 2 ? 0.9 : -0.9) }));
    expect(lineFrame(scattered, scattered).path).toBeUndefined();
    const ell = line(24, 4, 0).concat(line(24, 4, 90, 500_092, 4_000_004));
    expect(lineFrame(ell, ell).path).toBeUndefined();
    const crossed = line(48, 2, 0, 500_000).concat(line(48, 2, 90, 500_048, 3_999_952));
    expect(lineFrame(crossed, crossed).path).toBeUndefined();
  });
});
