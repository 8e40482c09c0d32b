import { describe, expect, it } from 'vitest';
import { dispatch, type Handlers } from '../../../src-main/api/dispatch';
import { ApiError } from '../../../src-main/api/errors';

function handlers(overrides: Partial<Handlers> = {}): Handlers {
  const unused = () => {
    throw new Error('not called in this test');
  };
  return {
    'app.info': () => ({
      name: 'Pickline',
      version: '0',
      node: '20',
      platform: 'x',
      host: 'node',
      homeDir: '/home/x',
      bundledModel: null,
    }),
    'ml.backend': unused,
    'project.create': unused,
    'project.open': ({ dir }) => ({ dir, name: 'n', createdAt: 't', schemaVersion: 1 }),
    'project.current': () => null,
    'project.close': unused,
    'projects.recent': unused,
    'files.browse': unused,
    'project.summary': unused,
    'settings.get': unused,
    'settings.set': unused,
    'project.demo': unused,
    'training.start': unused,
    'training.startOnProject': unused,
    'pseudolabel.start': unused,
    'teach.start': unused,
    'project.import': unused,
    'project.previewGeometry': unused,
    'shots.list': unused,
    'shots.gather': unused,
    'shots.setQc': unused,
    'shots.setLineType': unused,
    'traces.setStatus': unused,
    'picks.setManual': unused,
    'picks.setStatus': unused,
    'picks.setShotStatus': unused,
    'picks.delete': unused,
    'picks.undo': unused,
    'picks.redo': unused,
    'picks.travelTimes': unused,
    'layers.assign': unused,
    'layers.segments': unused,
    'sections.start': unused,
    'sections.list': unused,
    'sections.get': unused,
    'sections.ratio': unused,
    'sections.export': unused,
    'sections.exportRatio': unused,
    'picking.start': unused,
    'qc.run': unused,
    'qc.shot': unused,
    'qc.acceptShown': unused,
    'shots.probabilities': unused,
    'picks.export': unused,
    'picks.importFile': unused,
    'models.list': unused,
    'models.register': unused,
    'models.setDefault': unused,
    'models.rename': unused,
    'models.delete': unused,
    'models.evaluate': unused,
    'jobs.start': unused,
    'jobs.cancel': unused,
    'jobs.list': () => [],
    ...overrides,
  };
}

describe('dispatch', () => {
  it('calls the handler with the validated input', async () => {
    const envelope = await dispatch(handlers(), 'project.open', { dir: ' /data/line ' });
    expect(envelope).toEqual({
      ok: true,
      value: { dir: '/data/line', name: 'n', createdAt: 't', schemaVersion: 1 },
    });
  });

  it('refuses an unknown method', async () => {
    const envelope = await dispatch(handlers(), 'project.delete', {});
    expect(envelope).toEqual({
      ok: false,
      error: { code: 'unknown-method', message: 'unknown API method "project.delete"' },
    });
  });

  it('refuses a payload that fails the schema and names the field', async () => {
    const envelope = await dispatch(handlers(), 'project.open', { dir: 42 });
    expect(envelope.ok).toBe(false);
    if (envelope.ok) return;
    expect(envelope.error.code).toBe('invalid-input');
    expect(envelope.error.message).toMatch(/^project\.open: dir: .*expected string/);
  });

  it('refuses unexpected keys (strict schemas)', async () => {
    const envelope = await dispatch(handlers(), 'app.info', { extra: true });
    expect(envelope.ok).toBe(false);
    if (!envelope.ok) expect(envelope.error.message).toMatch(/extra/);
  });

  it('turns service errors into envelopes without throwing', async () => {
    const failing = handlers({
      'project.current': () => {
        throw new ApiError('not-found', 'no project at /x');
      },
      'jobs.list': () => {
        throw new Error('disk full');
      },
    });
    expect(await dispatch(failing, 'project.current', {})).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'no project at /x' },
    });
    expect(await dispatch(failing, 'jobs.list', {})).toEqual({
      ok: false,
      error: { code: 'failed', message: 'disk full' },
    });
  });

  it('says the project is busy when another process kept the write lock past the timeout', async () => {
    const busy = handlers({
      'project.current': () => {
        throw Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
      },
    });
    const envelope = await dispatch(busy, 'project.current', {});
    expect(envelope).toMatchObject({ ok: false, error: { code: 'conflict' } });
    if (!envelope.ok) expect(envelope.error.message).toMatch(/^the project is busy: .*try again$/);
  });
});
