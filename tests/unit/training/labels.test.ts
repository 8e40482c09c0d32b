import { describe, expect, it } from 'vitest';
import { phaseLabels, pickProbability } from '../../../src-main/training/labels';

const column = (labels: Float32Array, c: number) => labels.filter((_, i) => i % 3 === c);

describe('phase labels', () => {
  it('puts a Gaussian of the given standard deviation on each pick', () => {
    const labels = phaseLabels(200, { P: 50, S: 120.5 }, { shape: 'gaussian', width: 10 });
    const p = column(labels, 1);
    const s = column(labels, 2);
    expect(p[50]).toBe(1);
    expect(p[60]).toBeCloseTo(Math.exp(-0.5), 6);
    expect(p[40]).toBeCloseTo(p[60]!, 7);
    // A pick between two samples: both get the same value, below 1.
    expect(s[120]).toBeCloseTo(s[121]!, 7);
    expect(s[120]).toBeCloseTo(Math.exp(-(0.5 ** 2) / 200), 6);
    expect(p.indexOf(Math.max(...p))).toBe(50);
  });

  it('makes triangles of the given half-width', () => {
    const labels = phaseLabels(100, { P: 30, S: null }, { shape: 'triangle', width: 4 });
    const p = Array.from(column(labels, 1));
    expect(p.slice(25, 36)).toEqual([0, 0, 0.25, 0.5, 0.75, 1, 0.75, 0.5, 0.25, 0, 0]);
    expect(column(labels, 2).every((v) => v === 0)).toBe(true);
    expect(pickProbability({ shape: 'triangle', width: 4 }, -2)).toBe(0.5);
  });

  it('labels noise as 1 - P - S, clipped at 0 where P and S overlap', () => {
    const labels = phaseLabels(100, { P: 40, S: 42 }, { shape: 'gaussian', width: 5 });
    for (let t = 0; t < 100; t++) {
      const [n, p, s] = [labels[3 * t]!, labels[3 * t + 1]!, labels[3 * t + 2]!];
      expect(n).toBeCloseTo(Math.max(0, 1 - p - s), 6);
      expect(n).toBeGreaterThanOrEqual(0);
    }
    expect(labels[3 * 41]).toBe(0); // P + S > 1 between the picks
  });

  it('labels a window without picks as all noise', () => {
    const labels = phaseLabels(64, { P: null, S: null }, { shape: 'gaussian', width: 8 });
    expect(column(labels, 0).every((v) => v === 1)).toBe(true);
    expect(labels.filter((_, i) => i % 3 !== 0).every((v) => v === 0)).toBe(true);
    expect(() => phaseLabels(10, { P: 1, S: null }, { shape: 'gaussian', width: 0 })).toThrow(
      /width/,
    );
  });
});
