import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { appPaths } from '../../../src-main/paths';
import { CONTENT_SECURITY_POLICY } from '../../../src-main/security/csp';
import { isAppUrl, mainWindowOptions } from '../../../src-main/electron/window-options';

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
  return {
    appHandlers,
    created,
    headerHooks,
    permissionHandlers,
    module: {
      app: { on: (name: string, handler: Handler) => appHandlers.set(name, handler) },
      BrowserWindow,
      ipcMain: { handle: () => undefined },
      session: {
        defaultSession: {
          webRequest: { onHeadersReceived: (hook: Handler) => headerHooks.push(hook) },
          setPermissionRequestHandler: (handler: Handler) => permissionHandlers.push(handler),
        },
      },
    },
  };
});
vi.mock('electron', () => electron.module);

const { blockNavigation, createMainWindow, hardenSession } =
  await import('../../../src-main/electron/app');

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
    expect(loaded).toEqual(['/opt/pickline/out/renderer/index.html']);
  });
});

describe('navigation and new windows', () => {
  beforeEach(() => blockNavigation());

  it('only treats the bundled files (or the dev server) as the app', () => {
    expect(isAppUrl('file:///opt/pickline/out/renderer/index.html')).toBe(true);
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
    listeners.get('will-navigate')!(inside, 'file:///app/out/renderer/index.html');
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
