import type { Trace } from '../formats/record';
import { throwIfCancelled } from '../jobs/task';
import type { EngineChoice } from './engine/inference-engine';
import { engineFor } from './engine/select-engine';
import type { LoadedModel } from './model-dir';
import { normalizeWindow } from './phasenet/normalize';
import { preprocess, type PreprocessOptions } from './preprocess';
import { minOf } from '../numeric/extent';
import { reflectTail } from '../dsp/reflect-pad';

/**
 * Per-sample [noise, P, S] probabilities from a fixed-window network over traces of any
 * length: each input (one receiver: one trace, or its components) is preprocessed and
 * resampled to the model's rate, cut into overlapping windows (the last one aligned to the
 * end, a trace shorter than a window mirrored past its end: dsp/reflect-pad.ts), windows of
 * all inputs are run in batches, and the outputs are stitched back along the trace. The forward passes run on an inference
 * engine (engine/): ONNX Runtime when it loads, else tfjs.
 */

export interface PredictOptions {
  /** Share of a window that the next one overlaps, 0 ≤ overlap < 1; default 0.5. */
  overlap?: number;
  /**
   * How overlapping windows combine: 'mean' (default) averages them weighted towards each
   * window's centre, where the network sees context on both sides; 'max' takes the highest.
   */
  stitch?: 'mean' | 'max';
  /** Windows per forward pass; default 16. */
  batchSize?: number;
  /**
   * What runs the forward passes: 'auto' (default, or `PICKLINE_ENGINE`) takes ONNX Runtime
   * when it loads and tfjs otherwise; 'onnx' or 'tfjs' insist on one.
   */
  engine?: EngineChoice;
  preprocess?: PreprocessOptions;
  /**
   * Per input, a time (s after the shot) to look at instead of the whole input, or null for
   * the whole: one window holding that time a quarter of the way in (or the input's end),
   * whose probabilities come back with their own startTime on the same sample grid.
   */
  focus?: readonly (number | null)[];
  /**
   * For whole inputs: the windows run column by column (every input's first window, then
   * every input's second, …), and after each column `enough` is given the probabilities so
   * far and, per input, the sample (on the model's grid) before which they are final: no
   * later window covers it. It answers which inputs need no more windows; past its horizon a
   * stopped input's probabilities say noise, since the network did not look there.
   */
  enough?: (seen: PhaseProbabilities[], horizons: readonly number[]) => readonly boolean[];
  /** Checked between batches; an abort throws CancelledError. */
  signal?: AbortSignal;
  /** Called after every batch with windows done and windows in all. */
  onProgress?: (done: number, total: number) => void;
}

export interface PhaseProbabilities {
  /** Seconds between samples: the model's sampling interval. */
  dt: number;
  /** Time of sample 0 after the source time: the input's first sample. */
  startTime: number;
  noise: Float32Array;
  p: Float32Array;
  s: Float32Array;
}

export const DEFAULT_OVERLAP = 0.5;
export const DEFAULT_BATCH_SIZE = 16;

/**
 * Window starts covering `length` samples: every `step` samples while a window fits, then one
 * flush with the end, so the tail is seen in full context. A trace no longer than a window
 * gets one window at 0.
 */
export function windowStarts(length: number, window: number, overlap: number): number[] {
  if (!(overlap >= 0 && overlap < 1)) {
    throw new RangeError(`overlap must be at least 0 and below 1, got ${overlap}`);
  }
  if (length <= window) return [0];
  const step = Math.max(1, Math.round(window * (1 - overlap)));
  const starts: number[] = [];
  for (let s = 0; s + window < length; s += step) starts.push(s);
  starts.push(length - window);
  return starts;
}

/**
 * Stitching weight of sample t of a window: a triangle peaking mid-window, floored at 1 so
 * that a sample only one window covers (trace ends) keeps that window's value.
 */
function centreWeight(t: number, window: number): number {
  return Math.min(t + 1, window - t);
}

/** Which member trace feeds each model channel (-1 = none, a zero channel). */
export function channelSources(components: string[], channelOrder: string[]): number[] {
  const sources = channelOrder.map((code) => components.indexOf(code));
  if (components.length === 1 && sources.every((s) => s < 0)) {
    // One trace of another or unknown component: a one-channel model takes it as it is, a
    // multi-channel one in the vertical, the component single-channel data almost always are.
    const z = channelOrder.length === 1 ? 0 : channelOrder.indexOf('Z');
    if (z < 0) {
      throw new Error(
        `the model's channels (${channelOrder.join(', ')}) have no Z to take a ${components[0] || 'single'}-component trace`,
      );
    }
    sources[z] = 0;
  }
  if (sources.every((s) => s < 0)) {
    throw new Error(
      `components ${components.join(', ')} match none of the model's channels (${channelOrder.join(', ')})`,
    );
  }
  return sources;
}

/** An input that cannot be fed to the model; `input` is its index, for the caller to name it. */
export class InputError extends Error {
  constructor(
    readonly input: number,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'InputError';
  }
}

/** One input as the network reads it: [time][channel] samples at the model's rate. */
interface PreparedInput {
  length: number;
  startTime: number;
  samples: Float32Array;
}

function prepare(
  traces: readonly Trace[],
  channelOrder: string[],
  rate: number,
  options: PreprocessOptions | undefined,
): PreparedInput {
  if (traces.length === 0) throw new Error('an input needs at least one trace');
  const first = traces[0]!;
  for (const t of traces) {
    if (t.samples.length === 0) throw new Error('a trace has no samples');
    if (t.sampleInterval !== first.sampleInterval) {
      throw new Error(
        `components sampled at ${first.sampleInterval} s and ${t.sampleInterval} s cannot be one input`,
      );
    }
  }
  const sources = channelSources(
    traces.map((t) => t.component),
    channelOrder,
  );
  const channels = channelOrder.length;
  const series = sources.map((s) =>
    s < 0 ? null : preprocess(traces[s]!.samples, first.sampleInterval, options, rate),
  );
  // Components can end a sample or so apart (separate miniSEED streams): keep the common part.
  const length = minOf(series.flatMap((x) => (x ? [x.length] : [])));
  const samples = new Float32Array(length * channels);
  series.forEach((x, c) => {
    if (x) for (let t = 0; t < length; t++) samples[t * channels + c] = x[t]!;
  });
  return { length, startTime: first.startTime, samples };
}

/**
 * The window of a prepared input that holds `time` a quarter of the way in (a first break
 * then has noise before it to be measured against), moved inside the input at its ends. Its
 * first sample is a sample of the input, so its probabilities share the input's grid.
 */
function windowAround(
  input: PreparedInput,
  time: number,
  card: LoadedModel['card'],
  window: number,
): PreparedInput {
  const at = Math.round((time - input.startTime) * card.sampleRate);
  const channels = card.channelOrder.length;
  const start = Math.max(0, Math.min(at - Math.floor(window / 4), input.length - window));
  const length = Math.min(window, input.length - start);
  return {
    length,
    startTime: input.startTime + start / card.sampleRate,
    samples: input.samples.subarray(start * channels, (start + length) * channels),
  };
}

/** Probabilities being stitched for one input. */
interface Stitch {
  input: PreparedInput;
  /** [time][class], weighted sums ('mean') or maxima ('max'). */
  values: Float32Array;
  weights: Float32Array;
}

/**
 * Probabilities for each input, in input order. Each input is the traces of one receiver
 * (see channelSources for how they fill the model's channels); the model card says the rate,
 * channel order and window. Disposes every tensor it makes.
 */
export async function predictProbabilities(
  loaded: LoadedModel,
  inputs: readonly (readonly Trace[])[],
  options: PredictOptions = {},
): Promise<PhaseProbabilities[]> {
  const { overlap = DEFAULT_OVERLAP, stitch = 'mean', batchSize = DEFAULT_BATCH_SIZE } = options;
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batch size must be a positive integer, got ${batchSize}`);
  }
  const { card } = loaded;
  const { window, channels, classes } = card.architecture;
  if (classes !== 3) {
    throw new Error(`model ${card.name} has ${classes} output classes, picking needs noise, P, S`);
  }

  const stitches: Stitch[] = inputs.map((traces, k) => {
    let input: PreparedInput;
    try {
      input = prepare(traces, card.channelOrder, card.sampleRate, options.preprocess);
    } catch (err) {
      throw new InputError(k, (err as Error).message, { cause: err });
    }
    const time = options.focus?.[k];
    if (time !== undefined && time !== null) input = windowAround(input, time, card, window);
    return {
      input,
      values: new Float32Array(input.length * classes),
      weights: new Float32Array(input.length),
    };
  });
  const starts = stitches.map((st) => windowStarts(st.input.length, window, overlap));
  // Where each input's final probabilities end: its length, or where it was stopped.
  const horizons = stitches.map((st) => st.input.length);
  const { engine } = await engineFor(loaded, options.engine);
  const windowSize = window * channels;
  let total = starts.reduce((n, s) => n + s.length, 0);
  let done = 0;
  const run = async (jobs: { k: number; start: number }[]) => {
    for (let next = 0; next < jobs.length;) {
      if (options.signal) throwIfCancelled(options.signal);
      const batch = jobs.slice(next, next + batchSize);
      const buffer = new Float32Array(batch.length * windowSize);
      batch.forEach(({ k, start }, b) => {
        const { samples, length } = stitches[k]!.input;
        const end = Math.min(length, start + window);
        // A trace shorter than the window is mirrored past its end, not zero-padded.
        const raw = new Float32Array(windowSize);
        raw.set(samples.subarray(start * channels, end * channels));
        reflectTail(raw, channels, end - start);
        buffer.set(normalizeWindow(raw, channels), b * windowSize);
      });
      const out = await engine.run(buffer, batch.length);
      batch.forEach(({ k, start }, b) => accumulate(stitches[k]!, out, b, start, window, stitch));
      next += batch.length;
      done += batch.length;
      options.onProgress?.(done, total);
      // Let an abort or a progress message through before the next (synchronous) pass.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const dt = 1 / card.sampleRate;
  // An input no window will change again is stitched once.
  const final: (PhaseProbabilities | null)[] = stitches.map(() => null);
  const probabilities = () =>
    stitches.map((st, k) => final[k] ?? stitched(st, horizons[k]!, stitch, dt));

  const { enough } = options;
  if (!enough || options.focus) {
    await run(starts.flatMap((s, k) => s.map((start) => ({ k, start }))));
    return probabilities();
  }
  const active = stitches.map(() => true);
  for (let column = 0; active.some(Boolean); column++) {
    await run(
      starts.flatMap((s, k) => (active[k] && column < s.length ? [{ k, start: s[column]! }] : [])),
    );
    starts.forEach((s, k) => {
      if (!active[k]) return;
      if (column + 1 < s.length) {
        horizons[k] = s[column + 1]!;
      } else {
        active[k] = false;
        horizons[k] = stitches[k]!.input.length;
        final[k] = stitched(stitches[k]!, horizons[k]!, stitch, dt);
      }
    });
    if (!active.some(Boolean)) break;
    const seen = probabilities();
    const stop = enough(seen, horizons);
    starts.forEach((s, k) => {
      if (!active[k] || !stop[k]) return;
      active[k] = false;
      final[k] = seen[k]!;
      total -= s.length - column - 1;
    });
    // A column may end with no input left to run: progress says so.
    options.onProgress?.(done, total);
  }
  return probabilities();
}

/**
 * An input's stitched probabilities; from `horizon` on (where windows were stopped) noise.
 */
function stitched(
  { input, values, weights }: Stitch,
  horizon: number,
  stitch: 'mean' | 'max',
  dt: number,
): PhaseProbabilities {
  const column = (c: number) => {
    const v = new Float32Array(input.length);
    for (let t = 0; t < horizon; t++) {
      v[t] = stitch === 'max' ? values[t * 3 + c]! : values[t * 3 + c]! / weights[t]!;
    }
    if (c === 0) v.fill(1, horizon);
    return v;
  };
  return { dt, startTime: input.startTime, noise: column(0), p: column(1), s: column(2) };
}

function accumulate(
  { input, values, weights }: Stitch,
  out: Float32Array,
  b: number,
  start: number,
  window: number,
  stitch: 'mean' | 'max',
): void {
  const valid = Math.min(window, input.length - start);
  const base = b * window * 3;
  for (let t = 0; t < valid; t++) {
    const at = (start + t) * 3;
    const from = base + t * 3;
    if (stitch === 'max') {
      for (let c = 0; c < 3; c++) values[at + c] = Math.max(values[at + c]!, out[from + c]!);
    } else {
      const w = centreWeight(t, window);
      for (let c = 0; c < 3; c++) values[at + c]! += w * out[from + c]!;
      weights[start + t]! += w;
    }
  }
}
