import { describe, expect, it } from 'vitest';
import type { PickRecord } from '../../../src-main/api/contract';
import {
  firstBreakSamples,
  lowConfidence,
  predictedTime,
  probabilityAt,
  probabilityMaximum,
  rulerVelocity,
  stepTrace,
  traceOrder,
} from '../../../src-renderer/src/lib/trace-cursor';

const pick = (over: Partial<PickRecord>): PickRecord => ({
  id: 1,
  traceId: 1,
  phase: 'P',
  time: 0.01,
  probability: null,
  uncertainty: null,
  origin: 'auto',
  method: '',
  modelId: null,
  status: 'proposed',
  createdAt: '',
  updatedAt: '',
  ...over,
});

describe('keyboard picking', () => {
  it('walks every live trace across the plot, in position order, stopping at the ends', () => {
    // File order is not plot order on a crooked line; trace 2 is dead.
    const order = traceOrder([0, 8, 4, 12], [false, false, true, false]);
    expect(order).toEqual([0, 1, 3]);
    expect(stepTrace(order, null, 1)).toBe(0);
    expect(stepTrace(order, null, -1)).toBe(3);
    expect(stepTrace(order, 0, 1)).toBe(1);
    expect(stepTrace(order, 1, 1)).toBe(3);
    expect(stepTrace(order, 3, 1)).toBe(3);
    expect(stepTrace(order, 2, 1)).toBe(0);
    expect(stepTrace([], 0, 1)).toBeNull();
  });

  it('predicts the next trace’s time from the two before it', () => {
    expect(predictedTime([], 4)).toBeNull();
    expect(predictedTime([{ x: 0, time: 0.01 }], 4)).toBe(0.01);
    expect(
      predictedTime(
        [
          { x: 0, time: 0.01 },
          { x: 4, time: 0.012 },
        ],
        8,
      ),
    ).toBeCloseTo(0.014, 12);
  });

  it('finds the network’s most probable time, and its value at a time', () => {
    const curve = {
      clock: { startTime: -0.01, sampleInterval: 0.001 },
      P: Float32Array.from([0, 0.1, 0.8, 0.3]),
      S: Float32Array.from([0, 0.01, 0.02, 0]),
    };
    expect(probabilityMaximum(curve, 'P')).toEqual({
      time: expect.closeTo(-0.008, 12),
      probability: expect.closeTo(0.8, 6),
    });
    expect(probabilityMaximum(curve, 'S')).toBeNull();
    expect(probabilityAt(curve, 'P', -0.0071)).toBeCloseTo(0.3, 6);
    expect(probabilityAt(curve, 'P', 1)).toBeNull();
  });

  it('calls a picker’s pick under the threshold low-confidence, never a person’s', () => {
    const picks = [
      pick({ id: 1, probability: 0.3 }),
      pick({ id: 2, probability: 0.9 }),
      pick({ id: 3, probability: 0.2, status: 'rejected' }),
      pick({ id: 4, probability: 0.2, phase: 'S' }),
      pick({ id: 5, probability: 0.1, origin: 'manual' }),
      pick({ id: 6, probability: null }),
      pick({ id: 7, probability: 0.4, status: 'accepted' }),
    ];
    expect(lowConfidence(picks, 'P', 0.5).map((p) => p.id)).toEqual([1, 7]);
  });

  it('reads an apparent velocity off the ruler', () => {
    expect(rulerVelocity({ x: 10, time: 0.02 }, { x: 50, time: 0.04 })).toBeCloseTo(2000, 9);
    expect(rulerVelocity({ x: 50, time: 0.04 }, { x: 10, time: 0.02 })).toBeCloseTo(2000, 9);
    expect(rulerVelocity({ x: 10, time: 0.02 }, { x: 50, time: 0.02 })).toBeNull();
  });

  it('gives each trace a first break: its pick, else between its picked neighbours', () => {
    const trace = (x: number) => ({ x, startTime: 0, sampleInterval: 0.001, length: 1000 });
    const traces = [0, 4, 8, 12, 16].map(trace);
    expect(firstBreakSamples(traces, [0.01, null, 0.02, null, null])).toEqual([10, 15, 20, 25, 30]);
    expect(firstBreakSamples(traces, [null, null, null, null, null])).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(firstBreakSamples(traces, [null, null, 0.5, null, null])).toEqual([
      500, 500, 500, 500, 500,
    ]);
  });
});
