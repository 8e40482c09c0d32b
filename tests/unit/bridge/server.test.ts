import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ApiEvent, JobRecord } from '../../../src-main/api/contract';
import { startBridge, type Bridge } from '../../../src-main/bridge/server';
import type { Services } from '../../../src-main/services';
import { requireBuild } from '../../helpers/built';
import { testServices } from '../../helpers/services';
import { tmpDir } from '../../helpers/tmp';

const TOKEN = 'test-token-0123456789abcdef';

let bridge: Bridge;
let services: Services;
let base: string;

beforeEach(async () => {
  const renderer = tmpDir();
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Pickline</title>');
  fs.mkdirSync(path.join(renderer, 'assets'));
  fs.writeFileSync(path.join(renderer, 'assets', 'app.js'), 'console.log(1)');
  services = testServices();
  bridge = await startBridge({ services, rendererDir: renderer, token: TOKEN });
  base = `http://127.0.0.1:${bridge.port}`;
});

afterEach(async () => {
  await bridge.close();
  await services.close();
});

/** A raw request, so tests can forge headers fetch() would not let them set. */
function request(
  pathname: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${base}${pathname}`,
      { method: options.method ?? 'GET', headers: options.headers },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const bearer = { Authorization: `Bearer ${TOKEN}` };

describe('bridge: session token', () => {
  it('refuses the folder browser without the token', async () => {
    const res = await request('/api/files.browse', { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    const ok = await request('/api/files.browse', { method: 'POST', body: '{}', headers: bearer });
    expect(ok.status).toBe(200);
    expect(JSON.parse(ok.body).value.roots.length).toBeGreaterThan(0);
  });

  it('refuses an API request without the token', async () => {
    const res = await request('/api/app.info', { method: 'POST', body: '{}' });
    expect(res.status).toBe(401);
    expect(JSON.parse(res.body)).toEqual({
      ok: false,
      error: { code: 'unauthorized', message: 'missing or wrong session token' },
    });
  });

  it('refuses a wrong token and refuses static files without one', async () => {
    const wrong = await request('/api/app.info', {
      method: 'POST',
      headers: { Authorization: 'Bearer nope' },
      body: '{}',
    });
    expect(wrong.status).toBe(401);
    expect((await request('/')).status).toBe(401);
    expect((await request('/assets/app.js')).status).toBe(401);
  });

  it('trades ?token= for an HttpOnly cookie that then opens the page and its assets', async () => {
    const first = await request(`/?token=${TOKEN}`);
    expect(first.status).toBe(303);
    expect(first.headers.location).toBe('/');
    const cookie = first.headers['set-cookie']![0]!.split(';')[0]!;
    expect(first.headers['set-cookie']![0]).toMatch(/HttpOnly; SameSite=Strict/);
    const page = await request('/', { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.body).toContain('<title>Pickline</title>');
    expect(page.headers['content-security-policy']).toMatch(/default-src 'self'/);
    expect((await request('/assets/app.js', { headers: { Cookie: cookie } })).status).toBe(200);
  });

  it('refuses a foreign Host header (DNS rebinding) even with the token', async () => {
    const res = await request('/api/app.info', {
      method: 'POST',
      headers: { ...bearer, Host: 'evil.example:80' },
      body: '{}',
    });
    expect(res.status).toBe(403);
  });

  it('does not serve files outside the renderer folder', async () => {
    const res = await request('/..%2f..%2fetc%2fpasswd', { headers: bearer });
    expect(res.status).toBe(404);
  });
});

describe('bridge: API over HTTP', () => {
  it('answers a valid call', async () => {
    const res = await request('/api/app.info', { method: 'POST', headers: bearer, body: '{}' });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({
      ok: true,
      value: { name: 'Pickline', host: 'node' },
    });
  });

  it('refuses a payload that fails the schema with a clear error', async () => {
    const res = await request('/api/project.open', {
      method: 'POST',
      headers: bearer,
      body: JSON.stringify({ dir: '' }),
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toEqual({
      ok: false,
      error: { code: 'invalid-input', message: 'project.open: dir: must not be empty' },
    });
  });

  it('refuses a body that is not JSON', async () => {
    const res = await request('/api/app.info', { method: 'POST', headers: bearer, body: '{oops' });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body).error.message).toMatch(/^app\.info: body is not JSON/);
  });

  it('refuses an unknown method', async () => {
    const res = await request('/api/shell.exec', { method: 'POST', headers: bearer, body: '{}' });
    expect(res.status).toBe(404);
  });
});

function openSocket(headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${bridge.port}/ws`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('bridge: WebSocket', () => {
  it('refuses a socket without the token', async () => {
    await expect(openSocket({})).rejects.toThrow(/401|socket hang up|Unexpected server response/);
  });

  it('carries calls and pushes job events until the job is done', async () => {
    requireBuild();
    const ws = await openSocket({ Cookie: `pickline_token_${bridge.port}=${TOKEN}` });
    const events: ApiEvent[] = [];
    const replies = new Map<number, unknown>();
    const finished = new Promise<JobRecord>((resolve) => {
      ws.on('message', (data) => {
        const message = JSON.parse(data.toString());
        if (message.event) {
          events.push(message);
          if (message.payload.state === 'done' || message.payload.state === 'failed') {
            resolve(message.payload);
          }
        } else replies.set(message.id, message);
      });
    });
    ws.send(
      JSON.stringify({
        id: 1,
        method: 'jobs.start',
        input: { kind: 'ml.selfcheck', params: { iterations: 3, windowSamples: 256 } },
      }),
    );
    ws.send(JSON.stringify({ id: 2, method: 'project.open', input: { dir: 7 } }));
    const job = await finished;
    expect(job.state).toBe('done');
    expect(job.result).toMatchObject({ iterations: 3, windowSamples: 256 });
    expect(replies.get(1)).toMatchObject({ id: 1, ok: true, value: { kind: 'ml.selfcheck' } });
    expect(replies.get(2)).toMatchObject({ id: 2, ok: false, error: { code: 'invalid-input' } });
    expect(events.every((e) => e.event === 'job.updated')).toBe(true);
    ws.close();
  });
});
