import type { AppInfo, Input, ModelInfo } from '../../../src-main/api/contract';
import type { HumSetting } from '../../../src-main/dsp/hum';

export type PickingMethod = NonNullable<Input<'picking.start'>['method']>;

/** What the auto-pick panel offers against power-line hum (picking/hum-removal.ts). */
export const HUM_CHOICES: readonly { value: HumSetting; label: string }[] = [
  { value: 'off', label: 'left in, as recorded' },
  { value: 'auto', label: 'found and subtracted' },
  { value: 50, label: '50 Hz subtracted' },
  { value: 60, label: '60 Hz subtracted' },
];

/** The pickers the auto-pick panel offers; only the network picks S. */
export const PICKING_METHODS: readonly { value: PickingMethod; label: string }[] = [
  { value: 'phasenet', label: 'PhaseNet network (P and S)' },
  { value: 'stalta', label: 'STA/LTA (P)' },
  { value: 'aic', label: 'AIC (P)' },
  { value: 'stalta-aic', label: 'STA/LTA then AIC (P)' },
  { value: 'mer', label: 'Modified energy ratio (P)' },
];

/** The services' peak threshold when none is given (picking/peaks.ts). */
export const DEFAULT_THRESHOLD = 0.3;

/** The services' fastest velocity when none is given, m/s (picking/search-start.ts). */
export const DEFAULT_V_MAX = 6000;

/** How the next auto-pick runs (see picking-settings.svelte.ts for the live object). */
export interface PickingSettings {
  method: PickingMethod;
  /** A registered model's name; null: the project's default model. */
  model: string | null;
  P: boolean;
  S: boolean;
  threshold: number;
  /** First breaks as one line through each gather, or each trace alone. */
  strategy: 'gather' | 'trace';
  /** Nothing is picked before offset / vMax after the shot, m/s; null: from the shot on. */
  vMax: number | null;
  /** Power-line hum subtracted before picking: found (auto), 50 or 60 Hz, or off. */
  hum: HumSetting;
  /** Pick every shot, or only the shot open in the gather view. */
  scope: 'all' | 'current';
  /** Below this probability a picker's pick is "low confidence" (the L key steps to it). */
  lowConfidence: number;
}

/**
 * The model to use: the one chosen when this project has it (a choice made in another
 * project may name a model this one lacks), else the default; null when there is none, so
 * the services answer with their own message.
 */
export function chosenModel(
  settings: Pick<PickingSettings, 'model'>,
  models: readonly ModelInfo[],
) {
  if (settings.model !== null && models.some((m) => m.name === settings.model)) {
    return settings.model;
  }
  return models.find((m) => m.isDefault)?.name ?? null;
}

/**
 * The phases the model that will pick was shown to pick (its card's validatedPhases; the
 * bundled model's while the project has none, since picking then registers it): the
 * panel's phase boxes start there.
 */
export function validatedPhases(
  settings: Pick<PickingSettings, 'model'>,
  models: readonly ModelInfo[],
  bundled: AppInfo['bundledModel'],
): ('P' | 'S')[] {
  const name = chosenModel(settings, models);
  const model = models.find((m) => m.name === name);
  return model?.validatedPhases ?? bundled?.validatedPhases ?? ['P', 'S'];
}

/**
 * The `picking.start` input for the settings, or the reason it cannot start. Classical
 * pickers pick P only and have no threshold or model.
 */
export function pickingRequest(
  settings: PickingSettings,
  models: readonly ModelInfo[],
  currentShotId: number | null,
): { input: Input<'picking.start'> } | { problem: string } {
  const network = settings.method === 'phasenet';
  const phases = (['P', 'S'] as const).filter((p) => settings[p] && (network || p === 'P'));
  if (phases.length === 0) return { problem: 'Choose P, S or both.' };
  if (network && !(settings.threshold > 0 && settings.threshold < 1)) {
    return { problem: 'The threshold is a probability between 0 and 1.' };
  }
  if (settings.vMax !== null && !(settings.vMax > 0 && settings.vMax <= 100_000)) {
    return {
      problem: 'The fastest velocity is in m/s, above 0 (leave it empty to search from the shot).',
    };
  }
  if (settings.scope === 'current' && currentShotId === null) {
    return { problem: 'Open a shot in the gather view first, or pick all shots.' };
  }
  const model = network ? chosenModel(settings, models) : null;
  return {
    input: {
      method: settings.method,
      phases,
      vMax: settings.vMax,
      hum: settings.hum,
      ...(network ? { threshold: settings.threshold, strategy: settings.strategy } : {}),
      ...(model ? { model } : {}),
      ...(settings.scope === 'current' ? { shotIds: [currentShotId!] } : {}),
    },
  };
}
