import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import { MAX_MESSAGE_BYTES, type Envelope, type ErrorCode } from '../api/contract';
import { dispatch } from '../api/dispatch';
import type { Services } from '../services';
import { contentType, rendererFile, rendererHeaders } from '../security/renderer-files';
import { isAuthorized, isLocalRequest, newToken, requestUrl, sessionCookie } from './auth';

/** A call over the WebSocket: the reply carries the same id. */
interface SocketCall {
  id: number | string;
  method: string;
  input?: unknown;
}

export interface BridgeOptions {
  services: Services;
  /** Folder of the built renderer (index.html and assets). */
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Fixed token, for tests; a random one otherwise. */
  token?: string;
}

export interface Bridge {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** A token that can travel in a cookie and a URL as it is. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{8,}$/;

const STATUS_OF: Record<ErrorCode, number> = {
  'unknown-method': 404,
  'invalid-input': 400,
  'not-found': 404,
  conflict: 409,
  unauthorized: 401,
  failed: 500,
};

function send(res: ServerResponse, status: number, body: string, type: string): void {
  res.writeHead(status, rendererHeaders(type));
  res.end(body);
}

function sendEnvelope(res: ServerResponse, envelope: Envelope): void {
  const status = envelope.ok ? 200 : STATUS_OF[envelope.error.code];
  send(res, status, JSON.stringify(envelope), 'application/json');
}

const TEXT = 'text/plain; charset=utf-8';

function unauthorized(res: ServerResponse): void {
  sendEnvelope(res, {
    ok: false,
    error: { code: 'unauthorized', message: 'missing or wrong session token' },
  });
}

/** Whether `file` is a file to serve; a name the file system refuses (too long) is none. */
function isFile(file: string): boolean {
  try {
    return fs.statSync(file, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

class BodyTooLarge extends Error {}

async function readJson(req: IncomingMessage): Promise<unknown> {
  if (Number(req.headers['content-length']) > MAX_MESSAGE_BYTES) throw new BodyTooLarge();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_MESSAGE_BYTES) throw new BodyTooLarge();
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text.length ? JSON.parse(text) : {};
}

/** A reply to an HTTP API call whose body could not be read. */
function bodyError(res: ServerResponse, method: string, err: unknown): void {
  if (err instanceof BodyTooLarge) {
    // The rest of the body is not read: the connection ends with this reply.
    res.shouldKeepAlive = false;
    send(
      res,
      413,
      JSON.stringify({
        ok: false,
        error: {
          code: 'invalid-input',
          message: `${method}: request body over ${MAX_MESSAGE_BYTES} bytes`,
        },
      }),
      'application/json',
    );
    return;
  }
  sendEnvelope(res, {
    ok: false,
    error: {
      code: 'invalid-input',
      message: `${method}: body is not JSON (${(err as Error).message})`,
    },
  });
}

/** Sends to a socket that may have closed meanwhile, which must not throw. */
function reply(ws: WebSocket, message: unknown): void {
  if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
}

function isSocketCall(value: unknown): value is SocketCall {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const { id, method } = value as Record<string, unknown>;
  return (typeof id === 'number' || typeof id === 'string') && typeof method === 'string';
}

/** What a WebSocket message asks, or why it is no call. */
function parseCall(data: RawData, isBinary: boolean): SocketCall | string {
  if (isBinary) return 'send calls as JSON text, not binary';
  let value: unknown;
  try {
    value = JSON.parse(data.toString());
  } catch {
    return 'message is not JSON';
  }
  return isSocketCall(value)
    ? value
    : 'message is not a call: expected {"id": number or string, "method": string, "input"?}';
}

/** Ends a raw socket (an upgrade that is refused) with a status and nothing else. */
function refuseUpgrade(socket: Duplex, status: string): void {
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/**
 * The browser transport: a loopback-only HTTP server that serves the renderer and carries
 * the API as `POST /api/<method>` and over a WebSocket at `/ws` (calls and pushed events).
 * Every request, asset and socket needs the session token; the first page load trades the
 * `?token=` in its URL for an HttpOnly cookie.
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? newToken();
  if (!TOKEN_PATTERN.test(token)) {
    throw new Error('the session token must be 8 or more characters of A-Z, a-z, 0-9, _ and -');
  }
  const { services } = options;
  const rendererDir = path.resolve(options.rendererDir);
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`no built renderer in ${rendererDir}: run \`npm run build\` first`);
  }
  let port = 0;

  const serveFile = (res: ServerResponse, pathname: string) => {
    const found = rendererFile(rendererDir, pathname);
    if ('refused' in found && found.refused === 'undecodable') {
      send(res, 400, 'bad request: the path is not valid percent-encoding', TEXT);
      return;
    }
    const file = 'file' in found ? found.file : null;
    if (file === null || !isFile(file)) {
      send(res, 404, 'not found', TEXT);
      return;
    }
    const stream = fs.createReadStream(file);
    stream.once('error', () => res.destroy());
    res.writeHead(200, rendererHeaders(contentType(file)));
    stream.pipe(res);
  };

  const handle = (req: IncomingMessage, res: ServerResponse) => {
    if (!isLocalRequest(req, port)) {
      send(res, 403, 'forbidden host or origin', TEXT);
      return;
    }
    const url = requestUrl(req.url);
    if (!url) {
      send(res, 400, 'bad request: the request target is not a path on this server', TEXT);
      return;
    }
    if (!isAuthorized(req, url, token, port)) {
      unauthorized(res);
      return;
    }
    if (url.searchParams.has('token') && req.method === 'GET') {
      // Keep the token out of history and screenshots: move it into a cookie. The path
      // stays on this server: a leading '//' would name another host.
      res.writeHead(303, {
        'Set-Cookie': sessionCookie(token, port),
        Location: `/${url.pathname.replace(/^\/+/, '')}`,
      });
      res.end();
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') {
        send(res, 405, 'use POST', TEXT);
        return;
      }
      const method = url.pathname.slice('/api/'.length);
      readJson(req)
        .then(
          (input) => dispatch(services.handlers, method, input).then((e) => sendEnvelope(res, e)),
          (err: unknown) => bodyError(res, method, err),
        )
        .catch(() => res.destroy());
      return;
    }
    if (req.method !== 'GET') {
      send(res, 405, 'method not allowed', TEXT);
      return;
    }
    serveFile(res, url.pathname);
  };

  // Nothing a client sends may end the server and every job it runs: a handler that throws
  // anyway answers 500 for that request alone.
  const server = http.createServer((req, res) => {
    try {
      handle(req, res);
    } catch {
      if (!res.headersSent) send(res, 500, 'internal error', TEXT);
      else res.destroy();
    }
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });
  server.on('upgrade', (req, socket, head) => {
    // Until ws takes the socket over, a reset by the client must not become an uncaught error.
    socket.on('error', () => socket.destroy());
    try {
      if (!isLocalRequest(req, port)) return refuseUpgrade(socket, '403 Forbidden');
      const url = requestUrl(req.url);
      if (!url) return refuseUpgrade(socket, '400 Bad Request');
      if (url.pathname !== '/ws') return refuseUpgrade(socket, '404 Not Found');
      if (!isAuthorized(req, url, token, port)) return refuseUpgrade(socket, '401 Unauthorized');
      sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
    } catch {
      socket.destroy();
    }
  });
  sockets.on('connection', (ws: WebSocket) => {
    // ws reports a frame it cannot accept (over maxPayload, invalid UTF-8, a bad opcode) as
    // an 'error' and closes that socket with the matching code; without a listener the
    // error would end the process.
    ws.on('error', () => ws.terminate());
    const unsubscribe = services.events.subscribe((event) => reply(ws, event));
    ws.on('close', unsubscribe);
    ws.on('message', (data, isBinary) => {
      const call = parseCall(data, isBinary);
      if (typeof call === 'string') {
        reply(ws, { id: null, ok: false, error: { code: 'invalid-input', message: call } });
        return;
      }
      dispatch(services.handlers, call.method, call.input)
        .then((envelope) => reply(ws, { id: call.id, ...envelope }))
        .catch(() => ws.terminate());
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  port = (server.address() as AddressInfo).port;
  // A failed accept (too many open files) is the server's alone and passes; the socket that
  // could not be accepted is gone, the listener stays.
  server.removeAllListeners('error');
  server.on('error', () => undefined);

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    async close() {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
