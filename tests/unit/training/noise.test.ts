import { describe, expect, it } from 'vitest';
import { rms } from '../../../src-main/training/awgn';
import { Rng } from '../../../src-main/training/random';
import { addSpikes, ambientNoise } from '../../../src-main/training/synth/noise';

/** Mean power of the DFT of x over the bins from f0 to f1 Hz. */
function bandPower(x: Float64Array, dt: number, f0: number, f1: number): number {
  const n = x.length;
  const df = 1 / (n * dt);
  let total = 0;
  let bins = 0;
  for (let k = Math.ceil(f0 / df); k <= f1 / df; k++) {
    let re = 0;
    let im = 0;
    for (let t = 0; t < n; t++) {
      re += x[t]! * Math.cos((2 * Math.PI * k * t) / n);
      im -= x[t]! * Math.sin((2 * Math.PI * k * t) / n);
    }
    total += re * re + im * im;
    bins++;
  }
  return total / bins;
}

describe('synthetic noise', () => {
  it('makes ambient noise of the exact RMS with its power inside the band', () => {
    const dt = 0.00025;
    const noise = ambientNoise(4000, dt, { low: 10, high: 60 }, 0.3, new Rng(1));
    expect(noise).toHaveLength(4000);
    expect(rms(noise)).toBeCloseTo(0.3, 12);
    const inside = bandPower(noise, dt, 20, 50);
    expect(bandPower(noise, dt, 400, 450)).toBeLessThan(inside / 1000);
    expect(bandPower(noise, dt, 0.5, 2)).toBeLessThan(inside / 100);
    // No start-up transient: the first and last quarters carry the same power.
    const first = rms(noise.subarray(0, 1000));
    const last = rms(noise.subarray(3000));
    expect(first / last).toBeGreaterThan(0.6);
    expect(first / last).toBeLessThan(1.6);
    expect(ambientNoise(100, dt, { low: 10, high: 60 }, 0, new Rng(1)).every((v) => v === 0)).toBe(
      true,
    );
  });

  it('adds spikes of 2 to 10 times the peak at the samples it reports', () => {
    const trace = new Float64Array(500);
    const at = addSpikes(trace, 3, 1.5, new Rng(2));
    expect(at).toHaveLength(3);
    for (const i of new Set(at)) expect(Math.abs(trace[i]!)).toBeGreaterThanOrEqual(3);
    expect(trace.filter((v) => v !== 0).length).toBe(new Set(at).size);
    expect(Math.max(...trace.map(Math.abs))).toBeLessThanOrEqual(45);
  });
});
