import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../src-main/api/dispatch';
import { PROJECT_SETTINGS, readGroup } from '../../../src-main/api/project-settings';
import { Project } from '../../../src-main/catalogue/project';
import { readSettings, writeSettings } from '../../../src-main/catalogue/settings-store';
import { testServices } from '../../helpers/services';
import { tmpDir } from '../../helpers/tmp';

describe('project settings', () => {
  it('start at the defaults, keep what is set, and stay with their project', () => {
    const a = Project.create(path.join(tmpDir(), 'a'));
    const b = Project.create(path.join(tmpDir(), 'b'));
    const defaults = readSettings(a.db);
    expect(defaults.display).toMatchObject({ normalisation: 'first-breaks', gain: 1.5 });
    expect(defaults.picking).toMatchObject({ phase: 'P', model: null, threshold: 0.3 });

    const changed = writeSettings(a.db, { display: { gain: 3 }, picking: { phase: 'S' } });
    expect(changed.display.gain).toBe(3);
    // A patch changes what it names, nothing else.
    expect(changed.display.normalisation).toBe('first-breaks');
    expect(changed.picking).toEqual({ ...defaults.picking, phase: 'S' });
    writeSettings(a.db, { display: { mode: 'wiggle' } });
    expect(readSettings(a.db).display).toMatchObject({ gain: 3, mode: 'wiggle' });
    // Another project is untouched.
    expect(readSettings(b.db)).toEqual(defaults);
    a.close();
    b.close();
  });

  it('read a stale or damaged stored value as the default, field by field', () => {
    expect(readGroup('display', { gain: 2, mode: 'hologram', unknown: 1 })).toEqual({
      ...PROJECT_SETTINGS.display.parse({}),
      gain: 2,
    });
    const project = Project.create(path.join(tmpDir(), 'c'));
    project.db
      .prepare("INSERT INTO project_settings (key, value, updated_at) VALUES ('picking', '{', 'x')")
      .run();
    expect(readSettings(project.db).picking).toEqual(PROJECT_SETTINGS.picking.parse({}));
    project.close();
  });

  it('are validated at the API, naming the field', async () => {
    const services = testServices();
    services.projects.create(path.join(tmpDir(), 'd'));
    const bad = await dispatch(services.handlers, 'settings.set', { display: { gain: -1 } });
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    expect(JSON.stringify(bad)).toContain('display.gain');
    const unknown = await dispatch(services.handlers, 'settings.set', { display: { hue: 1 } });
    expect(unknown.ok).toBe(false);
    const good = await dispatch(services.handlers, 'settings.set', {
      travelTimes: { reciprocityTolerance: 4 },
    });
    expect(good).toMatchObject({ ok: true, value: { travelTimes: { reciprocityTolerance: 4 } } });
    await services.close();
  });
});
