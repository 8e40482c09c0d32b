import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resample } from '../../../src-main/dsp/resample';
import { CancelledError } from '../../../src-main/jobs/task';
import { ensureBackend, tf } from '../../../src-main/ml/backend';
import type { LoadedModel } from '../../../src-main/picking/model-dir';
import {
  channelSources,
  predictProbabilities,
  windowStarts,
  type PhaseProbabilities,
} from '../../../src-main/picking/predict';
import { maxAbsDiff } from './phasenet-fixtures';
import { makeTrace, predictWindow, signal, smallModel } from './small-model';

const W = 256;
const raw = { preprocess: { detrend: 'none' as const } };

/** Class c of a [time][class] output, from `from` on. */
function column(out: Float32Array, c: number, from = 0, to = out.length / 3): Float32Array {
  return Float32Array.from({ length: to - from }, (_, t) => out[(from + t) * 3 + c]!);
}
const classes = (p: PhaseProbabilities) => [p.noise, p.p, p.s];

/** [time][channel] rows of a window taken from per-channel series (null = zero channel). */
function rows(series: (Float32Array | null)[], start: number, length = W): Float32Array {
  const out = new Float32Array(length * series.length);
  series.forEach((x, c) => {
    if (!x) return;
    for (let t = 0; t < length && start + t < x.length; t++)
      out[t * series.length + c] = x[start + t]!;
  });
  return out;
}

describe('windowStarts', () => {
  it('steps by the overlap and puts the last window flush with the end', () => {
    expect(windowStarts(600, 256, 0.5)).toEqual([0, 128, 256, 344]);
    expect(windowStarts(768, 256, 0)).toEqual([0, 256, 512]);
    expect(windowStarts(769, 256, 0)).toEqual([0, 256, 512, 513]);
    expect(windowStarts(9001, 3000, 0.5)).toEqual([0, 1500, 3000, 4500, 6000, 6001]);
  });

  it('gives one window to a trace no longer than a window', () => {
    expect(windowStarts(256, 256, 0.5)).toEqual([0]);
    expect(windowStarts(10, 256, 0.9)).toEqual([0]);
  });

  it('covers every sample, whatever the overlap', () => {
    for (const overlap of [0, 0.25, 0.5, 0.9]) {
      for (const n of [257, 300, 1000, 4099]) {
        const starts = windowStarts(n, 256, overlap);
        const covered = new Uint8Array(n);
        for (const s of starts) covered.fill(1, s, s + 256);
        expect(covered.every((v) => v === 1)).toBe(true);
        expect(starts.at(-1)! + 256).toBe(n);
      }
    }
  });

  it('refuses an overlap outside [0, 1)', () => {
    expect(() => windowStarts(1000, 256, 1)).toThrow(/overlap must be at least 0 and below 1/);
    expect(() => windowStarts(1000, 256, -0.1)).toThrow(/overlap/);
  });
});

describe('channelSources', () => {
  it('maps components to the model channels by code', () => {
    expect(channelSources(['E', 'N', 'Z'], ['E', 'N', 'Z'])).toEqual([0, 1, 2]);
    expect(channelSources(['Z', 'E'], ['E', 'N', 'Z'])).toEqual([1, -1, 0]);
    expect(channelSources(['E', 'N', 'Z'], ['Z'])).toEqual([2]);
  });

  it('puts one trace of unknown component in Z (or the only channel)', () => {
    expect(channelSources([''], ['E', 'N', 'Z'])).toEqual([-1, -1, 0]);
    expect(channelSources(['X'], ['Z'])).toEqual([0]);
    expect(channelSources(['E'], ['E', 'N', 'Z'])).toEqual([0, -1, -1]);
  });

  it('says when nothing fits', () => {
    expect(() => channelSources([''], ['E', 'N'])).toThrow(/have no Z to take a single-component/);
    expect(() => channelSources(['E', 'N'], ['Z'])).toThrow(
      /components E, N match none of the model's channels \(Z\)/,
    );
  });
});

describe('predictProbabilities', () => {
  let m3: LoadedModel;
  let m1: LoadedModel;
  const e = signal(600, 1);
  const n = signal(600, 2);
  const z = signal(600, 3);
  const enz = [makeTrace(e, 'E'), makeTrace(n, 'N'), makeTrace(z, 'Z')];

  beforeAll(async () => {
    await ensureBackend();
    m3 = smallModel().loaded;
    m1 = smallModel(['Z']).loaded;
  });
  afterAll(() => {
    m3?.model.dispose();
    m1?.model.dispose();
  });

  it('reproduces the model output on a trace one window long', async () => {
    const [p] = await predictProbabilities(
      m3,
      [enz.map((t) => ({ ...t, samples: t.samples.slice(0, W) }))],
      raw,
    );
    const direct = predictWindow(m3, rows([e, n, z], 0));
    expect(p!.dt).toBe(0.01);
    expect(p!.startTime).toBe(0);
    classes(p!).forEach((v, c) => expect(maxAbsDiff(v, column(direct, c))).toBeLessThan(1e-6));
  });

  it('runs one window around a focus time, on the input grid, moved inside at the ends', async () => {
    // 600 samples at 100 Hz; a window of 256 puts the focus 64 samples in.
    const [around, early, late, whole] = await predictProbabilities(m3, [enz, enz, enz, enz], {
      ...raw,
      focus: [3, 0.2, 5.9, null],
    });
    expect(around!.startTime).toBeCloseTo(2.36, 9);
    expect(around!.p).toHaveLength(W);
    const direct = predictWindow(m3, rows([e, n, z], 236));
    classes(around!).forEach((v, c) => expect(maxAbsDiff(v, column(direct, c))).toBeLessThan(1e-6));
    expect(early!.startTime).toBe(0);
    expect(late!.startTime).toBeCloseTo(3.44, 9);
    expect(whole!.p).toHaveLength(600);
  });

  it('stitches overlapping windows by a centre-weighted mean', async () => {
    const [p] = await predictProbabilities(m3, [enz], { ...raw, overlap: 0.5 });
    const starts = [0, 128, 256, 344];
    const outs = starts.map((s) => predictWindow(m3, rows([e, n, z], s)));
    const weight = (t: number) => Math.min(t + 1, W - t);
    for (let c = 0; c < 3; c++) {
      const expected = Float32Array.from({ length: 600 }, (_, i) => {
        let sum = 0;
        let total = 0;
        starts.forEach((s, k) => {
          if (i < s || i >= s + W) return;
          sum += weight(i - s) * outs[k]![(i - s) * 3 + c]!;
          total += weight(i - s);
        });
        return sum / total;
      });
      expect(maxAbsDiff(classes(p!)[c]!, expected)).toBeLessThan(1e-5);
    }
    // Stitched probabilities still sum to one.
    for (const i of [0, 127, 300, 599])
      expect(p!.noise[i]! + p!.p[i]! + p!.s[i]!).toBeCloseTo(1, 5);
  });

  it("stitches by 'max' when asked", async () => {
    const [p] = await predictProbabilities(m3, [enz], { ...raw, overlap: 0.5, stitch: 'max' });
    const starts = [0, 128, 256, 344];
    const outs = starts.map((s) => predictWindow(m3, rows([e, n, z], s)));
    const expected = Float32Array.from({ length: 600 }, (_, i) =>
      Math.max(
        ...starts.flatMap((s, k) => (i >= s && i < s + W ? [outs[k]![(i - s) * 3 + 1]!] : [])),
      ),
    );
    expect(maxAbsDiff(p!.p, expected)).toBeLessThan(1e-6);
  });

  it('mirrors a trace shorter than a window past its end and returns only its samples', async () => {
    const short = enz.map((t) => ({ ...t, samples: t.samples.slice(0, 100) }));
    const [p] = await predictProbabilities(m3, [short], raw);
    expect(p!.p).toHaveLength(100);
    // Samples 0…99, then 98, 97, …, 0, 1, … (numpy's 'reflect').
    const mirrored = (x: Float32Array) =>
      Float32Array.from({ length: W }, (_, t) => {
        const phase = t % 198;
        return x[phase < 100 ? phase : 198 - phase]!;
      });
    const direct = predictWindow(m3, rows([mirrored(e), mirrored(n), mirrored(z)], 0));
    expect(maxAbsDiff(p!.s, column(direct, 2, 0, 100))).toBeLessThan(1e-6);
    const zeroPadded = predictWindow(
      m3,
      rows([e.slice(0, 100), n.slice(0, 100), z.slice(0, 100)], 0),
    );
    expect(maxAbsDiff(p!.s, column(zeroPadded, 2, 0, 100))).toBeGreaterThan(1e-4);
  });

  it('feeds one-component data to the Z channel of a 3-component model, the rest zero', async () => {
    const [unknown, lone] = await predictProbabilities(
      m3,
      [[makeTrace(z.slice(0, W), '')], [makeTrace(e.slice(0, W), 'E')]],
      raw,
    );
    // normalizeWindow applies PhaseNet's 3/1 scaling for the two missing channels.
    expect(
      maxAbsDiff(unknown!.p, column(predictWindow(m3, rows([null, null, z], 0)), 1)),
    ).toBeLessThan(1e-6);
    expect(
      maxAbsDiff(lone!.p, column(predictWindow(m3, rows([e, null, null], 0)), 1)),
    ).toBeLessThan(1e-6);
  });

  it('feeds the Z of a 3-component receiver to a 1-component model', async () => {
    const [p] = await predictProbabilities(
      m1,
      [enz.map((t) => ({ ...t, samples: t.samples.slice(0, W) }))],
      raw,
    );
    expect(maxAbsDiff(p!.p, column(predictWindow(m1, rows([z], 0)), 1))).toBeLessThan(1e-6);
  });

  it("resamples to the model's rate and keeps the start time", async () => {
    const x = signal(1000, 4);
    const trace = { ...makeTrace(x, 'Z', 0.005), startTime: -0.1 };
    const [p] = await predictProbabilities(m1, [[trace]], raw);
    const down = resample(x, 200, 100);
    expect(p!.dt).toBe(0.01);
    expect(p!.startTime).toBe(-0.1);
    expect(p!.p).toHaveLength(down.length);
    const [q] = await predictProbabilities(
      m1,
      [[{ ...makeTrace(down, 'Z'), startTime: -0.1 }]],
      raw,
    );
    expect(maxAbsDiff(p!.p, q!.p)).toBe(0);
  });

  it('gives the same result for any batch size, with progress after every batch', async () => {
    const inputs = [enz, [makeTrace(signal(1000, 5), 'Z')], [makeTrace(signal(90, 6), 'Z')]];
    const progress: [number, number][] = [];
    const one = await predictProbabilities(m3, inputs, { batchSize: 1 });
    const many = await predictProbabilities(m3, inputs, {
      batchSize: 3,
      onProgress: (done, total) => progress.push([done, total]),
    });
    // Windows: 4 + 7 + 1 = 12, in batches of 3.
    expect(progress).toEqual([
      [3, 12],
      [6, 12],
      [9, 12],
      [12, 12],
    ]);
    one.forEach((p, k) =>
      classes(p).forEach((v, c) => expect(maxAbsDiff(v, classes(many[k]!)[c]!)).toBeLessThan(1e-6)),
    );
  });

  it('runs column by column and stops an input when told it has seen enough', async () => {
    // Windows of 256 at starts 0, 128, 256, 344 (600 samples) and 0, 128, …, 744 (1000).
    const long = [makeTrace(signal(1000, 5), 'Z')];
    const asked: number[][] = [];
    const progress: [number, number][] = [];
    const [short, stopped] = await predictProbabilities(m3, [enz, long], {
      ...raw,
      onProgress: (done, total) => progress.push([done, total]),
      // The first input runs to its end; the second is stopped after its second column.
      enough: (_, horizons) => {
        asked.push([...horizons]);
        return [false, asked.length === 2];
      },
    });
    expect(asked).toEqual([
      [128, 128],
      [256, 256],
      [344, 256],
    ]);
    // 4 + 7 windows planned; the second input ran 2, so 6 in all.
    expect(progress.at(-1)).toEqual([6, 6]);
    const [full, whole] = await predictProbabilities(m3, [enz, long], raw);
    classes(short!).forEach((v, c) => expect(maxAbsDiff(v, classes(full!)[c]!)).toBe(0));
    // Final before the horizon (samples no later window covers), noise from it on.
    expect(maxAbsDiff(stopped!.p.subarray(0, 256), whole!.p.subarray(0, 256))).toBeLessThan(1e-6);
    expect(stopped!.p.subarray(256).every((v) => v === 0)).toBe(true);
    expect(stopped!.s.subarray(256).every((v) => v === 0)).toBe(true);
    expect(stopped!.noise.subarray(256).every((v) => v === 1)).toBe(true);
  });

  it('leaves no tensors behind, also when cancelled between batches', async () => {
    await predictProbabilities(m3, [enz]);
    const before = tf.memory().numTensors;
    await predictProbabilities(m3, [enz, enz], { batchSize: 3 });
    expect(tf.memory().numTensors).toBe(before);

    const controller = new AbortController();
    let batches = 0;
    const run = predictProbabilities(m3, [enz, enz], {
      batchSize: 2,
      signal: controller.signal,
      onProgress: () => {
        batches++;
        controller.abort();
      },
    });
    await expect(run).rejects.toBeInstanceOf(CancelledError);
    expect(batches).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('says which input cannot be fed and why', async () => {
    const run = predictProbabilities(m1, [enz, [makeTrace(e, 'E'), makeTrace(n, 'N')]]);
    await expect(run).rejects.toMatchObject({
      name: 'InputError',
      input: 1,
      message: expect.stringMatching(/components E, N match none of the model's channels \(Z\)/),
    });
    await expect(predictProbabilities(m3, [enz], { batchSize: 0 })).rejects.toThrow(
      /batch size must be a positive integer, got 0/,
    );
  });
});
