import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { IPC_INVOKE } from '../../../src-main/api/channels';
import { appPaths } from '../../../src-main/paths';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/security/csp';
import { mainWindowOptions } from '../../../src-main/electron/window-options';
import {
  APP_INDEX_URL,
  appResponse,
  isAppUrl,
  isTrustedSender,
} from '../../../src-main/electron/app-protocol';
import { tmpDir } from '../../helpers/tmp';

// A stand-in for the parts of Electron that app.ts touches, recording what it is given.
const electron = vi.hoisted(() => {
  type Handler = (...args: unknown[]) => unknown;
  const appHandlers = new Map<string, Handler>();
  const created: { options: unknown; loaded: string[] }[] = [];
  class BrowserWindow {
    webContents = { send: () => undefined };
    constructor(public options: unknown) {
      created.push({ options, loaded: [] });
    }
    once() {}
    loadFile(file: string) {
      created.at(-1)!.loaded.push(file);
      return Promise.resolve();
    }
    loadURL(url: string) {
      created.at(-1)!.loaded.push(url);
      return Promise.resolve();
    }
    static getAllWindows() {
      return [];
    }
  }
  const headerHooks: Handler[] = [];
  const permissionHandlers: Handler[] = [];
  const permissionChecks: Handler[] = [];
  const deviceHandlers: Handler[] = [];
  const ipcHandlers = new Map<string, Handler>();
  const privileged: unknown[] = [];
  const protocols = new Map<string, Handler>();
  return {
    appHandlers,
    created,
    headerHooks,
    permissionHandlers,
    permissionChecks,
    deviceHandlers,
    ipcHandlers,
    privileged,
    protocols,
    module: {
      app: {
        on: (name: string, handler: Handler) => appHandlers.set(name, handler),
        whenReady: () => new Promise(() => {}),
      },
      BrowserWindow,
      ipcMain: { handle: (channel: string, handler: Handler) => ipcHandlers.set(channel, handler) },
      protocol: {
        registerSchemesAsPrivileged: (schemes: unknown[]) => privileged.push(...schemes),
        handle: (scheme: string, handler: Handler) => protocols.set(scheme, handler),
      },
      session: {
        defaultSession: {
          webRequest: { onHeadersReceived: (hook: Handler) => headerHooks.push(hook) },
          setPermissionRequestHandler: (handler: Handler) => permissionHandlers.push(handler),
          setPermissionCheckHandler: (handler: Handler) => permissionChecks.push(handler),
          setDevicePermissionHandler: (handler: Handler) => deviceHandlers.push(handler),
        },
      },
    },
  };
});
vi.mock('electron', () => electron.module);

const {
  blockNavigation,
  createMainWindow,
  hardenSession,
  registerAppScheme,
  serveAppScheme,
  serveIpc,
} = await import('../../../src-main/electron/app');

describe('main window security settings', () => {
  it('isolates and sandboxes the renderer without Node.js', () => {
    const prefs = mainWindowOptions('/app/out/preload').webPreferences!;
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.preload).toBe(path.join('/app/out/preload', 'index.js'));
  });

  it('creates the window with exactly those options and loads the bundled renderer', () => {
    electron.created.length = 0;
    createMainWindow(appPaths('/opt/pickline/out/main'));
    expect(electron.created).toHaveLength(1);
    const { options, loaded } = electron.created[0]!;
    expect(options).toEqual(mainWindowOptions('/opt/pickline/out/preload'));
    expect(loaded).toEqual(['app://pickline/index.html']);
  });
});

describe('navigation and new windows', () => {
  beforeEach(() => blockNavigation());

  it('only treats the bundled files (or the dev server) as the app', () => {
    expect(isAppUrl(APP_INDEX_URL)).toBe(true);
    expect(isAppUrl('app://pickline/assets/index.js')).toBe(true);
    expect(isAppUrl('https://example.com/')).toBe(false);
    expect(isAppUrl('http://localhost:5173/')).toBe(false);
    expect(isAppUrl('http://localhost:5173/x', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('not a url')).toBe(false);
  });

  it('blocks navigation away, webviews and window.open on every web contents', () => {
    const listeners = new Map<string, (...args: unknown[]) => void>();
    let openHandler: (() => unknown) | undefined;
    const contents = {
      on: (name: string, listener: (...args: unknown[]) => void) => listeners.set(name, listener),
      setWindowOpenHandler: (handler: () => unknown) => (openHandler = handler),
    };
    electron.appHandlers.get('web-contents-created')!({}, contents);

    const event = () => ({ preventDefault: vi.fn() });
    const away = event();
    listeners.get('will-navigate')!(away, 'https://example.com/');
    expect(away.preventDefault).toHaveBeenCalled();
    const inside = event();
    listeners.get('will-navigate')!(inside, 'app://pickline/index.html');
    expect(inside.preventDefault).not.toHaveBeenCalled();
    const redirect = event();
    listeners.get('will-redirect')!(redirect, 'http://example.com/');
    expect(redirect.preventDefault).toHaveBeenCalled();
    const webview = event();
    listeners.get('will-attach-webview')!(webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(openHandler!()).toEqual({ action: 'deny' });
  });
});

describe('content security policy', () => {
  it('is sent with every response and refuses every permission', () => {
    hardenSession();
    const hook = electron.headerHooks.at(-1)!;
    let headers: unknown;
    hook({ responseHeaders: { 'X-Other': ['1'] } }, (result: { responseHeaders: unknown }) => {
      headers = result.responseHeaders;
    });
    expect(headers).toEqual({
      'X-Other': ['1'],
      'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
    });
    const decide = vi.fn();
    electron.permissionHandlers.at(-1)!({}, 'media', decide);
    expect(decide).toHaveBeenCalledWith(false);
  });

  it('allows only the app itself: no remote scripts, objects or frames', () => {
    expect(CONTENT_SECURITY_POLICY).toContain("default-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).toContain("object-src 'none'");
    expect(CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|https?:|\*/);
  });

  it('is repeated in index.html (minus frame-ancestors, which a meta tag cannot set)', () => {
    const html = fs.readFileSync(
      path.resolve(__dirname, '../../../src-renderer/index.html'),
      'utf8',
    );
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    const expected = CONTENT_SECURITY_POLICY.split('; ')
      .filter((d) => !d.startsWith('frame-ancestors'))
      .join('; ');
    expect(meta).toBe(expected);
  });
});

/**
 * Defect 11 of issue 21: Electron trusted every file: URL, so navigating to any local file
 * was allowed and passed the IPC sender check, and a dropped .html would have loaded with
 * the preload and the whole API. The renderer now comes from app://pickline/ only.
 */
describe('defect 11: the app is app://pickline/ and nothing else', () => {
  it('no file: URL is the app, not even the bundle’s own index.html', () => {
    expect(isAppUrl('file:///opt/pickline/out/renderer/index.html')).toBe(false);
    expect(isAppUrl('file:///home/crew/Downloads/evil.html')).toBe(false);
    expect(isAppUrl('app://pickline.evil/index.html')).toBe(false);
    expect(isAppUrl('app://other/index.html')).toBe(false);
    expect(isAppUrl('app:pickline/index.html')).toBe(false);
  });

  it('IPC answers only the app’s top frame', async () => {
    const top = { url: APP_INDEX_URL, parent: null };
    expect(isTrustedSender(top)).toBe(true);
    expect(isTrustedSender({ url: APP_INDEX_URL, parent: top })).toBe(false);
    expect(isTrustedSender({ url: 'file:///tmp/dropped.html', parent: null })).toBe(false);
    expect(isTrustedSender(null)).toBe(false);

    const events = { subscribe: () => () => undefined };
    const handlers = { 'app.info': () => ({ name: 'Pickline' }) };
    serveIpc({ events, handlers } as unknown as Parameters<typeof serveIpc>[0]);
    const invoke = electron.ipcHandlers.get(IPC_INVOKE)!;
    expect(
      await invoke(
        { senderFrame: { url: 'file:///tmp/dropped.html', parent: null } },
        'app.info',
        {},
      ),
    ).toEqual({
      ok: false,
      error: { code: 'unauthorized', message: 'IPC from a foreign frame' },
    });
    expect(await invoke({ senderFrame: top }, 'app.info', {})).toMatchObject({ ok: true });
  });

  it('cancels navigation to a dropped file and in subframes (will-frame-navigate)', () => {
    const listeners = new Map<string, (...args: unknown[]) => void>();
    const contents = {
      on: (name: string, listener: (...args: unknown[]) => void) => listeners.set(name, listener),
      setWindowOpenHandler: () => undefined,
    };
    blockNavigation();
    electron.appHandlers.get('web-contents-created')!({}, contents);
    const dropped = { preventDefault: vi.fn() };
    listeners.get('will-navigate')!(dropped, 'file:///home/crew/shots/evil.html');
    expect(dropped.preventDefault).toHaveBeenCalled();
    const frame = { url: 'file:///etc/passwd', preventDefault: vi.fn() };
    listeners.get('will-frame-navigate')!(frame);
    expect(frame.preventDefault).toHaveBeenCalled();
    const own = { url: 'app://pickline/index.html', preventDefault: vi.fn() };
    listeners.get('will-frame-navigate')!(own);
    expect(own.preventDefault).not.toHaveBeenCalled();
  });

  it('refuses permission checks and devices, not only permission requests', () => {
    hardenSession();
    expect(electron.permissionChecks.at(-1)!({}, 'media', 'app://pickline', {})).toBe(false);
    expect(electron.deviceHandlers.at(-1)!({ deviceType: 'usb', origin: 'app://pickline' })).toBe(
      false,
    );
  });

  it('registers app:// as a standard, secure scheme and serves only the bundle on it', async () => {
    registerAppScheme();
    expect(electron.privileged).toContainEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    });
    const renderer = tmpDir();
    fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Pickline</title>');
    fs.writeFileSync(path.join(path.dirname(renderer), 'secret.txt'), 'not for the renderer');
    serveAppScheme(appPaths(path.join(renderer, '..', 'main')));
    expect(electron.protocols.has('app')).toBe(true);

    const index = await appResponse('app://pickline/index.html', renderer);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<title>Pickline</title>');
    expect(index.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(index.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect((await appResponse('app://pickline/', renderer)).status).toBe(200);
    for (const url of [
      'app://pickline/%2e%2e/secret.txt',
      'app://pickline/..%2fsecret.txt',
      'app://other/index.html',
      'app://pickline/missing.js',
    ]) {
      expect((await appResponse(url, renderer)).status, url).toBe(404);
    }
    expect((await appResponse('app://pickline/%E0%A4%A', renderer)).status).toBe(400);
  });
});

describe('defect 11: fuses of the packaged app', () => {
  /** The `electronFuses:` block of the packaging config, as key: boolean. */
  function fuses(): Record<string, boolean> {
    const yml = fs.readFileSync(
      path.resolve(__dirname, '../../../build/electron-builder.yml'),
      'utf8',
    );
    const block = /^electronFuses:\n((?:[ ]+.*\n?)*)/m.exec(yml)?.[1] ?? '';
    return Object.fromEntries(
      [...block.matchAll(/^\s+(\w+):\s*(true|false)\s*$/gm)].map(([, key, value]) => [
        key!,
        value === 'true',
      ]),
    );
  }

  it('no running as Node, no NODE_OPTIONS, no inspector, asar integrity, only app.asar', () => {
    expect(fuses()).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });
});
