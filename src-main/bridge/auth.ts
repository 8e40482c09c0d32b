import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/**
 * The session cookie's name carries the bridge's port. Browsers keep cookies per host, not
 * per port, so with one name for all, a bridge started earlier (or any page served from
 * 127.0.0.1 that sets the cookie) left a cookie that stood in for this bridge's token.
 * Cookies still travel to every port of the host: the token is a random 192-bit value per
 * run, HttpOnly and SameSite=Strict, and never anything a page can read.
 */
export function tokenCookieName(port: number): string {
  return `pickline_token_${port}`;
}

export function newToken(): string {
  return randomBytes(24).toString('base64url');
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The value of cookie `name` in a Cookie header, as sent (tokens need no decoding). */
function cookieValue(header: string | undefined, name: string): string | null {
  for (const part of header?.split(';') ?? []) {
    const at = part.indexOf('=');
    if (at > 0 && part.slice(0, at).trim() === name) return part.slice(at + 1).trim();
  }
  return null;
}

/**
 * The token a request presents: `Authorization: Bearer`, else `?token=` (a fresh URL from
 * `pickline serve` must win over a cookie left by an earlier run), else this bridge's cookie.
 */
export function presentedToken(req: IncomingMessage, url: URL, port: number): string | null {
  const auth = req.headers.authorization;
  if (auth?.startsWith('Bearer ')) return auth.slice(7).trim();
  return url.searchParams.get('token') ?? cookieValue(req.headers.cookie, tokenCookieName(port));
}

export function isAuthorized(req: IncomingMessage, url: URL, token: string, port: number): boolean {
  const presented = presentedToken(req, url, port);
  return presented !== null && sameToken(presented, token);
}

/** The Set-Cookie header that trades a `?token=` URL for this bridge's session cookie. */
export function sessionCookie(token: string, port: number): string {
  return `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}

/**
 * Refuses requests whose Host is not this loopback server (DNS rebinding) and cross-origin
 * WebSocket or API calls from other pages the browser has open.
 */
export function isLocalRequest(req: IncomingMessage, port: number): boolean {
  const allowedHosts = [`127.0.0.1:${port}`, `localhost:${port}`];
  if (!allowedHosts.includes(req.headers.host ?? '')) return false;
  const origin = req.headers.origin;
  return origin === undefined || allowedHosts.some((host) => origin === `http://${host}`);
}

/**
 * The request target as a URL on this server, or null when it is not a plain path: Node
 * passes the target through as sent, and `new URL` throws on some (`//[`) and reads others
 * (`//evil.example/`, `/\evil.example`) as another host.
 */
export function requestUrl(target: string | undefined): URL | null {
  if (!target?.startsWith('/')) return null;
  try {
    const url = new URL(target, 'http://127.0.0.1');
    return url.origin === 'http://127.0.0.1' ? url : null;
  } catch {
    return null;
  }
}
