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
