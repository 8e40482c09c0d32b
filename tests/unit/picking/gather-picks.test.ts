import { describe, expect, it } from 'vitest';
import { receiverChains } from '../../../src-main/geometry/receiver-chains';
import { firstBreakPath, windowedStepMax } from '../../../src-main/picking/gather/first-break-path';
import { gatherPicks, type GatherReceiver } from '../../../src-main/picking/gather/gather-picks';

import { DT as dt, firstBreak, peak, SAMPLES as N, SOURCE_X as SOURCE } from './probability-images';

/** Gather picking on probability images made to order (probability-images.ts). */

function gather(edit: (p: Float32Array, i: number) => void = () => {}): GatherReceiver[] {
  return Array.from({ length: 24 }, (_, i) => {
    const x = i * 4;
    const p = new Float32Array(N);
    peak(p, firstBreak(x), 0.8);
    edit(p, i);
    return {
      p,
      dt,
      startTime: 0,
      earliest: 0,
      place: { x, y: 0, offset: Math.abs(x - SOURCE) },
    };
  });
}

describe('gather picking', () => {
  it('follows the first-break line where every trace agrees', () => {
    const picks = gatherPicks(gather());
    picks.forEach((p, i) => expect(p!.time).toBeCloseTo(firstBreak(i * 4), 3));
  });

  it('keeps a trace on its neighbours’ line when a later peak is higher there', () => {
    // Trace 5: a ringing later phase 25 ms after the first break, more probable than it.
    const receivers = gather((p, i) => {
      if (i === 5) {
        p.fill(0);
        peak(p, firstBreak(20), 0.35);
        peak(p, firstBreak(20) + 0.025, 0.9);
      }
    });
    const picks = gatherPicks(receivers);
    expect(picks[5]!.time).toBeCloseTo(firstBreak(20), 3);
    expect(picks[5]!.probability).toBeCloseTo(0.35, 2);
  });

  it('picks a weak first break its neighbours vouch for, and nothing on a dead trace', () => {
    const receivers = gather((p, i) => {
      if (i === 8) p.forEach((v, k) => (p[k] = v * 0.15)); // weak: 0.12 at the peak
      if (i === 12) p.fill(0);
    }).map((r, i) => (i === 12 ? { ...r, live: false } : r));
    const picks = gatherPicks(receivers);
    expect(picks[8]!.time).toBeCloseTo(firstBreak(32), 3);
    expect(picks[12]).toBeNull();
    // Its neighbours still link across it.
    expect(picks[11]!.time).toBeCloseTo(firstBreak(44), 3);
    expect(picks[13]!.time).toBeCloseTo(firstBreak(52), 3);
  });

  it('puts a live trace the network sees nothing on where its neighbours’ line crosses it', () => {
    const receivers = gather((p, i) => {
      if (i >= 20) p.fill(0); // the far end: the first break faded into the noise
    });
    const picks = gatherPicks(receivers);
    for (let i = 20; i < 24; i++) {
      expect(picks[i]!.probability).toBe(0);
      expect(picks[i]!.time).toBeCloseTo(firstBreak(i * 4), 3);
    }
  });

  it('picks nothing on a chain whose path nowhere reaches the threshold (a misfire)', () => {
    const receivers = gather((p) => p.forEach((v, k) => (p[k] = v * 0.05)));
    expect(gatherPicks(receivers, { threshold: 0.05 }).every((p) => p === null)).toBe(true);
    expect(gatherPicks(receivers, { threshold: 0.03 }).every((p) => p !== null)).toBe(true);
  });

  it('takes no peak far earlier than the first break nearer the source (a noise burst)', () => {
    // The spread's far end (x = 0-8 m, 46-38 m from the source): a burst 30 ms before the
    // first break, where the network hardly sees the faded first break itself.
    const receivers = gather((p, i) => {
      if (i <= 2) {
        p.forEach((v, k) => (p[k] = v * 0.01));
        peak(p, firstBreak(i * 4) - 0.03, 0.8);
      }
    });
    const picks = gatherPicks(receivers);
    for (const i of [0, 1, 2]) expect(picks[i]!.time).toBeGreaterThan(picks[i + 1]!.time - 0.006);
    // Without the bound on steps back towards the source the path goes to the burst.
    const unbounded = gatherPicks(receivers, { backStep: Number.POSITIVE_INFINITY });
    expect(unbounded[0]!.time).toBeCloseTo(firstBreak(0) - 0.03, 3);
  });

  it('never picks before a trace’s earliest time', () => {
    const receivers = gather().map((r) => ({ ...r, earliest: 0.05 }));
    for (const p of gatherPicks(receivers)) if (p) expect(p.time).toBeGreaterThanOrEqual(0.05);
  });

  it('breaks chains where the spread jumps, and keeps recording order within them', () => {
    const places = [0, 2, 4, 6, 80, 82, 84].map((x) => ({ x, y: 0, offset: x }));
    const chains = receiverChains(places);
    expect(chains.map((c) => c.map((l) => l.receiver))).toEqual([
      [0, 1, 2, 3],
      [4, 5, 6],
    ]);
    expect(chains[1]![1]).toMatchObject({ step: 2, offsetStep: 2 });
    // Without positions: one chain, a unit apart.
    const unplaced = receiverChains([0, 1, 2].map(() => ({ x: null, y: null, offset: null })));
    expect(unplaced).toEqual([
      [
        { receiver: 0, step: null, offsetStep: null },
        { receiver: 1, step: 1, offsetStep: null },
        { receiver: 2, step: 1, offsetStep: null },
      ],
    ]);
  });

  it('bounds each step by the slowest wave over the distance', () => {
    // Two traces 2 m apart: at 100 m/s at most 20 ms (+2 ms slack) apart.
    const a = new Float32Array(N);
    const b = new Float32Array(N);
    peak(a, 0.02, 0.9);
    peak(b, 0.1, 0.9); // 80 ms later: out of reach
    peak(b, 0.035, 0.2);
    const path = firstBreakPath(
      [
        { p: a, startTime: 0, from: 0, step: null, predictedStep: 0 },
        { p: b, startTime: 0, from: 0, step: 2, predictedStep: 0 },
      ],
      dt,
    );
    expect(Math.abs(path[1]! - path[0]!) * dt).toBeLessThanOrEqual(0.022 + 1e-9);
  });

  it('lets neighbours far apart leave the predicted step by more (a sparse spread)', () => {
    // The trace nearest the source has its first break 38 ms before its neighbour's, where the
    // gather's moveout (the head wave's, beyond) predicts 12 ms: the direct wave bends there.
    const near = new Float32Array(N);
    const next = new Float32Array(N);
    peak(near, 0.01, 0.9);
    peak(next, 0.048, 0.9);
    const path = (step: number) =>
      firstBreakPath(
        [
          { p: near, startTime: 0, from: 0, step: null, predictedStep: 0 },
          { p: next, startTime: 0, from: 0, step, predictedStep: 0.012 },
        ],
        dt,
      ).map((k) => k! * dt);
    // 12 m apart, the bend is believed: both first breaks are taken.
    const sparse = path(12);
    expect(sparse[0]).toBeCloseTo(0.01, 3);
    expect(sparse[1]).toBeCloseTo(0.048, 3);
    // 4 m apart, the same 26 ms off the moveout costs more than a peak earns: one is left.
    const dense = path(4);
    expect(Math.abs(dense[1]! - dense[0]! - 0.012)).toBeLessThan(0.001);
  });
});

describe('the step search', () => {
  it('finds what a search of every step in the window finds', () => {
    let seed = 3;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let trial = 0; trial < 40; trial++) {
      const score = Float64Array.from({ length: 60 + trial }, (_, k) =>
        k < trial % 7 ? Number.NEGATIVE_INFINITY : Math.log(random() + 1e-3),
      );
      const step = {
        ideal: Math.floor(random() * 21) - 10,
        centre: Math.floor(random() * 9) - 4,
        below: 1 + Math.floor(random() * 12),
        above: Math.floor(random() * 12),
        cost: random() * 0.5,
      };
      const length = 50 + trial;
      const { best, arg } = windowedStepMax(score, length, step);
      for (let k2 = 0; k2 < length; k2++) {
        let want = Number.NEGATIVE_INFINITY;
        const lo = Math.max(0, k2 + step.centre - step.below);
        const hi = Math.min(score.length - 1, k2 + step.centre + step.above);
        for (let k = lo; k <= hi; k++) {
          want = Math.max(want, score[k]! - step.cost * Math.abs(k - (k2 + step.ideal)));
        }
        expect(best[k2]).toBeCloseTo(want, 9);
        if (want > Number.NEGATIVE_INFINITY) {
          const a = arg[k2]!;
          expect(score[a]! - step.cost * Math.abs(a - (k2 + step.ideal))).toBeCloseTo(want, 9);
        } else expect(arg[k2]).toBe(-1);
      }
    }
  });
});
