import { describe, expect, it } from 'vitest';
import type { Trace } from '../../../src-main/formats/record';
import { pickFile } from '../../../src-main/picking/pick-file';
import { classicalPick, picksFromProbabilities } from '../../../src-main/picking/pick-traces';
import { CLASSICAL_METHODS } from '../../../src-main/picking/pick-traces';
import {
  DEFAULT_V_MAX,
  earliestArrivals,
  firstSampleAtOrAfter,
} from '../../../src-main/picking/search-start';

/**
 * No arrival before the shot: every picker searches from the source time (or offset / v_max)
 * on, and reads what comes before as noise. The trap is a pre-trigger with a burst in it (a
 * footstep, the trigger's own spike), louder than the first break: before, the classical
 * pickers took it; the network's probabilities could peak there too.
 */
const dt = 0.00025;
const PRE = 0.2; // 200 ms of pre-trigger, as DMT Summit X One lines record
const ONSET = 0.012; // first break 12 ms after the shot

/** Deterministic noise, uniform in [-amp, amp]. */
function noise(n: number, amp: number, seed = 7): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => {
    s = (s * 1103515245 + 12345) % 2 ** 31;
    return amp * (2 * (s / 2 ** 31) - 1);
  });
}

/** Noise, a loud burst 80 ms before the shot, then a decaying 120 Hz first break. */
function shotTrace(offset: number): Trace {
  const n = Math.round((PRE + 0.2) / dt);
  const x = noise(n, 0.01);
  const at = (t: number) => Math.round((t + PRE) / dt);
  for (let i = at(-0.08); i < at(-0.075); i++) x[i] = x[i]! + 3 * Math.sin((i - at(-0.08)) * 0.9);
  for (let i = at(ONSET); i < n; i++) {
    const t = (i - at(ONSET)) * dt;
    x[i] = x[i]! + Math.sin(2 * Math.PI * 120 * t) * Math.exp(-t / 0.03);
  }
  return {
    samples: x,
    sampleInterval: dt,
    startTime: -PRE,
    component: 'Z',
    channel: 1,
    receiver: { x: offset, y: 0, z: 0 },
    source: { x: 0, y: 0, z: 0 },
    receiverFrom: 'header',
    sourceFrom: 'header',
    headers: {},
  };
}

describe('search start', () => {
  it('is offset / v_max after the shot, never before it', () => {
    const traces = [0, 12, 60].map(shotTrace);
    expect(earliestArrivals(traces)).toEqual([0, 12 / DEFAULT_V_MAX, 60 / DEFAULT_V_MAX]);
    expect(earliestArrivals(traces, 1500)).toEqual([0, 0.008, 0.04]);
    expect(earliestArrivals(traces, null)).toEqual([0, 0, 0]);
    expect(() => earliestArrivals(traces, 0)).toThrow(/v_max must be a positive speed/);
  });

  it('ignores offsets that would leave no room for an arrival (positions in the wrong units)', () => {
    // A receiver 1,430 km away (millimetres read as metres) would arrive 0.24 s at 6 km/s.
    const far = [shotTrace(1_430_000), shotTrace(1_440_000)];
    expect(earliestArrivals(far)).toEqual([0, 0]);
    // The same spread with the source on a receiver: the nearest is at 0 m, but the farthest's
    // first arrival would come after the record's 0.2 s.
    expect(earliestArrivals([shotTrace(0), shotTrace(10_000), shotTrace(1_440_000)])).toEqual([
      0, 0, 0,
    ]);
  });

  it('finds the first sample at or after a time', () => {
    expect(firstSampleAtOrAfter(0, -0.2, dt)).toBe(800);
    expect(firstSampleAtOrAfter(0.0001, -0.2, dt)).toBe(801);
    expect(firstSampleAtOrAfter(-1, -0.2, dt)).toBe(0);
  });

  it('keeps every classical picker off the pre-trigger burst', () => {
    const trace = shotTrace(6);
    const from = firstSampleAtOrAfter(0, trace.startTime, dt);
    for (const method of CLASSICAL_METHODS) {
      // From the first sample, the burst wins (STA/LTA, AIC) or comes close.
      const unbounded = classicalPick(method, trace.samples, dt, trace.startTime);
      const bounded = classicalPick(method, trace.samples, dt, trace.startTime, {}, from)!;
      expect(bounded.time, method).toBeGreaterThanOrEqual(0);
      expect(Math.abs(bounded.time - ONSET), method).toBeLessThan(0.003);
      if (method === 'stalta' || method === 'aic') expect(unbounded!.time, method).toBeLessThan(0);
    }
  });

  it('keeps the network’s peaks after the search start', () => {
    const p = new Float32Array(1000);
    p[100] = 0.9; // before the shot (t = -0.15 s)
    p[700] = 0.6; // after it (t = 0 s)
    const probabilities = {
      dt: 0.00025,
      startTime: -0.175,
      noise: p,
      p,
      s: new Float32Array(1000),
    };
    const [free] = picksFromProbabilities(probabilities, ['P'], { mode: 'max' });
    expect(free!.pick.time).toBeLessThan(0);
    const [bounded] = picksFromProbabilities(probabilities, ['P'], { mode: 'max' }, 0);
    expect(bounded!.pick.time).toBeCloseTo(0, 9);
  });

  it('holds in pickFile for a classical picker, on every receiver', async () => {
    const file = {
      format: 'seg2' as const,
      file: 'burst.sg2',
      byteOrder: 'little' as const,
      notes: [],
      records: [
        {
          id: '1',
          traces: [2, 4, 6].map((x, i) => ({ ...shotTrace(x), channel: i + 1 })),
          headers: {},
          startDate: null,
          picks: [],
        },
      ],
    };
    const result = await pickFile(file, { method: 'stalta' });
    expect(result.picks.every((p) => p.time !== null && p.time >= 0)).toBe(true);
  });
});
