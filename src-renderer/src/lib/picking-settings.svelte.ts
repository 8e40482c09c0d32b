import { DEFAULT_THRESHOLD, DEFAULT_V_MAX, type PickingSettings } from './picking-request';

/**
 * How the next auto-pick runs and which model the probability overlay shows. One object for
 * the session, shared by the auto-pick panel and the gather's overlay, so the threshold drawn
 * over the probabilities is the one picking will use.
 */
export const pickingSettings = $state<PickingSettings>({
  method: 'phasenet',
  model: null,
  P: true,
  S: true,
  threshold: DEFAULT_THRESHOLD,
  strategy: 'gather',
  vMax: DEFAULT_V_MAX,
  hum: 'off',
  scope: 'all',
  lowConfidence: 0.5,
});
