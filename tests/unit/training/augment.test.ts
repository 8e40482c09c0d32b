import { describe, expect, it } from 'vitest';
import {
  amplitudeScale,
  channelDropout,
  gaussianNoise,
  lowCut,
  pipeline,
  polarityReversal,
  randomWindow,
  timeShift,
  windowFromTraces,
  windowLength,
  type Window,
} from '../../../src-main/training/augment';
import { noiseRmsForSnr, rms } from '../../../src-main/training/awgn';
import { phaseLabels } from '../../../src-main/training/labels';
import { Rng } from '../../../src-main/training/random';

/** A trace of noise with a 60 Hz burst from the P pick on, as a 1- or 3-channel window. */
function trace(length: number, p: number | null, s: number | null, channels = 1): Window {
  const rng = new Rng(99);
  const traces = Array.from({ length: channels }, (_, c) =>
    Float32Array.from({ length }, (_, t) => {
      const burst = p !== null && t >= p ? Math.sin((2 * Math.PI * 60 * (t - p)) / 4000) : 0;
      return (c + 1) * burst + 0.01 * rng.normal();
    }),
  );
  return windowFromTraces(traces, { P: p, S: s });
}

const channel = (w: Window, c: number) => w.data.filter((_, i) => i % w.channels === c);

/** The report's SNR: 10 log10(RMS_S^2 / RMS_noise^2). */
const snrDb = (signal: ArrayLike<number>, noise: ArrayLike<number>) =>
  10 * Math.log10(rms(Float64Array.from(signal)) ** 2 / rms(Float64Array.from(noise)) ** 2);

describe('report SNR (section 9.3)', () => {
  it('sets the noise RMS to RMS_S * 10^(-SNR/20), not the printed 10^(+SNR/20)', () => {
    expect(noiseRmsForSnr(2, 0)).toBe(2);
    expect(noiseRmsForSnr(2, 20)).toBeCloseTo(0.2, 15);
    expect(noiseRmsForSnr(2, -20)).toBeCloseTo(20, 12);
    const signal = Float32Array.from({ length: 100_000 }, (_, i) => Math.sin(i / 7));
    const window = windowFromTraces([signal], { P: null, S: null });
    const noisy = gaussianNoise({ min: 20, max: 20 })(window, new Rng(1));
    const noise = noisy.data.map((v, i) => v - signal[i]!);
    expect(rms(noise) / rms(signal)).toBeCloseTo(0.1, 2);
  });
});

describe('augmentation steps', () => {
  it('windows hold the arrivals with probability alpha, else only noise before them', () => {
    const step = randomWindow({ length: 1000, alpha: 0.7, margin: 50 });
    const source = trace(10_000, 6000, 6400);
    const rng = new Rng(5);
    const n = 4000;
    let holding = 0;
    for (let k = 0; k < n; k++) {
      const w = step(source, rng);
      expect(windowLength(w)).toBe(1000);
      if (w.picks.P === null) {
        expect(w.picks.S).toBeNull();
        // Noise only: the burst starts after the window ends.
        expect(Math.max(...channel(w, 0).map(Math.abs))).toBeLessThan(0.1);
      } else {
        holding++;
        expect(w.picks.P).toBeGreaterThanOrEqual(50);
        expect(w.picks.S).toBeLessThanOrEqual(1000 - 1 - 50);
        expect(w.picks.S! - w.picks.P).toBe(400);
        // The sample under the pick is the source sample at the arrival.
        const from = 6000 - w.picks.P;
        expect(w.data[w.picks.P + 10]).toBe(source.data[from + w.picks.P + 10]);
      }
    }
    // Binomial standard deviation sqrt(0.7 * 0.3 / 4000) = 0.0072; allow 4 of them.
    expect(Math.abs(holding / n - 0.7)).toBeLessThan(0.029);
  });

  it('falls back to an arrival window when no noise-only window fits, and pads short traces', () => {
    const rng = new Rng(6);
    const early = trace(3000, 300, null);
    const step = randomWindow({ length: 1000, alpha: 0, margin: 20 });
    for (let k = 0; k < 50; k++) expect(step(early, rng).picks.P).not.toBeNull();
    const short = trace(600, 100, 200);
    const w = randomWindow({ length: 1000, alpha: 1, margin: 20 })(short, rng);
    const offset = w.picks.P! - 100;
    expect(offset).toBeGreaterThanOrEqual(0);
    expect(offset).toBeLessThanOrEqual(400);
    expect(w.data.subarray(offset, offset + 600)).toEqual(short.data);
    expect(w.data.subarray(0, offset).every((v) => v === 0)).toBe(true);
  });

  it('reverses polarity without moving the picks', () => {
    const w = trace(500, 100, 300);
    const flipped = polarityReversal(1)(w, new Rng(1));
    expect(flipped.data).toEqual(w.data.map((v) => -v));
    expect(flipped.picks).toEqual(w.picks);
    const labels = (x: Window) => phaseLabels(500, x.picks, { shape: 'gaussian', width: 10 });
    expect(labels(flipped)).toEqual(labels(w));
    expect(polarityReversal(0)(w, new Rng(1))).toBe(w);
    // At p = 0.5 about half the windows flip.
    const rng = new Rng(2);
    const flips = Array.from({ length: 2000 }, () => polarityReversal()(w, rng) !== w).filter(
      Boolean,
    ).length;
    expect(Math.abs(flips / 2000 - 0.5)).toBeLessThan(0.05);
  });

  it('adds white noise at an SNR in the range, measured over a long window', () => {
    const w = trace(200_000, 1000, null, 3);
    for (const target of [0, 10, 25]) {
      const noisy = gaussianNoise({ min: target, max: target })(w, new Rng(target));
      for (let c = 0; c < 3; c++) {
        const signal = channel(w, c);
        const noise = channel(noisy, c).map((v, i) => v - signal[i]!);
        expect(Math.abs(snrDb(signal, noise) - target)).toBeLessThan(0.05);
      }
    }
    // A drawn SNR lies in the range: measured per window.
    const rng = new Rng(3);
    for (let k = 0; k < 20; k++) {
      const noisy = gaussianNoise({ min: 5, max: 15 })(w, rng);
      const signal = channel(w, 0);
      const measured = snrDb(
        signal,
        channel(noisy, 0).map((v, i) => v - signal[i]!),
      );
      expect(measured).toBeGreaterThan(4.95);
      expect(measured).toBeLessThan(15.05);
    }
    const silent = windowFromTraces([new Float32Array(100)], { P: null, S: null });
    expect(gaussianNoise({ min: 10, max: 10 })(silent, rng).data).toEqual(silent.data);
  });

  it('shifts samples and picks together', () => {
    const w = trace(1000, 400, 600);
    const rng = new Rng(4);
    for (let k = 0; k < 30; k++) {
      const out = timeShift(100)(w, rng);
      const by = out.picks.P! - 400;
      expect(Math.abs(by)).toBeLessThanOrEqual(100);
      expect(out.picks.S).toBe(600 + by);
      for (let t = 0; t < 1000; t++) {
        const from = t - by;
        // Zeros before the data, the data mirrored about their last sample after them.
        const expected = from < 0 ? 0 : w.data[from < 1000 ? from : 2 * 999 - from];
        expect(out.data[t]).toBe(expected);
      }
    }
  });

  it('scales amplitudes by a factor within the range', () => {
    const w = trace(300, 50, null);
    const rng = new Rng(8);
    for (let k = 0; k < 20; k++) {
      const out = amplitudeScale({ min: 0.5, max: 4 })(w, rng);
      const factor = out.data[200]! / w.data[200]!;
      expect(factor).toBeGreaterThanOrEqual(0.5 - 1e-6);
      expect(factor).toBeLessThan(4 + 1e-6);
      expect(out.data[100]).toBeCloseTo(w.data[100]! * factor, 5);
      expect(out.picks).toEqual(w.picks);
    }
  });

  it('filters as another instrument would: nothing before the onset, less of the low band', () => {
    // Silence, then a 60 Hz burst riding on a 3 Hz swell, on a channel and twice it on another.
    const length = 4000;
    const onset = 1000;
    const traces = [1, 2].map((k) =>
      Float32Array.from({ length }, (_, t) =>
        t < onset
          ? 0
          : k *
            (Math.sin((2 * Math.PI * 60 * (t - onset)) / 4000) +
              3 * Math.sin((2 * Math.PI * 3 * (t - onset)) / 4000)),
      ),
    );
    const w = windowFromTraces(traces, { P: onset, S: null });
    const rng = new Rng(5);
    for (let k = 0; k < 20; k++) {
      const out = lowCut({ min: 20, max: 40 }, 4000)(w, rng);
      expect(out.picks).toEqual(w.picks);
      // Causal: not a sample moves before the onset, and the onset's first sample is there.
      expect(
        channel(out, 0)
          .slice(0, onset)
          .every((v) => v === 0),
      ).toBe(true);
      expect(Math.abs(channel(out, 0)[onset + 1]!)).toBeGreaterThan(0);
      // The swell (3 Hz, below every corner drawn) loses most of its power; the burst stays.
      const tail = (c: number, x: Window) => Float64Array.from(channel(x, c).slice(2000));
      expect(rms(tail(0, out))).toBeLessThan(0.6 * rms(tail(0, w)));
      expect(rms(tail(0, out))).toBeGreaterThan(0.5 / Math.SQRT2);
      // One filter per window, the same on every channel.
      const ratio = channel(out, 1).map((v, i) => (i > onset + 10 ? v / channel(out, 0)[i]! : 2));
      expect(ratio.every((r) => !Number.isFinite(r) || Math.abs(r - 2) < 1e-3)).toBe(true);
    }
  });

  it('starts a filtered window from its first sample, without a step at the edge', () => {
    const w = windowFromTraces([new Float32Array(500).fill(3)], { P: null, S: null });
    const out = lowCut({ min: 5, max: 120 }, 4000)(w, new Rng(1));
    expect(Math.max(...out.data.map(Math.abs))).toBeLessThan(1e-4);
  });

  it('drops one or two of three channels, never all', () => {
    const w = trace(200, 20, null, 3);
    const rng = new Rng(9);
    const seen = new Set<string>();
    for (let k = 0; k < 300; k++) {
      const out = channelDropout(1)(w, rng);
      const zero = [0, 1, 2].filter((c) => channel(out, c).every((v) => v === 0));
      expect(zero.length).toBeGreaterThanOrEqual(1);
      expect(zero.length).toBeLessThanOrEqual(2);
      for (const c of [0, 1, 2].filter((x) => !zero.includes(x))) {
        expect(channel(out, c)).toEqual(channel(w, c));
      }
      seen.add(zero.join());
    }
    expect(seen).toEqual(new Set(['0', '1', '2', '0,1', '0,2', '1,2']));
    const single = trace(50, 10, null, 1);
    expect(channelDropout(1)(single, rng)).toBe(single);
  });

  it('never drops a channel it is told to keep (the vertical)', () => {
    const w = trace(200, 20, null, 3);
    const rng = new Rng(4);
    const seen = new Set<string>();
    for (let k = 0; k < 200; k++) {
      const out = channelDropout(1, [2])(w, rng);
      expect(channel(out, 2)).toEqual(channel(w, 2));
      seen.add([0, 1].filter((c) => channel(out, c).every((v) => v === 0)).join());
    }
    expect(seen).toEqual(new Set(['0', '1', '0,1']));
    // Nothing left to drop: the window as it was, and no draw.
    const kept = channelDropout(1, [0, 1, 2]);
    expect(kept(w, rng)).toBe(w);
  });

  it('composes steps into a pipeline that repeats for a seed and never changes its input', () => {
    const w = trace(5000, 3000, 3300, 3);
    const before = w.data.slice();
    const augment = pipeline(
      randomWindow({ length: 1024, alpha: 0.8, margin: 30 }),
      polarityReversal(),
      amplitudeScale({ min: 0.5, max: 2 }),
      gaussianNoise({ min: 5, max: 30 }),
      channelDropout(0.3),
    );
    const a = augment(w, new Rng(10));
    const b = augment(w, new Rng(10));
    expect(a).toEqual(b);
    expect(windowLength(a)).toBe(1024);
    expect(augment(w, new Rng(11)).data).not.toEqual(a.data);
    expect(w.data).toEqual(before);
  });
});
