import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Envelope, ErrorCode } from '../api/contract';
import { dispatch } from '../api/dispatch';
import type { Services } from '../services';
import { CONTENT_SECURITY_POLICY } from '../security/csp';
import { TOKEN_COOKIE, isAuthorized, isLocalRequest, newToken } from './auth';

/** A call over the WebSocket: the reply carries the same id. */
interface SocketCall {
  id: number;
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

const MAX_BODY_BYTES = 16 * 1024 * 1024;

const STATUS_OF: Record<ErrorCode, number> = {
  'unknown-method': 404,
  'invalid-input': 400,
  'not-found': 404,
  conflict: 409,
  unauthorized: 401,
  failed: 500,
};

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

function headers(type: string): http.OutgoingHttpHeaders {
  return {
    'Content-Type': type,
    'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': 'no-store',
  };
}

function send(res: ServerResponse, status: number, body: string, type: string): void {
  res.writeHead(status, headers(type));
  res.end(body);
}

function sendEnvelope(res: ServerResponse, envelope: Envelope): void {
  const status = envelope.ok ? 200 : STATUS_OF[envelope.error.code];
  send(res, status, JSON.stringify(envelope), 'application/json');
}

function unauthorized(res: ServerResponse): void {
  sendEnvelope(res, {
    ok: false,
    error: { code: 'unauthorized', message: 'missing or wrong session token' },
  });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY_BYTES) throw new Error(`request body over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text.length ? JSON.parse(text) : {};
}

/**
 * The browser transport: a loopback-only HTTP server that serves the renderer and carries
 * the API as `POST /api/<method>` and over a WebSocket at `/ws` (calls and pushed events).
 * Every request, asset and socket needs the session token; the first page load trades the
 * `?token=` in its URL for an HttpOnly cookie.
 */
export async function startBridge(options: BridgeOptions): Promise<Bridge> {
  const token = options.token ?? newToken();
  const { services } = options;
  const rendererDir = path.resolve(options.rendererDir);
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new Error(`no built renderer in ${rendererDir}: run \`npm run build\` first`);
  }
  let port = 0;

  const serveFile = (res: ServerResponse, pathname: string) => {
    const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname).slice(1);
    const file = path.resolve(rendererDir, relative);
    if (
      !file.startsWith(rendererDir + path.sep) ||
      !fs.existsSync(file) ||
      !fs.statSync(file).isFile()
    ) {
      send(res, 404, 'not found', 'text/plain; charset=utf-8');
      return;
    }
    const type = CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, headers(type));
    fs.createReadStream(file).pipe(res);
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    if (!isLocalRequest(req, port)) {
      send(res, 403, 'forbidden host or origin', 'text/plain; charset=utf-8');
      return;
    }
    if (!isAuthorized(req, url, token)) {
      unauthorized(res);
      return;
    }
    if (url.searchParams.has('token') && req.method === 'GET') {
      // Keep the token out of history and screenshots: move it into a cookie.
      res.writeHead(303, {
        'Set-Cookie': `${TOKEN_COOKIE}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`,
        Location: url.pathname,
      });
      res.end();
      return;
    }
    if (url.pathname.startsWith('/api/')) {
      if (req.method !== 'POST') {
        send(res, 405, 'use POST', 'text/plain; charset=utf-8');
        return;
      }
      const method = url.pathname.slice('/api/'.length);
      readJson(req)
        .then((input) => dispatch(services.handlers, method, input))
        .catch((err: Error) => ({
          ok: false as const,
          error: {
            code: 'invalid-input' as const,
            message: `${method}: body is not JSON (${err.message})`,
          },
        }))
        .then((envelope) => sendEnvelope(res, envelope));
      return;
    }
    if (req.method !== 'GET') {
      send(res, 405, 'method not allowed', 'text/plain; charset=utf-8');
      return;
    }
    serveFile(res, url.pathname);
  });

  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_BODY_BYTES });
  server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', `http://${req.headers.host ?? '127.0.0.1'}`);
    if (url.pathname !== '/ws' || !isLocalRequest(req, port) || !isAuthorized(req, url, token)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    sockets.handleUpgrade(req, socket, head, (ws) => sockets.emit('connection', ws, req));
  });
  sockets.on('connection', (ws: WebSocket) => {
    const unsubscribe = services.events.subscribe((event) => ws.send(JSON.stringify(event)));
    ws.on('close', unsubscribe);
    ws.on('message', (data) => {
      let call: SocketCall;
      try {
        call = JSON.parse(data.toString()) as SocketCall;
      } catch {
        ws.send(
          JSON.stringify({
            id: null,
            ok: false,
            error: { code: 'invalid-input', message: 'message is not JSON' },
          }),
        );
        return;
      }
      void dispatch(services.handlers, call.method, call.input).then((envelope) =>
        ws.send(JSON.stringify({ id: call.id, ...envelope })),
      );
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  port = (server.address() as AddressInfo).port;

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
