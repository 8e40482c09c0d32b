/**
 * Electron main process: one window, the renderer sandboxed behind a strict CSP, and the
 * API carried over IPC to the same services the browser bridge and the CLI use.
 */
import path from 'node:path';
import { app, BrowserWindow, dialog, ipcMain, session, type IpcMainInvokeEvent } from 'electron';
import { IPC_CHOOSE_PATHS, IPC_EVENT, IPC_INVOKE } from '../api/channels';
import { dispatch } from '../api/dispatch';
import type { AppPaths } from '../paths';
import { Services } from '../services';
import { CONTENT_SECURITY_POLICY } from '../security/csp';
import { pathDialogOptions } from './path-dialog';
import { isAppUrl, mainWindowOptions } from './window-options';

const devServerUrl = process.env.ELECTRON_RENDERER_URL;

/** Applies the CSP to every response and refuses every permission request (camera, etc.). */
export function hardenSession(): void {
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [CONTENT_SECURITY_POLICY],
      },
    });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) =>
    callback(false),
  );
}

/** Blocks navigation away from the app, new windows and webviews, for every web contents. */
export function blockNavigation(): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (!isAppUrl(url, devServerUrl)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url, devServerUrl)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

export function createMainWindow(paths: AppPaths): BrowserWindow {
  const window = new BrowserWindow(mainWindowOptions(paths.preloadDir));
  window.once('ready-to-show', () => window.show());
  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(path.join(paths.rendererDir, 'index.html'));
  return window;
}

/** Serves the API over IPC, only to frames that show the app itself. */
export function serveIpc(services: Services): void {
  ipcMain.handle(IPC_INVOKE, (event: IpcMainInvokeEvent, method: unknown, input: unknown) => {
    if (!event.senderFrame || !isAppUrl(event.senderFrame.url, devServerUrl)) {
      return { ok: false, error: { code: 'unauthorized', message: 'IPC from a foreign frame' } };
    }
    return dispatch(services.handlers, method, input);
  });
  // The native open dialog, for the app's own frames and the request shapes it knows.
  ipcMain.handle(IPC_CHOOSE_PATHS, async (event: IpcMainInvokeEvent, request: unknown) => {
    const options = pathDialogOptions(request);
    if (!event.senderFrame || !isAppUrl(event.senderFrame.url, devServerUrl) || !options) return [];
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
  blockNavigation();
  void app.whenReady().then(() => {
    hardenSession();
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
