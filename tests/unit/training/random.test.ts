import { describe, expect, it } from 'vitest';
import { deriveSeed, Rng, rngFor } from '../../../src-main/training/random';

const draw = (rng: Rng, n: number) => Array.from({ length: n }, () => rng.nextUint32());

describe('seeded random numbers', () => {
  it('is xoshiro128**: the reference implementation’s outputs from state 1, 2, 3, 4', () => {
    const rng = Rng.restore({ words: [1, 2, 3, 4], spare: null });
    expect(draw(rng, 8)).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849,
    ]);
  });

  it('repeats for a seed, differs between seeds, and continues from a snapshot', () => {
    expect(draw(new Rng(7), 50)).toEqual(draw(new Rng(7), 50));
    expect(draw(new Rng(7), 50)).not.toEqual(draw(new Rng(8), 50));
    // Seeds beyond 32 bits use their high half too.
    expect(draw(new Rng(2 ** 40 + 7), 5)).not.toEqual(draw(new Rng(7), 5));
    const rng = new Rng(3);
    rng.normal(); // leaves a spare normal in the state
    const copy = Rng.restore(rng.snapshot());
    expect(Array.from({ length: 20 }, () => copy.normal())).toEqual(
      Array.from({ length: 20 }, () => rng.normal()),
    );
  });

  it('names independent streams by path', () => {
    expect(deriveSeed(1, 'survey', 0)).toBe(deriveSeed(1, 'survey', 0));
    const seeds = new Set([
      deriveSeed(1, 'survey', 0),
      deriveSeed(1, 'survey', 1),
      deriveSeed(2, 'survey', 0),
      deriveSeed(1, 'model'),
      deriveSeed(1),
    ]);
    expect(seeds.size).toBe(5);
    expect(draw(rngFor(1, 'a'), 3)).toEqual(draw(new Rng(deriveSeed(1, 'a')), 3));
    expect(() => new Rng(-1)).toThrow(/seed/);
    expect(() => new Rng(1.5)).toThrow(/seed/);
  });

  it('has the distributions it promises', () => {
    const rng = new Rng(11);
    const n = 200_000;
    let sum = 0;
    let squares = 0;
    let uniformSum = 0;
    let low = Infinity;
    let high = -Infinity;
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) {
      const z = rng.normal();
      sum += z;
      squares += z * z;
      const u = rng.uniform();
      uniformSum += u;
      low = Math.min(low, u);
      high = Math.max(high, u);
      counts[rng.integer(0, 3)]!++;
    }
    // Standard errors: mean 1/sqrt(n) = 0.0022, variance sqrt(2/n) = 0.0032.
    expect(Math.abs(sum / n)).toBeLessThan(0.01);
    expect(Math.abs(squares / n - 1)).toBeLessThan(0.015);
    expect(Math.abs(uniformSum / n - 0.5)).toBeLessThan(0.003);
    expect(low).toBeGreaterThanOrEqual(0);
    expect(high).toBeLessThan(1);
    for (const c of counts) expect(Math.abs(c / n - 0.25)).toBeLessThan(0.005);
    const log = Array.from({ length: 1000 }, () => rng.logBetween(0.1, 10));
    expect(Math.min(...log)).toBeGreaterThanOrEqual(0.1);
    expect(Math.max(...log)).toBeLessThan(10);
    // Log-uniform: half the draws below the geometric mean 1.
    expect(Math.abs(log.filter((v) => v < 1).length / 1000 - 0.5)).toBeLessThan(0.06);
  });
});
