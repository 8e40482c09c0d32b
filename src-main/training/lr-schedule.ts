/**
 * Learning rate over training, as a function of progress: `epoch` counted from 0 plus the
 * fraction of it done, so the rate changes smoothly within an epoch where the schedule does.
 *
 * - 'constant': the base rate throughout;
 * - 'step': halved every `stepEpochs` epochs;
 * - 'cosine': from the base rate down to 1 % of it along a half cosine over all epochs
 *   (Loshchilov & Hutter's annealing without restarts), which needs no tuning of when to drop.
 */
export type LearningRateSchedule =
  { kind: 'constant' } | { kind: 'step'; stepEpochs: number } | { kind: 'cosine' };

const COSINE_FLOOR = 0.01;

export function learningRateAt(
  schedule: LearningRateSchedule,
  base: number,
  progress: number,
  epochs: number,
): number {
  switch (schedule.kind) {
    case 'constant':
      return base;
    case 'step':
      return base * 0.5 ** Math.floor(progress / schedule.stepEpochs);
    case 'cosine': {
      const t = Math.min(1, Math.max(0, progress / epochs));
      return base * (COSINE_FLOOR + ((1 - COSINE_FLOOR) * (1 + Math.cos(Math.PI * t))) / 2);
    }
  }
}
