import { describe, expect, it } from 'vitest';
import {
  neighbourStacks,
  type StackReceiver,
} from '../../../src-main/picking/gather/neighbour-stack';
import { makeTrace } from './small-model';

/**
 * Gathers made to order at 4 kHz: receivers 2 m apart on a 2,000 m/s refraction, each with
 * its own static (±1 ms, whole samples), a weak first cycle in unit noise and a cycle 8 ms later four times
 * stronger, the one a network on one trace takes (formikoj beyond 50 m).
 */
const dt = 0.00025;
const N = 1200;
const F = 100;
const STATICS = [0.5, -1, 0.75, -0.25, 1, -0.75, 0.25, 0.75, -0.5, 0, 0.5, -1].map(
  (ms) => ms / 1000,
);

function burst(out: Float64Array, onset: number, amplitude: number): void {
  const period = 1 / F;
  for (let k = 0; k < N; k++) {
    const t = k * dt - onset;
    if (t >= 0 && t < period) out[k]! += amplitude * Math.sin(2 * Math.PI * F * t);
  }
}

function noise(seed: number): Float64Array {
  let state = seed;
  const uniform = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return (state + 1) / 2147483649;
  };
  return Float64Array.from(
    { length: N },
    () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform()),
  );
}

/** A trace of these samples at the gathers' rate. */
const trace = (samples: Float64Array, component = 'Z') => makeTrace(samples, component, dt);

const onsetAt = (offset: number, i: number) => 0.02 + offset / 2000 + STATICS[i % 12]!;

function gather(
  offsets: number[],
  { weak = 1.5, clean = false }: { weak?: number; clean?: boolean } = {},
): StackReceiver[] {
  return offsets.map((offset, i) => {
    const x = clean ? new Float64Array(N) : noise(i + 1);
    burst(x, onsetAt(offset, i), weak);
    burst(x, onsetAt(offset, i) + 0.008, 4 * weak);
    return {
      traces: [trace(x)],
      key: 0,
      place: { x: i * 2, y: 0, offset },
      firstBreak: onsetAt(offset, i) + 0.008,
    };
  });
}

/** RMS of a trace over [from, to) s. */
function rms(x: ArrayLike<number>, from: number, to: number): number {
  let sum = 0;
  let n = 0;
  for (let k = Math.round(from / dt); k < Math.round(to / dt); k++, n++) sum += x[k]! ** 2;
  return Math.sqrt(sum / n);
}

const OFFSETS = Array.from({ length: 12 }, (_, i) => 60 + 2 * i);

describe('neighbour stacks', () => {
  it('lift a weak first cycle out of the noise, aligned on each receiver’s own statics', () => {
    const receivers = gather(OFFSETS);
    const stacks = neighbourStacks(receivers);
    for (const i of [4, 5, 6, 7]) {
      const onset = onsetAt(OFFSETS[i]!, i);
      const snr = (x: ArrayLike<number>) =>
        rms(x, onset, onset + 1 / F) / rms(x, onset - 0.015, onset - 0.002);
      expect(stacks[i]!.neighbours).toBe(4);
      expect(stacks[i]!.focus).toBe(receivers[i]!.firstBreak);
      // Five traces: the noise falls by up to √5 against the coherent cycle.
      expect(snr(stacks[i]!.traces[0]!.samples)).toBeGreaterThan(
        1.6 * snr(receivers[i]!.traces[0]!.samples),
      );
    }
  });

  it('keep the first cycle where the receiver has it, whatever its neighbours’ statics', () => {
    const receivers = gather(OFFSETS, { clean: true });
    const stacks = neighbourStacks(receivers);
    for (const i of [3, 6, 9]) {
      // Noise-free: five aligned copies of the receiver's own cycles, nothing before them.
      const onset = onsetAt(OFFSETS[i]!, i);
      const x = stacks[i]!.traces[0]!.samples;
      expect(rms(x, 0, onset - dt)).toBeLessThan(1e-6);
      const own = receivers[i]!.traces[0]!.samples;
      const gain = rms(x, onset, onset + 0.02) / rms(own, onset, onset + 0.02);
      for (let k = Math.round(onset / dt); k < Math.round((onset + 0.02) / dt); k++) {
        expect(x[k]!).toBeCloseTo(gain * own[k]!, 4);
      }
    }
  });

  it('do not reach across the source, where the offset turns back', () => {
    // Receivers every 2 m from x = 0, the source at x = 23 between two of them.
    const offsets = Array.from({ length: 24 }, (_, i) => Math.abs(i * 2 - 23));
    const stacks = neighbourStacks(gather(offsets, { clean: true }));
    expect(stacks[9]!.neighbours).toBe(4);
    expect(stacks[10]!.neighbours).toBe(3); // 8, 9 and 11, not 12 beyond the source
    expect(stacks[11]!.neighbours).toBe(2); // 9 and 10: 12 is as far on the other side
    expect(stacks[12]!.neighbours).toBe(2);
  });

  it('leave out dead and unaligned neighbours, settled receivers and gathers with no first break', () => {
    const receivers = gather(OFFSETS);
    receivers[5] = { ...receivers[5]!, traces: [trace(new Float64Array(N))] };
    receivers[8] = { ...receivers[8]!, settled: true };
    const stacks = neighbourStacks(receivers);
    expect(stacks[6]!.neighbours).toBe(3);
    expect(stacks[8]).toBeNull();
    expect(stacks[9]!.neighbours).toBe(4); // a settled receiver is still a neighbour
    // Unrelated noise correlates below 0.5: nothing to stack.
    const noiseOnly = OFFSETS.map((offset, i) => ({
      ...receivers[i]!,
      traces: [trace(noise(100 + i))],
      settled: false,
    }));
    expect(neighbourStacks(noiseOnly, { minCorrelation: 0.9 }).every((s) => s === null)).toBe(true);
    expect(
      neighbourStacks(receivers.map((r) => ({ ...r, firstBreak: null }))).every((s) => s === null),
    ).toBe(true);
  });

  it('leave out a neighbour whose first break, aligned, is on another branch', () => {
    // Receiver 3's first break was found 5 ms early (a head wave past a crossover): its
    // waveform still aligns with its neighbours', its first break then does not.
    const receivers = gather(OFFSETS, { clean: true });
    receivers[3] = { ...receivers[3]!, firstBreak: receivers[3]!.firstBreak! - 0.005 };
    const stacks = neighbourStacks(receivers);
    expect(stacks[1]!.neighbours).toBe(2); // 0 and 2
    expect(stacks[5]!.neighbours).toBe(3);
    expect(stacks[3]).toBeNull(); // and none of them is on its branch
  });

  it('shift every component by the lag found on the key one', () => {
    const receivers = gather(OFFSETS, { clean: true }).map((r, i) => {
      const e = new Float64Array(N);
      burst(e, onsetAt(OFFSETS[i]!, i) + 0.008, 2);
      return { ...r, traces: [trace(e, 'E'), r.traces[0]!], key: 1 };
    });
    const stacks = neighbourStacks(receivers);
    const i = 6;
    const onset = onsetAt(OFFSETS[i]!, i) + 0.008;
    const e = stacks[i]!.traces[0]!.samples;
    // Five E cycles on top of each other: the E stack is the receiver's own E, five times.
    const own = receivers[i]!.traces[0]!.samples;
    const gain = rms(e, onset, onset + 1 / F) / rms(own, onset, onset + 1 / F);
    expect(gain).toBeGreaterThan(4.9 / rms(own, 0, N * dt));
    expect(stacks[i]!.traces.map((t) => t.component)).toEqual(['E', 'Z']);
  });
});
