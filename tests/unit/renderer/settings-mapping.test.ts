import { describe, expect, it } from 'vitest';
import { PROJECT_SETTINGS, readGroup } from '../../../src-main/api/project-settings';
import type { ProjectSettings } from '../../../src-main/api/contract';
import { fromProject, savable, toProject } from '../../../src-renderer/src/lib/settings-mapping';

const defaults: ProjectSettings = {
  display: readGroup('display', {}),
  picking: readGroup('picking', {}),
  travelTimes: readGroup('travelTimes', {}),
};

describe('project settings in the renderer', () => {
  it('go to the live objects and back unchanged, every stored field included', () => {
    const stored: ProjectSettings = {
      display: { ...defaults.display, gain: 3, component: 'N', normalisation: 'trace' },
      picking: { ...defaults.picking, phase: 'S', snap: 'onset', model: 'near-surface-3c' },
      travelTimes: { axis: 'offset', reciprocityTolerance: 2 },
    };
    const live = fromProject(stored);
    const back = toProject({
      gather: { ...live.gather, phase: live.gather.phase!, snap: live.gather.snap! } as never,
      picking: { ...live.picking, P: true, S: true, scope: 'all' } as never,
      travel: live.travel,
    });
    expect(back).toEqual(stored);
    // Every field of every group has a place in the renderer: a setting added to the store
    // without one fails here.
    for (const group of Object.keys(PROJECT_SETTINGS) as (keyof ProjectSettings)[]) {
      expect(Object.keys(back[group]).sort()).toEqual(Object.keys(stored[group]).sort());
    }
  });

  it('leave out numbers being typed until they are numbers again', () => {
    const patch = toProject({
      gather: { ...fromProject(defaults).gather, gain: NaN, velocity: -5 } as never,
      picking: { ...fromProject(defaults).picking } as never,
      travel: { axis: 'receiver', reciprocityTolerance: null },
    });
    const clean = savable(patch);
    expect(clean.display).not.toHaveProperty('gain');
    expect(clean.display).not.toHaveProperty('velocity');
    expect(clean.display!.clip).toBe(1);
    expect(clean.travelTimes).toEqual({ axis: 'receiver', reciprocityTolerance: null });
  });
});
