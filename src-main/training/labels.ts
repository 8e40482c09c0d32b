/**
 * Training targets for a PhaseNet-style picker: per sample, the probability of noise, P and S
 * (the model's output classes, in this order). Around each pick a bump of the chosen shape
 * and width, as SeisBench's ProbabilisticLabeller makes them:
 *
 * - 'gaussian': exp(-d² / (2 width²)), width = the standard deviation in samples;
 * - 'triangle': max(0, 1 - |d| / width), width = the half-width in samples;
 *
 * with d the distance in samples from the (fractional) pick, so a pick between two samples
 * is labelled where it is. noise = 1 - P - S, clipped at 0 where P and S overlap. A window
 * without picks (a noise-only window) is all noise.
 */

export type LabelShape = 'gaussian' | 'triangle';

export interface LabelOptions {
  shape: LabelShape;
  /** Samples; see above. */
  width: number;
}

/** Sample positions of the arrivals from the window's first sample; null = none. */
export interface PhasePicks {
  P: number | null;
  S: number | null;
}

export const LABEL_CLASSES = ['noise', 'P', 'S'] as const;

/** The label value at `distance` samples from a pick. */
export function pickProbability(options: LabelOptions, distance: number): number {
  const { shape, width } = options;
  if (shape === 'gaussian') return Math.exp(-(distance * distance) / (2 * width * width));
  return Math.max(0, 1 - Math.abs(distance) / width);
}

/** Labels of a window of `length` samples: row-major [time][class], classes noise, P, S. */
export function phaseLabels(
  length: number,
  picks: PhasePicks,
  options: LabelOptions,
): Float32Array {
  if (!(options.width > 0 && Number.isFinite(options.width))) {
    throw new RangeError(`label width must be a positive number of samples, got ${options.width}`);
  }
  const out = new Float32Array(length * LABEL_CLASSES.length);
  for (let t = 0; t < length; t++) {
    const p = picks.P === null ? 0 : pickProbability(options, t - picks.P);
    const s = picks.S === null ? 0 : pickProbability(options, t - picks.S);
    out[3 * t] = Math.max(0, 1 - p - s);
    out[3 * t + 1] = p;
    out[3 * t + 2] = s;
  }
  return out;
}
