import { appState } from './app-state.svelte';
import { gatherSettings } from './gather-settings.svelte';
import { chosenModel } from './picking-request';
import { pickingSettings } from './picking-settings.svelte';
import type { DecodedProbabilities } from './shot-probabilities';

/** The overlay of one shot: off, the model running, its answer, or why there is none. */
export type OverlayState =
  | { status: 'off' | 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'shown'; data: DecodedProbabilities };

/**
 * The probability overlay of the gather on screen: while it is switched on, the shot's
 * probabilities from the chosen model (through the app's cache), again whenever the model
 * or the project changes. Create it while a component initialises (it runs an effect).
 */
export class ProbabilityOverlayState {
  state = $state.raw<OverlayState>({ status: 'off' });
  /** The model asked for; null: the project's default (or none). */
  readonly model = $derived(chosenModel(pickingSettings, appState.models));

  constructor(shotId: number) {
    $effect(() => {
      const project = appState.project?.dir;
      if (!gatherSettings.probabilities || !project) {
        this.state = { status: 'off' };
        return;
      }
      let current = true;
      this.state = { status: 'loading' };
      appState.probabilities.get(project, shotId, this.model).then(
        (data) => current && (this.state = { status: 'shown', data }),
        (err: Error) => current && (this.state = { status: 'failed', message: err.message }),
      );
      return () => (current = false);
    });
  }
}
