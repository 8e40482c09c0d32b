import { describe, expect, it } from 'vitest';
import { lineGeometry } from '../../../src-main/training/synth/geometry';

describe('line geometry', () => {
  it('puts geophones at the spacing and shots off the ends and between geophones', () => {
    const mixed = lineGeometry('mixed', 5, 24, 2);
    expect(mixed.receivers).toHaveLength(24);
    expect(mixed.receivers[23]).toBe(46);
    expect(mixed.sources[0]).toBe(-1);
    expect(mixed.sources[4]).toBe(47);
    const inside = mixed.sources.slice(1, 4);
    for (const x of inside) {
      expect(x % 2).toBe(1); // a geophone midpoint
      expect(x).toBeGreaterThan(0);
      expect(x).toBeLessThan(46);
    }
    expect(inside).toEqual([...inside].sort((a, b) => a - b));
    expect(new Set(inside).size).toBe(3);
  });

  it('keeps off-end shots outside the spread, farther ones a quarter spread out', () => {
    const { sources } = lineGeometry('off-end', 4, 48, 1);
    expect(sources).toEqual([-12.25, -0.5, 47.5, 59.25]);
    const split = lineGeometry('split', 3, 12, 5).sources;
    expect(split.every((x) => x > 0 && x < 55)).toBe(true);
    expect(lineGeometry('mixed', 1, 12, 5).sources).toEqual([-2.5]);
  });
});
