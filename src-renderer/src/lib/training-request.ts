import type { Input, ModelInfo, ProjectSummary } from '../../../src-main/api/contract';

/** Where a training starts: a registered model (its id), the bundled model, or from scratch. */
export type InitChoice = number | 'bundled' | 'scratch';
export type LoadMode = 'all' | 'encoder-decoder' | 'input-encoder';
export type FreezeKind = 'none' | 'encoder' | 'input-encoder' | 'deepest' | 'layers';

/** The Training view's form (see `pickline train` for what each does). */
export interface TrainingSettings {
  init: InitChoice;
  name: string;
  load: LoadMode;
  freeze: FreezeKind;
  /** Levels for `deepest:N`. */
  deepest: number;
  /** Layer names for `layers:A-B`, e.g. input and encoder_2. */
  layersFrom: string;
  layersTo: string;
  /** Input components; null keeps the starting model's. */
  channels: number | null;
  epochs: number;
  batch: number;
  /** Training batches per epoch. */
  steps: number;
  lr: number;
  /** Window in samples; null keeps the starting model's. */
  window: number | null;
}

/**
 * A fine-tuning on one line's few hundred picks: few short epochs, and a learning rate a third
 * of a training from scratch, so the starting model's features are adjusted, not relearnt.
 */
export const TRAINING_DEFAULTS = {
  load: 'all',
  freeze: 'none',
  deepest: 1,
  layersFrom: 'input',
  layersTo: 'encoder_2',
  channels: null,
  epochs: 10,
  batch: 16,
  steps: 25,
  lr: 0.0003,
  window: null,
} as const satisfies Partial<TrainingSettings>;

/** The default model to start from, else the bundled one. */
export function defaultInit(models: readonly ModelInfo[]): InitChoice {
  return models.find((m) => m.isDefault)?.id ?? 'bundled';
}

/** A name for the new model no registered model has: `<start>-tuned`, `-tuned-2`, … */
export function suggestModelName(init: InitChoice, models: readonly ModelInfo[]): string {
  const start =
    typeof init === 'number'
      ? (models.find((m) => m.id === init)?.name ?? 'model')
      : init === 'bundled'
        ? 'bundled'
        : 'line-model';
  const base = init === 'scratch' ? start : `${start}-tuned`;
  const taken = new Set(models.map((m) => m.name));
  for (let k = 1; ; k++) {
    const name = k === 1 ? base : `${base}-${k}`;
    if (!taken.has(name)) return name;
  }
}

/** The freeze spec of `pickline train --freeze`, or the reason the form's is not one. */
export function freezeSpec(s: TrainingSettings): { spec: string } | { problem: string } {
  switch (s.freeze) {
    case 'none':
    case 'encoder':
    case 'input-encoder':
      return { spec: s.freeze };
    case 'deepest':
      return Number.isInteger(s.deepest) && s.deepest >= 1
        ? { spec: `deepest:${s.deepest}` }
        : { problem: 'Freeze the deepest levels: give a whole number from 1.' };
    case 'layers': {
      const [a, b] = [s.layersFrom.trim(), s.layersTo.trim()];
      return /^\w+$/.test(a) && /^\w+$/.test(b)
        ? { spec: `layers:${a}-${b}` }
        : { problem: 'Freeze layers: name the first and last layer, e.g. input and encoder_2.' };
    }
  }
}

const wholeAtLeast = (v: number | null, min: number) =>
  v !== null && Number.isInteger(v) && v >= min;

/** The `training.startOnProject` input for the form, or what to fix first. */
export function trainingRequest(
  s: TrainingSettings,
  models: readonly ModelInfo[],
): { input: Input<'training.startOnProject'> } | { problem: string } {
  const name = s.name.trim();
  if (!name) return { problem: 'Name the new model.' };
  if (models.some((m) => m.name === name)) {
    return { problem: `A model named "${name}" is registered already: choose another name.` };
  }
  if (typeof s.init === 'number' && !models.some((m) => m.id === s.init)) {
    return { problem: 'Choose the model to start from.' };
  }
  const freeze = freezeSpec(s);
  if ('problem' in freeze) return freeze;
  for (const [value, label] of [
    [s.epochs, 'Epochs'],
    [s.batch, 'Batch'],
    [s.steps, 'Steps per epoch'],
  ] as const) {
    if (!wholeAtLeast(value, 1)) return { problem: `${label}: give a whole number from 1.` };
  }
  if (!(s.lr > 0 && s.lr <= 1)) return { problem: 'Learning rate: a number above 0, at most 1.' };
  if (s.window !== null && !wholeAtLeast(s.window, 64)) {
    return { problem: 'Window: a whole number of samples from 64 (or empty: the model’s).' };
  }
  const scratch = s.init === 'scratch';
  return {
    input: {
      init: typeof s.init === 'number' ? { model: s.init } : s.init,
      name,
      // Loading and freezing layers need a model to start from.
      ...(scratch ? {} : { load: s.load }),
      ...(scratch || freeze.spec === 'none' ? {} : { freeze: freeze.spec }),
      ...(s.channels !== null ? { channels: s.channels } : {}),
      epochs: s.epochs,
      batch: s.batch,
      steps: s.steps,
      lr: s.lr,
      ...(s.window !== null ? { window: s.window } : {}),
    },
  };
}

/** Picks the trainer learns from: manual and accepted ones (training/sources.ts). */
export function labelCount(summary: ProjectSummary | null): number {
  return (summary?.picks ?? [])
    .filter((p) => p.status !== 'rejected' && (p.origin === 'manual' || p.status === 'accepted'))
    .reduce((n, p) => n + p.count, 0);
}
