import { normalizeWindow } from '../picking/phasenet/normalize';
import {
  amplitudeScale,
  channelDropout,
  gaussianNoise,
  lowCut,
  pipeline,
  polarityReversal,
  randomWindow,
  windowLength,
  type AugmentStep,
  type Window,
} from './augment';
import { LABEL_CLASSES, phaseLabels, type LabelOptions } from './labels';
import type { LabelledTrace } from './labelled-traces';
import type { Rng } from './random';

/**
 * Training windows from labelled traces: each drawn window goes through the augmentation
 * pipeline, is normalised exactly as inference normalises (normalizeWindow), and gets its
 * label distributions. Batches are plain arrays; the trainer turns them into tensors.
 */

export interface Range {
  min: number;
  max: number;
}

export interface AugmentOptions {
  /** Probability that a window holds the arrivals (the report's alpha). */
  alpha: number;
  /**
   * Share of windows taken anywhere in the trace (arrivals inside, cut, or already past), so
   * the network also sees the late parts of records that inference slides over.
   */
  anywhere: number;
  /** Samples kept between an arrival and a window edge, for arrival windows. */
  margin: number;
  /** Probability of reversing the polarity. */
  polarity: number;
  /** Probability of adding white Gaussian noise, at an SNR drawn from `snr` (dB). */
  noise: number;
  snr: Range;
  /** Amplitude factor range (log-uniform); PhaseNet's normalisation makes it matter little. */
  scale: Range;
  /** Probability of zeroing some channels of a multi-channel window (augment.ts). */
  channelDropout: number;
  /** Probability of another instrument's low cut, at a corner drawn from `lowCutCorner` (Hz). */
  lowCut: number;
  lowCutCorner: Range;
}

export const DEFAULT_AUGMENT: AugmentOptions = {
  alpha: 0.9,
  anywhere: 0.2,
  margin: 16,
  polarity: 0.5,
  noise: 0.5,
  snr: { min: 0, max: 40 },
  scale: { min: 0.1, max: 10 },
  channelDropout: 0.6,
  lowCut: 0,
  lowCutCorner: { min: 5, max: 120 },
};

export interface WindowSetup {
  /** Samples per window. */
  window: number;
  /** Hz: what the instrument filters of augmentation are designed for. */
  sampleRate: number;
  labels: LabelOptions;
  augment: AugmentOptions;
  /** Channels channel dropout never drops (the vertical; see augment.ts `channelDropout`). */
  keepChannels?: readonly number[];
}

export interface Batch {
  size: number;
  /** [size][window][channels], normalised. */
  x: Float32Array;
  /** [size][window][3]: noise, P, S. */
  y: Float32Array;
  /** Per window: 1 when S is labelled, 0 when only P is (see loss.ts). */
  sLabelled: Float32Array;
}

/** Applies `step` with probability p; with p = 0 it draws nothing, so the rest repeats. */
export function sometimes(p: number, step: AugmentStep): AugmentStep {
  if (p <= 0) return (window) => window;
  return (window, rng) => (rng.chance(p) ? step(window, rng) : window);
}

/** A window of `length` samples at a uniformly random position, picks moved along. */
function anywhereWindow(length: number): AugmentStep {
  return (window, rng) => {
    const total = windowLength(window);
    const from = total > length ? rng.integer(0, total - length) : 0;
    const data = new Float32Array(length * window.channels);
    const end = Math.min(total, from + length);
    data.set(window.data.subarray(from * window.channels, end * window.channels));
    const move = (p: number | null) => (p === null ? null : p - from);
    return {
      data,
      channels: window.channels,
      picks: { P: move(window.picks.P), S: move(window.picks.S) },
    };
  };
}

function augmentation(setup: WindowSetup): AugmentStep {
  const a = setup.augment;
  const arrivals = randomWindow({ length: setup.window, alpha: a.alpha, margin: a.margin });
  const anywhere = anywhereWindow(setup.window);
  return pipeline(
    (w, rng) => (rng.chance(a.anywhere) ? anywhere(w, rng) : arrivals(w, rng)),
    polarityReversal(a.polarity),
    // Before the noise, which a real recorder filters too (white stays nearly white).
    sometimes(a.lowCut, lowCut(a.lowCutCorner, setup.sampleRate)),
    // Before the noise: a dropped channel is a missing one, not a noisy one.
    channelDropout(a.channelDropout, setup.keepChannels),
    sometimes(a.noise, gaussianNoise(a.snr)),
    amplitudeScale(a.scale),
  );
}

/** Draws augmented, normalised, labelled windows from a set of traces. */
export class WindowSampler {
  private readonly augment: AugmentStep;
  /** Running sums of the traces' weights, when they have any. */
  private readonly cumulative: Float64Array | null;

  constructor(
    private readonly traces: readonly LabelledTrace[],
    private readonly setup: WindowSetup,
  ) {
    if (traces.length === 0) throw new Error('no traces to draw training windows from');
    this.augment = augmentation(setup);
    this.cumulative = traces.some((t) => t.weight !== undefined) ? runningSums(traces) : null;
  }

  /** A trace uniformly at random, or in proportion to the traces' weights. */
  draw(rng: Rng): LabelledTrace {
    const sums = this.cumulative;
    if (!sums) return rng.pick(this.traces);
    const u = rng.uniform() * sums[sums.length - 1]!;
    let lo = 0;
    let hi = sums.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sums[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return this.traces[lo]!;
  }

  get channels(): number {
    return this.traces[0]!.channels;
  }

  /** A batch of `size` windows, each from a trace drawn at random (`draw`). */
  batch(size: number, rng: Rng): Batch {
    const { window } = this.setup;
    const channels = this.channels;
    const classes = LABEL_CLASSES.length;
    const batch: Batch = {
      size,
      x: new Float32Array(size * window * channels),
      y: new Float32Array(size * window * classes),
      sLabelled: new Float32Array(size),
    };
    for (let b = 0; b < size; b++) {
      const trace = this.draw(rng);
      const source: Window = { data: trace.data, channels, picks: trace.picks };
      const drawn = this.augment(source, rng);
      batch.x.set(normalizeWindow(drawn.data, channels), b * window * channels);
      batch.y.set(phaseLabels(window, drawn.picks, this.setup.labels), b * window * classes);
      batch.sLabelled[b] = trace.sLabelled ? 1 : 0;
    }
    return batch;
  }
}

function runningSums(traces: readonly LabelledTrace[]): Float64Array {
  const sums = new Float64Array(traces.length);
  let total = 0;
  traces.forEach((t, i) => {
    const w = t.weight ?? 1;
    if (!(w >= 0 && Number.isFinite(w))) throw new RangeError(`trace weight ${w} is not ≥ 0`);
    sums[i] = total += w;
  });
  if (!(total > 0)) throw new RangeError("the traces' weights add up to nothing");
  return sums;
}

/**
 * Splits traces by shot: a share of the shots (at least one, and at least one left for
 * training) goes to validation, so no validation window comes from a shot seen in training.
 */
export function splitByShot(
  traces: readonly LabelledTrace[],
  validationShare: number,
  rng: Rng,
): { train: LabelledTrace[]; validation: LabelledTrace[] } {
  if (!(validationShare > 0 && validationShare < 1)) {
    throw new RangeError(`validation share must lie between 0 and 1, got ${validationShare}`);
  }
  const shots = [...new Set(traces.map((t) => t.shot))];
  if (shots.length < 2) {
    throw new Error(
      `a validation split by shot needs at least 2 shots, the data has ${shots.length}`,
    );
  }
  // Fisher-Yates on the shot list, then the first share of it validates.
  for (let i = shots.length - 1; i > 0; i--) {
    const j = rng.integer(0, i);
    [shots[i], shots[j]] = [shots[j]!, shots[i]!];
  }
  const count = Math.min(shots.length - 1, Math.max(1, Math.round(validationShare * shots.length)));
  const held = new Set(shots.slice(0, count));
  return {
    train: traces.filter((t) => !held.has(t.shot)),
    validation: traces.filter((t) => held.has(t.shot)),
  };
}
