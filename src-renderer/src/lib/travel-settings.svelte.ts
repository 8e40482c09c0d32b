import type { TravelTimeAxis } from './travel-time-lines';

/** The travel-time view's settings for the open project (saved with it). */
export interface TravelSettings {
  axis: TravelTimeAxis;
  /** Reciprocity's largest gap to the receivers read, m; null: one receiver spacing. */
  reciprocityTolerance: number | null;
}

export const travelSettings = $state<TravelSettings>({
  axis: 'receiver',
  reciprocityTolerance: null,
});
