import path from 'node:path';
import { CONTENT_SECURITY_POLICY } from './csp';

/** Content types of the files the renderer bundle is made of. */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
};

export function contentType(file: string): string {
  return CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
}

/**
 * Headers of everything the renderer is served with, by the bridge and by Electron's app://
 * protocol alike: the CSP, no MIME sniffing, no caching.
 */
export function rendererHeaders(type: string): Record<string, string> {
  return {
    'Content-Type': type,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
}

/**
 * The file of the renderer bundle in `rendererDir` that a request path names ('/' is
 * index.html), or why there is none: the path is not valid percent-encoding, or it leads
 * out of the folder.
 */
export function rendererFile(
  rendererDir: string,
  pathname: string,
): { file: string } | { refused: 'undecodable' | 'outside' } {
  let relative: string;
  try {
    relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).slice(1);
  } catch {
    return { refused: 'undecodable' };
  }
  // No file name holds a NUL, and the file system refuses to be asked for one.
  if (relative.includes('\0')) return { refused: 'undecodable' };
  const root = path.resolve(rendererDir);
  const file = path.resolve(root, relative);
  return file.startsWith(root + path.sep) ? { file } : { refused: 'outside' };
}
