import fs from 'node:fs/promises';
import { contentType, rendererFile, rendererHeaders } from '../security/renderer-files';

/**
 * The renderer is served from its own scheme, app://pickline/, not from file://: a file: URL
 * names any file on the machine, so trusting the scheme trusted every local page (a dropped
 * .html loaded with the preload and the whole API). app:// names the bundle and nothing else,
 * it is a standard, secure origin of its own, and the file:// privileges can be fused off.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'pickline';
export const APP_INDEX_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** How the scheme is registered before the app is ready (protocol.registerSchemesAsPrivileged). */
export const APP_SCHEME_PRIVILEGES = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
} as const;

function parse(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/**
 * The renderer may only ever show the app's own bundle. In development electron-vite serves
 * it from a local dev server, whose origin is then the only other one allowed.
 */
export function isAppUrl(url: string, devServerUrl?: string): boolean {
  const parsed = parse(url);
  if (!parsed) return false;
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST) return true;
  return devServerUrl !== undefined && parsed.origin === new URL(devServerUrl).origin;
}

/** What the IPC handler knows of the frame that called (Electron's WebFrameMain). */
export interface SenderFrame {
  url: string;
  parent: unknown;
}

/** Only the app's own top-level page may call the API; no subframe, whatever its URL. */
export function isTrustedSender(frame: SenderFrame | null, devServerUrl?: string): boolean {
  return frame !== null && frame.parent === null && isAppUrl(frame.url, devServerUrl);
}

/** The answer to an app:// request: a file of the renderer bundle, with the app's headers. */
export async function appResponse(url: string, rendererDir: string): Promise<Response> {
  const parsed = parse(url);
  const text = rendererHeaders('text/plain; charset=utf-8');
  if (!parsed || parsed.host !== APP_HOST)
    return new Response('not found', { status: 404, headers: text });
  const found = rendererFile(rendererDir, parsed.pathname);
  if ('refused' in found) {
    return new Response('bad request', {
      status: found.refused === 'undecodable' ? 400 : 404,
      headers: text,
    });
  }
  try {
    const bytes = await fs.readFile(found.file);
    return new Response(bytes, { status: 200, headers: rendererHeaders(contentType(found.file)) });
  } catch {
    return new Response('not found', { status: 404, headers: text });
  }
}
