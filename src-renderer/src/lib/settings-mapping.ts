import type { ProjectSettings, ProjectSettingsPatchInput } from '../../../src-main/api/contract';
import type { GatherSettings } from './gather-settings.svelte';
import type { PickingSettings } from './picking-request';
import type { TravelSettings } from './travel-settings.svelte';

/**
 * Between the project's stored settings (api/project-settings.ts) and the renderer's live
 * setting objects: which field lives where. The auto-pick phases and scope are not stored:
 * the phases follow the chosen model's card, the scope the shot on screen.
 */
export interface LiveSettings {
  gather: GatherSettings;
  picking: PickingSettings;
  travel: TravelSettings;
}

export function fromProject(s: ProjectSettings): {
  gather: Partial<GatherSettings>;
  picking: Partial<PickingSettings>;
  travel: TravelSettings;
} {
  const { phase, snap, ...picking } = s.picking;
  return {
    gather: { ...s.display, phase, snap },
    picking,
    travel: { ...s.travelTimes },
  };
}

export function toProject(live: LiveSettings): Required<ProjectSettingsPatchInput> {
  const g = live.gather;
  const p = live.picking;
  return {
    display: {
      component: g.component,
      axis: g.axis,
      mode: g.mode,
      normalisation: g.normalisation,
      gain: g.gain,
      clip: g.clip,
      agc: g.agc,
      agcWindowMs: g.agcWindowMs,
      bandpass: g.bandpass,
      lowHz: g.lowHz,
      highHz: g.highHz,
      reduce: g.reduce,
      velocity: g.velocity,
      probabilities: g.probabilities,
    },
    picking: {
      phase: g.phase,
      snap: g.snap,
      method: p.method,
      model: p.model,
      threshold: p.threshold,
      lowConfidence: p.lowConfidence,
      strategy: p.strategy,
      vMax: p.vMax,
      hum: p.hum,
    },
    travelTimes: { ...live.travel },
  };
}

/**
 * What of `patch` the store would take: number fields a person is typing (empty, or out of
 * range) are left out until they hold a value, instead of failing the whole save.
 */
export function savable(patch: Required<ProjectSettingsPatchInput>): ProjectSettingsPatchInput {
  const clean = <T extends object>(group: T): Partial<T> =>
    Object.fromEntries(
      Object.entries(group).filter(
        ([, v]) => typeof v !== 'number' || (Number.isFinite(v) && v >= 0),
      ),
    ) as Partial<T>;
  return {
    display: clean(patch.display),
    picking: clean(patch.picking),
    travelTimes: clean(patch.travelTimes),
  };
}
