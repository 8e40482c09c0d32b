/**
 * Electron main process: one window, the renderer sandboxed behind a strict CSP and served
 * from app://pickline/, and the API carried over IPC to the same services the browser bridge
 * and the CLI use.
 */
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  protocol,
  session,
  type IpcMainInvokeEvent,
  type WebContents,
} from 'electron';
import { IPC_CHOOSE_PATHS, IPC_EVENT, IPC_INVOKE } from '../api/channels';
import { dispatch } from '../api/dispatch';
import type { AppPaths } from '../paths';
import { Services } from '../services';
import { CONTENT_SECURITY_POLICY } from '../security/csp';
import {
  APP_INDEX_URL,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  appResponse,
  isAppUrl,
  isTrustedSender,
} from './app-protocol';
import { pathDialogOptions } from './path-dialog';
import { mainWindowOptions } from './window-options';

const devServerUrl = process.env.ELECTRON_RENDERER_URL;

/**
 * Applies the CSP to every response and refuses every permission: requests (camera,
 * notifications), the checks pages make before asking, and devices (USB, serial, HID).
 */
export function hardenSession(): void {
  const defaultSession = session.defaultSession;
  defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
  defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  defaultSession.setPermissionCheckHandler(() => false);
  defaultSession.setDevicePermissionHandler(() => false);
}

/**
 * Blocks navigation away from the app (links, redirects, subframes, a file dropped on the
 * window), new windows and webviews, for every web contents.
 */
export function blockNavigation(): void {
  app.on('web-contents-created', (_event, contents: WebContents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url, devServerUrl)) event.preventDefault();
    });
    contents.on('will-frame-navigate', (event) => {
      if (!isAppUrl(event.url, devServerUrl)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url, devServerUrl)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

/**
 * Registers app:// as a standard, secure scheme; Electron allows this only before the app is
 * ready, so it runs at start-up.
 */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
}

/** Serves the renderer bundle, and nothing else, on app://pickline/. */
export function serveAppScheme(paths: AppPaths): void {
  protocol.handle(APP_SCHEME, (request) => appResponse(request.url, paths.rendererDir));
}

export function createMainWindow(paths: AppPaths): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(paths.preloadDir));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(devServerUrl ?? APP_INDEX_URL);
  return window;
}

/** Serves the API over IPC, only to the top frame of the app itself. */
export function serveIpc(services: Services): void {
  ipcMain.handle(IPC_INVOKE, (event: IpcMainInvokeEvent, method: unknown, input: unknown) => {
    if (!isTrustedSender(event.senderFrame, devServerUrl)) {
      return { ok: false, error: { code: 'unauthorized', message: 'IPC from a foreign frame' } };
    }
    return dispatch(services.handlers, method, input);
  });
  // The native open dialog, for the app's own frames and the request shapes it knows.
  ipcMain.handle(IPC_CHOOSE_PATHS, async (event: IpcMainInvokeEvent, request: unknown) => {
    const options = pathDialogOptions(request);
    if (!isTrustedSender(event.senderFrame, devServerUrl) || !options) return [];
    const window = BrowserWindow.fromWebContents(event.sender);
    const chosen = window
      ? await dialog.showOpenDialog(window, options)
      : await dialog.showOpenDialog(options);
    return chosen.canceled ? [] : chosen.filePaths;
  });
  services.events.subscribe((event) => {
    for (const window of BrowserWindow.getAllWindows()) window.webContents.send(IPC_EVENT, event);
  });
}

export function startApp(paths: AppPaths): void {
  registerAppScheme();
  blockNavigation();
  void app.whenReady().then(() => {
    hardenSession();
    serveAppScheme(paths);
    const services = new Services({
      host: 'electron',
      workerScript: paths.workerScript,
      resourcesDir: paths.resourcesDir,
    });
    serveIpc(services);
    createMainWindow(paths);
    app.on('window-all-closed', () => {
      void services.close().finally(() => app.quit());
    });
  });
}
