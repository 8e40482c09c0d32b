import path from 'node:path';
import type { BrowserWindowConstructorOptions } from 'electron';

/**
 * Options of the one application window. Kept pure so a unit test can assert every
 * security setting: the renderer gets no Node.js, runs sandboxed and isolated, and only
 * reaches main through the typed API the preload exposes.
 */
export function mainWindowOptions(preloadDir: string): BrowserWindowConstructorOptions {
  return {
    width: 1366,
    height: 768,
    minWidth: 1024,
    minHeight: 600,
    show: false,
    title: 'Pickline',
    backgroundColor: '#1d2026',
    webPreferences: {
      preload: path.join(preloadDir, 'index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
    },
  };
}

/**
 * The renderer may only ever show the app's own bundle. In development electron-vite serves
 * it from a local dev server, whose origin is then the only other one allowed.
 */
export function isAppUrl(url: string, devServerUrl?: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'file:') return true;
  if (!devServerUrl) return false;
  return parsed.origin === new URL(devServerUrl).origin;
}
