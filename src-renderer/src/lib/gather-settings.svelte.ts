import type { DisplayMode } from './gather-plot';
import type { SnapMode } from './snap-to-waveform';
import type { TraceAxis } from './trace-positions';

/**
 * How gathers are displayed and picked. One object for the open project, so going from shot
 * to shot keeps the gain, filters and phase the engineer chose; it is loaded from and saved
 * to the project's settings (project-settings.svelte.ts), so another project has its own.
 */
export interface GatherSettings {
  /** The component drawn on multi-component lines ('all': every trace); see component-view. */
  component: string;
  axis: TraceAxis;
  mode: DisplayMode;
  normalisation: 'first-breaks' | 'trace' | 'global';
  gain: number;
  /** Largest wiggle deflection, in trace spacings. */
  clip: number;
  agc: boolean;
  agcWindowMs: number;
  bandpass: boolean;
  lowHz: number;
  highHz: number;
  reduce: boolean;
  /** Reduction velocity (m/s). */
  velocity: number;
  /** The phase a plain click places (Shift+click places the other). */
  phase: 'P' | 'S';
  snap: SnapMode;
  /** Draw the network's P and S probabilities over the traces. */
  probabilities: boolean;
}

export const gatherSettings = $state<GatherSettings>({
  component: 'Z',
  axis: 'offset',
  mode: 'area',
  normalisation: 'first-breaks',
  gain: 1.5,
  clip: 1,
  agc: false,
  agcWindowMs: 50,
  bandpass: false,
  lowHz: 10,
  highHz: 250,
  reduce: false,
  velocity: 1000,
  phase: 'P',
  snap: 'off',
  probabilities: false,
});
