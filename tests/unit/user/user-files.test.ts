import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatch } from '../../../src-main/api/dispatch';
import { pathDialogOptions } from '../../../src-main/electron/path-dialog';
import { browseFolder, browseRoots } from '../../../src-main/user/folder-browser';
import { recentProjects, rememberProject } from '../../../src-main/user/recent-projects';
import { testServices } from '../../helpers/services';
import { tmpDir } from '../../helpers/tmp';

describe('recent projects', () => {
  it('lists opened and created projects newest first, each once, marking gone ones', async () => {
    const config = tmpDir();
    const services = testServices({ configDir: config });
    const a = path.join(tmpDir(), 'line-a');
    const b = path.join(tmpDir(), 'line-b');
    await dispatch(services.handlers, 'project.create', { dir: a, name: 'Line A' });
    await dispatch(services.handlers, 'project.create', { dir: b, name: 'Line B' });
    await dispatch(services.handlers, 'project.open', { dir: a });
    const listed = await dispatch(services.handlers, 'projects.recent', {});
    expect(listed).toMatchObject({
      ok: true,
      value: [
        { dir: a, name: 'Line A', exists: true },
        { dir: b, name: 'Line B', exists: true },
      ],
    });
    await services.close();
    fs.rmSync(b, { recursive: true });
    expect(recentProjects(config).map((r) => r.exists)).toEqual([true, false]);
  });

  it('starts again from a damaged list, and keeps a dozen', () => {
    const config = tmpDir();
    fs.writeFileSync(path.join(config, 'recent-projects.json'), '{ not json');
    expect(recentProjects(config)).toEqual([]);
    for (let i = 0; i < 15; i++) rememberProject(config, { dir: `/p/${i}`, name: `P${i}` });
    const list = recentProjects(config);
    expect(list).toHaveLength(12);
    expect(list[0]!.dir).toBe('/p/14');
  });
});

describe('folder browser', () => {
  it('lists folders, projects and (when asked) files of the given endings, hidden ones not', () => {
    const root = fs.realpathSync(tmpDir());
    fs.mkdirSync(path.join(root, 'shots'));
    fs.mkdirSync(path.join(root, 'line7'));
    fs.writeFileSync(path.join(root, 'line7', 'project.sqlite'), '');
    fs.mkdirSync(path.join(root, '.cache'));
    fs.writeFileSync(path.join(root, 'shots', '10.sg2'), 'x');
    fs.writeFileSync(path.join(root, 'shots', '2.SG2'), 'xy');
    fs.writeFileSync(path.join(root, 'shots', 'notes.txt'), '');
    const top = browseFolder(root, [root]);
    expect(top.entries.map((e) => [e.name, e.kind])).toEqual([
      ['line7', 'project'],
      ['shots', 'folder'],
    ]);
    expect(top.parent).toBeNull();
    const shots = browseFolder(path.join(root, 'shots'), [root], {
      files: true,
      extensions: ['.sg2'],
    });
    expect(shots.entries.map((e) => [e.name, e.size])).toEqual([
      ['2.SG2', 2],
      ['10.sg2', 1],
    ]);
    expect(shots.parent).toBe(root);
  });

  it('refuses folders outside its roots, also through a link', () => {
    const root = fs.realpathSync(tmpDir());
    const outside = fs.realpathSync(tmpDir());
    fs.symlinkSync(outside, path.join(root, 'escape'));
    expect(() => browseFolder(outside, [root])).toThrow(
      /outside the folders this browser may show/,
    );
    expect(() => browseFolder(path.join(root, 'escape'), [root])).toThrow(/outside/);
    expect(() => browseFolder(path.join(root, 'missing'), [root])).toThrow(/no such folder/);
    expect(() => browseFolder('/etc', browseRoots())).toThrow(/outside/);
    expect(browseRoots()).toContain(fs.realpathSync(os.homedir()));
  });

  it('takes extra roots from the services and checks its input at the API', async () => {
    const root = fs.realpathSync(tmpDir());
    const services = testServices({ browseRoots: [root] });
    const listed = await dispatch(services.handlers, 'files.browse', { dir: root });
    expect(listed).toMatchObject({ ok: true, value: { dir: root } });
    const bad = await dispatch(services.handlers, 'files.browse', { dir: root, sort: 'size' });
    expect(bad.ok).toBe(false);
    await services.close();
  });
});

describe('native open dialog (Electron)', () => {
  it('opens only for the request shapes the app sends', () => {
    expect(pathDialogOptions({ kind: 'folder', title: 'Project folder' })).toEqual({
      title: 'Project folder',
      properties: ['openDirectory', 'createDirectory'],
    });
    expect(
      pathDialogOptions({ kind: 'files', title: 'Shot files', extensions: ['.sg2', 'dat'] }),
    ).toEqual({
      title: 'Shot files',
      properties: ['openFile', 'multiSelections'],
      filters: [
        { name: 'Shot files', extensions: ['sg2', 'dat'] },
        { name: 'All files', extensions: ['*'] },
      ],
    });
    expect(pathDialogOptions({ kind: 'save', title: 'x' })).toBeNull();
    expect(pathDialogOptions({ kind: 'file', title: 'x', extensions: ['../../x'] })).toBeNull();
    expect(pathDialogOptions('folder')).toBeNull();
  });
});
