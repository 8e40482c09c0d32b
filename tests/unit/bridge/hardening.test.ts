import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { MAX_MESSAGE_BYTES } from '../../../src-main/api/contract';
import { tokenCookieName } from '../../../src-main/bridge/auth';
import { startBridge, type Bridge } from '../../../src-main/bridge/server';
import type { Services } from '../../../src-main/services';
import { testServices } from '../../helpers/services';
import { tmpDir } from '../../helpers/tmp';

const TOKEN = 'hardening-token-0123456789';

let bridge: Bridge;
let services: Services;

beforeEach(async () => {
  const renderer = tmpDir();
  fs.writeFileSync(path.join(renderer, 'index.html'), '<!doctype html><title>Pickline</title>');
  services = testServices();
  bridge = await startBridge({ services, rendererDir: renderer, token: TOKEN });
});

afterEach(async () => {
  await bridge.close();
  await services.close();
});

/** Sends bytes as they are (no client library to tidy them up); the response head and body. */
function raw(request: string, { firstChunk = false } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(bridge.port, '127.0.0.1', () => socket.write(request));
    let text = '';
    socket.on('data', (chunk) => {
      text += chunk.toString('latin1');
      // An upgraded connection stays open: its first answer is all there is to see.
      if (firstChunk) socket.destroy();
    });
    socket.on('end', () => resolve(text));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

const host = () => `127.0.0.1:${bridge.port}`;
const get = (target: string, headers: string[] = []) =>
  raw(
    [`GET ${target} HTTP/1.1`, `Host: ${host()}`, 'Connection: close', ...headers, '', ''].join(
      '\r\n',
    ),
  );

/** The bridge answers a good call: it is still up and still serving. */
async function expectUp() {
  const res = await fetch(`http://${host()}/api/app.info`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${TOKEN}` },
    body: '{}',
  });
  expect(res.status).toBe(200);
}

describe('defect 1: a malformed cookie cannot kill the bridge', () => {
  it('a session cookie that is not valid percent-encoding is refused, without the token', async () => {
    for (const name of ['pickline_token', tokenCookieName(bridge.port)]) {
      expect(await get('/', [`Cookie: ${name}=%E0%A4%A`])).toMatch(/^HTTP\/1\.1 40[01] /);
    }
    await expectUp();
  });
});

describe('defect 2: what fails to parse is refused before anything else', () => {
  it('a Host with a space, from any local process', async () => {
    expect(await raw('GET / HTTP/1.1\r\nHost: a b\r\nConnection: close\r\n\r\n')).toMatch(
      /^HTTP\/1\.1 4\d\d /,
    );
    await expectUp();
  });

  it('request targets that are no path: 400', async () => {
    for (const target of ['//[', '/\\evil.example/', 'http://[/', '*']) {
      expect(await get(target, [`Authorization: Bearer ${TOKEN}`]), target).toMatch(
        /^HTTP\/1\.1 400 /,
      );
    }
    await expectUp();
  });

  it('the same on a WebSocket upgrade', async () => {
    const upgrade = (target: string, hostHeader: string) =>
      raw(
        [
          `GET ${target} HTTP/1.1`,
          `Host: ${hostHeader}`,
          'Upgrade: websocket',
          'Connection: Upgrade',
          'Sec-WebSocket-Version: 13',
          'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
          `Authorization: Bearer ${TOKEN}`,
          '',
          '',
        ].join('\r\n'),
        { firstChunk: true },
      );
    expect(await upgrade('/ws', 'a b')).toMatch(/^HTTP\/1\.1 403 /);
    expect(await upgrade('//[', host())).toMatch(/^HTTP\/1\.1 400 /);
    expect(await upgrade('/ws', host())).toMatch(/^HTTP\/1\.1 101 /);
    await expectUp();
  });

  it('the token exchange redirects within this server only', async () => {
    const res = await get(`/.//evil.example/?token=${TOKEN}`);
    expect(res).toMatch(/^HTTP\/1\.1 303 /);
    expect(res).toMatch(/\r\nLocation: \/evil\.example\/\r\n/);
  });
});

describe('defect 3: the token is bound to this bridge', () => {
  it('the cookie is named after the port, HttpOnly and SameSite=Strict', async () => {
    const res = await fetch(`http://${host()}/?token=${TOKEN}`, { redirect: 'manual' });
    expect(res.status).toBe(303);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(new RegExp(`^pickline_token_${bridge.port}=${TOKEN};`));
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Strict/);
    expect(tokenCookieName(bridge.port)).toBe(`pickline_token_${bridge.port}`);
  });

  it("another bridge's cookie does not open this one", async () => {
    const res = await fetch(`http://${host()}/`, {
      headers: { Cookie: `pickline_token_${bridge.port + 1}=${TOKEN}; pickline_token=${TOKEN}` },
    });
    expect(res.status).toBe(401);
  });

  it('a fresh ?token= wins over a stale cookie', async () => {
    const res = await fetch(`http://${host()}/?token=${TOKEN}`, {
      redirect: 'manual',
      headers: {
        Cookie: `pickline_token=stale; ${tokenCookieName(bridge.port)}=stale-token-of-an-earlier-run`,
      },
    });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toContain(`=${TOKEN};`);
    // ... and a wrong ?token= is not rescued by a right cookie.
    const wrong = await fetch(`http://${host()}/?token=wrong`, {
      redirect: 'manual',
      headers: { Cookie: `${tokenCookieName(bridge.port)}=${TOKEN}` },
    });
    expect(wrong.status).toBe(401);
  });
});

function openSocket(): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://${host()}/ws`, {
      headers: { Authorization: `Bearer ${TOKEN}` },
      maxPayload: 1 << 30,
    });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

/** The close code the server ends the socket with after `send`, or the first reply. */
function outcome(ws: WebSocket): Promise<{ code?: number; reply?: unknown }> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve({ reply: JSON.parse(data.toString()) }));
    ws.once('close', (code) => resolve({ code }));
    ws.on('error', () => undefined);
  });
}

describe('defect 4: nothing a WebSocket client sends throws out of the handler', () => {
  it('a message over the size limit closes that socket only (1009)', async () => {
    const ws = await openSocket();
    const result = outcome(ws);
    ws.send('x'.repeat(MAX_MESSAGE_BYTES + 1));
    expect(await result).toEqual({ code: 1009 });
    await expectUp();
  });

  it('invalid UTF-8 in a text frame closes that socket only (1007)', async () => {
    const ws = await openSocket();
    const result = outcome(ws);
    ws.send(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]), { binary: false });
    expect(await result).toEqual({ code: 1007 });
    await expectUp();
  });

  it('JSON that is not a call gets an error reply', async () => {
    const ws = await openSocket();
    for (const message of [
      'null',
      '42',
      '"x"',
      '[]',
      '{"id":1}',
      '{"id":{},"method":"app.info"}',
    ]) {
      const result = outcome(ws);
      ws.send(message);
      expect(await result, message).toMatchObject({
        reply: { id: null, ok: false, error: { code: 'invalid-input' } },
      });
    }
    const result = outcome(ws);
    ws.send(Buffer.from('{"id":1,"method":"app.info"}'), { binary: true });
    expect(await result).toMatchObject({ reply: { ok: false, error: { code: 'invalid-input' } } });
    ws.close();
    await expectUp();
  });

  it('a path the file system refuses (too long) is a 404, found by the fuzz test', async () => {
    expect(await get(`/${'a'.repeat(9000)}`, [`Authorization: Bearer ${TOKEN}`])).toMatch(
      /^HTTP\/1\.1 404 /,
    );
  });

  it('GET /%E0%A4%A with the token is a 400', async () => {
    expect(await get('/%E0%A4%A', [`Authorization: Bearer ${TOKEN}`])).toMatch(/^HTTP\/1\.1 400 /);
    await expectUp();
  });

  it('an HTTP body over the size limit is refused with 413', async () => {
    const res = await fetch(`http://${host()}/api/app.info`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}` },
      body: 'x'.repeat(MAX_MESSAGE_BYTES + 1),
    });
    expect(res.status).toBe(413);
    await expectUp();
  });
});
