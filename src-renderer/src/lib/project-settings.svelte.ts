import { api } from './api';
import { gatherSettings } from './gather-settings.svelte';
import { pickingSettings } from './picking-settings.svelte';
import { fromProject, savable, toProject } from './settings-mapping';
import { travelSettings } from './travel-settings.svelte';

/**
 * Keeps the live settings objects in step with the open project's stored settings: loaded
 * when a project opens, saved (after a short pause, so typing a gain is one write) whenever
 * they change. Until a project's settings are loaded nothing is saved, so one project's
 * settings never land in another.
 */
class ProjectSettingsSync {
  /** The project whose settings the live objects hold; null while none is loaded. */
  loadedFor = $state<string | null>(null);
  error = $state<string | null>(null);
  private timer: ReturnType<typeof setTimeout> | null = null;

  async load(projectDir: string | null): Promise<void> {
    this.loadedFor = null;
    if (!projectDir) return;
    const stored = fromProject(await api.call('settings.get', {}));
    Object.assign(gatherSettings, stored.gather);
    Object.assign(pickingSettings, stored.picking);
    Object.assign(travelSettings, stored.travel);
    this.loadedFor = projectDir;
  }

  /** Call inside an effect: reads every setting (so the effect reruns) and saves later. */
  watch(): void {
    const patch = toProject({
      gather: gatherSettings,
      picking: pickingSettings,
      travel: travelSettings,
    });
    const key = JSON.stringify(patch);
    if (this.loadedFor === null) return;
    const dir = this.loadedFor;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.loadedFor !== dir) return;
      api.call('settings.set', savable(JSON.parse(key) as typeof patch)).then(
        () => (this.error = null),
        (err: Error) => (this.error = err.message),
      );
    }, 400);
  }
}

export const projectSettings = new ProjectSettingsSync();
