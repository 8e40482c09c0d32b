import type { Phase } from '../metrics/scores';
import { aicPick, staLtaAicPick } from './classical/aic';
import { merPick, type MerOptions } from './classical/mer';
import type { FirstArrival } from './classical/pick';
import { staLtaPick, type StaLtaOptions } from './classical/stalta';
import { pickPhases, type PhasePick, type PickPhaseOptions } from './peaks';
import type { PhaseProbabilities } from './predict';

/** A pick of one phase on one input, times in seconds after the source time. */
export interface PhaseResult {
  phase: Phase;
  pick: PhasePick;
}

/**
 * Picks from probability curves, each phase from its own curve, as PhaseNet does: peaks of at
 * least `threshold` at least `minDistance` samples (of the model's rate) apart; mode 'first'
 * keeps the earliest per phase, for first arrivals. Times are startTime + index·dt, on the
 * model's sample grid, which is the source-time clock of the trace.
 */
export function picksFromProbabilities(
  probabilities: PhaseProbabilities,
  phases: readonly Phase[],
  options: PickPhaseOptions = {},
): PhaseResult[] {
  const { dt, startTime } = probabilities;
  return phases.flatMap((phase) =>
    pickPhases(phase === 'P' ? probabilities.p : probabilities.s, dt, startTime, options).map(
      (pick) => ({ phase, pick }),
    ),
  );
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

export function classicalPick(
  method: ClassicalMethod,
  samples: Float32Array | Float64Array,
  dt: number,
  startTime: number,
  options: ClassicalOptions = {},
): FirstArrival | null {
  switch (method) {
    case 'stalta':
      return staLtaPick(samples, dt, startTime, options.stalta);
    case 'aic':
      return aicPick(samples, dt, startTime);
    case 'stalta-aic':
      return staLtaAicPick(samples, dt, startTime, options.stalta);
    case 'mer':
      return merPick(samples, dt, startTime, options.mer);
  }
}
