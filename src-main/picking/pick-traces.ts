import type { Phase } from '../metrics/scores';
import { aicPick, staLtaAicPick } from './classical/aic';
import { merPick, type MerOptions } from './classical/mer';
import type { FirstArrival } from './classical/pick';
import { staLtaPick, type StaLtaOptions } from './classical/stalta';
import { pickPhases, type PhasePick, type PickPhaseOptions } from './peaks';
import type { PhaseProbabilities } from './predict';
import { firstSampleAtOrAfter } from './search-start';

/** A pick of one phase on one input, times in seconds after the source time. */
export interface PhaseResult {
  phase: Phase;
  pick: PhasePick;
}

/**
 * Picks from probability curves, each phase from its own curve, as PhaseNet does: peaks of at
 * least `threshold` at least `minDistance` samples (of the model's rate) apart; mode 'first'
 * keeps the earliest per phase, for first arrivals. Times are startTime + index·dt, on the
 * model's sample grid, which is the source-time clock of the trace. Nothing is picked before
 * `earliest` seconds (the source time, or offset / v_max: see search-start.ts).
 */
export function picksFromProbabilities(
  probabilities: PhaseProbabilities,
  phases: readonly Phase[],
  options: PickPhaseOptions = {},
  earliest: number | null = null,
): PhaseResult[] {
  const { dt, startTime } = probabilities;
  const from = earliest === null ? 0 : firstSampleAtOrAfter(earliest, startTime, dt);
  return phases.flatMap((phase) =>
    pickPhases(
      searchedPart(phase === 'P' ? probabilities.p : probabilities.s, from),
      dt,
      startTime,
      options,
    ).map((pick) => ({ phase, pick })),
  );
}

/** The curve with its samples before `from` at 0, so no peak is found there. */
function searchedPart(curve: Float32Array, from: number): Float32Array {
  if (from <= 0) return curve;
  const copy = Float32Array.from(curve);
  copy.fill(0, 0, Math.min(from, copy.length));
  return copy;
}

/**
 * Classical first-arrival pickers (P only):
 * - 'stalta': the STA/LTA trigger onset (late by up to a short window, by construction);
 * - 'aic': Maeda's AIC from the start of the trace to its largest amplitude;
 * - 'stalta-aic': STA/LTA to find the arrival, AIC around the trigger to place it;
 * - 'mer': the maximum of the modified energy ratio.
 */
export const CLASSICAL_METHODS = ['stalta', 'aic', 'stalta-aic', 'mer'] as const;
export type ClassicalMethod = (typeof CLASSICAL_METHODS)[number];

export interface ClassicalOptions {
  stalta?: StaLtaOptions;
  mer?: MerOptions;
}

/**
 * A classical picker's first arrival, at or after sample `earliest` (the source time, or
 * offset / v_max: see search-start.ts); the samples before it are its noise reference.
 */
export function classicalPick(
  method: ClassicalMethod,
  samples: Float32Array | Float64Array,
  dt: number,
  startTime: number,
  options: ClassicalOptions = {},
  earliest = 0,
): FirstArrival | null {
  switch (method) {
    case 'stalta':
      return staLtaPick(samples, dt, startTime, options.stalta, earliest);
    case 'aic':
      return aicPick(samples, dt, startTime, undefined, earliest);
    case 'stalta-aic':
      return staLtaAicPick(samples, dt, startTime, options.stalta, earliest);
    case 'mer':
      return merPick(samples, dt, startTime, options.mer, earliest);
  }
}
