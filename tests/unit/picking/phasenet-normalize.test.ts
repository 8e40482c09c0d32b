import { describe, expect, it } from 'vitest';
import { normalizeWindow } from '../../../src-main/picking/phasenet/normalize';
import { INPUT_TOLERANCE } from './phasenet-parity';
import { maxAbsDiff, phasenetFixtures } from './phasenet-fixtures';

function channelStats(x: Float32Array, channels: number, c: number) {
  const n = x.length / channels;
  let sum = 0;
  let squares = 0;
  for (let t = 0; t < n; t++) sum += x[t * channels + c]!;
  const mean = sum / n;
  for (let t = 0; t < n; t++) squares += (x[t * channels + c]! - mean) ** 2;
  return { mean, std: Math.sqrt(squares / n) };
}

describe('PhaseNet normalization', () => {
  for (const fixture of phasenetFixtures()) {
    it(`matches PhaseNet's normalized input for ${fixture.name}`, () => {
      expect(maxAbsDiff(normalizeWindow(fixture.raw, 3), fixture.normalized)).toBeLessThanOrEqual(
        INPUT_TOLERANCE,
      );
    });
  }

  it('gives live channels zero mean and std channels / live channels; flat ones stay zero', () => {
    const T = 400;
    const raw = new Float32Array(T * 3);
    for (let t = 0; t < T; t++) {
      raw[t * 3] = 7; // a constant (dead) channel: all zero once its mean is removed
      raw[t * 3 + 1] = 0; // a missing channel
      raw[t * 3 + 2] = 1000 + 50 * Math.sin(t / 5) + (t % 7); // live, with an offset
    }
    const out = normalizeWindow(raw, 3);
    expect(out.filter((_, i) => i % 3 !== 2).every((v) => v === 0)).toBe(true);
    const z = channelStats(out, 3, 2);
    expect(z.mean).toBeCloseTo(0, 5);
    expect(z.std).toBeCloseTo(3, 5);

    const all = normalizeWindow(
      new Float32Array(T * 3).map((_, i) => Math.cos(i * 0.37) * (1 + (i % 3))),
      3,
    );
    for (let c = 0; c < 3; c++) expect(channelStats(all, 3, c).std).toBeCloseTo(1, 5);
  });

  it('leaves an all-zero window at zero and refuses a ragged one', () => {
    expect(normalizeWindow(new Float32Array(30), 3).every((v) => v === 0)).toBe(true);
    expect(() => normalizeWindow(new Float32Array(10), 3)).toThrow(
      /cannot split 10 samples into 3 channels/,
    );
  });
});
