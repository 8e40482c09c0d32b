import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import readline from 'node:readline';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { methodInputs } from '../../../src-main/api/contract';
import { BUILT_CLI, requireBuild } from '../../helpers/built';
import { fuzzRuns, PeakMemory } from '../../helpers/fuzz';
import { tmpDir } from '../../helpers/tmp';

/**
 * Issue 21: the bridge survives random malformed requests, headers, cookies, URLs and
 * WebSocket frames (10,000 of each with `npm run fuzz`) without exiting, and answers a good
 * call after every batch. It runs as `pickline serve` does, in its own process, on loopback.
 */
const REQUESTS = fuzzRuns(600, 10_000);
const FRAMES = fuzzRuns(400, 10_000);
/** Cases in flight at once. */
const CONCURRENCY = 8;
/** WebSocket frames sent on one connection. */
const PER_CONNECTION = 4;
/** A good call is made after every this many cases. */
const BATCH = 200;
/** Generous: a case takes about a millisecond; the time goes to a slow machine's noise. */
const TIMEOUT = 60_000 + 20 * Math.max(REQUESTS, FRAMES);
const SEED = Number(process.env.PICKLINE_FUZZ_SEED ?? Date.now() % 2 ** 31);

/**
 * API methods a case with the right token may name: they read, or fail for want of a
 * project, so random inputs cannot create folders or start work. Other real method names are
 * replaced; made-up ones stay (they test the unknown-method path).
 */
const SAFE_METHODS = [
  'app.info',
  'project.current',
  'project.open',
  'project.summary',
  'shots.list',
  'shots.gather',
  'picks.setManual',
  'picks.undo',
  'picks.travelTimes',
  'models.list',
  'jobs.list',
  'jobs.cancel',
];
const safeMethod = (name: string) =>
  Object.hasOwn(methodInputs, name) && !SAFE_METHODS.includes(name) ? 'fuzz.unknown' : name;

let server: ChildProcess;
let port = 0;
let token = '';
let stderr = '';
const peak = new PeakMemory();

beforeAll(async () => {
  requireBuild();
  const home = tmpDir();
  server = spawn(process.execPath, [BUILT_CLI, 'serve', '--json', '--port', '0'], {
    cwd: home,
    env: { ...process.env, HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const line = await new Promise<string>((resolve, reject) => {
    readline.createInterface({ input: server.stdout! }).once('line', resolve);
    server.once('exit', (code) => reject(new Error(`pickline serve exited with ${code}`)));
  });
  const url = new URL((JSON.parse(line) as { url: string }).url);
  port = Number(url.port);
  token = url.searchParams.get('token')!;
});

afterAll(async () => {
  console.log(
    `bridge fuzz (seed ${SEED}): ${REQUESTS} requests, ${FRAMES} WebSocket frames; ` +
      `server peak RSS ${(peak.peak / 2 ** 20).toFixed(0)} MiB; answers ` +
      [...answers]
        .sort()
        .map(([status, n]) => `${status}: ${n}`)
        .join(', '),
  );
  if (server.exitCode !== null) return;
  server.kill('SIGTERM');
  await new Promise((resolve) => server.once('exit', resolve));
});

/** The server's resident memory, from /proc (Linux), for the report. */
function sampleServerMemory() {
  const status = fs.readFileSync(`/proc/${server.pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  peak.peak = Math.max(peak.peak, kb * 1024);
}

/** A good call must still be answered, and the process must still run. */
async function expectUp() {
  expect(server.exitCode, stderr).toBeNull();
  const res = await fetch(`http://127.0.0.1:${port}/api/app.info`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}` },
    body: '{}',
  });
  expect(res.status).toBe(200);
  sampleServerMemory();
}

/** How the server answered the requests: status codes, or how the connection ended. */
const answers = new Map<string, number>();

/** Sends raw bytes, half-closes, and waits for the server to end the connection. */
function sendRaw(bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.end(bytes));
    socket.setTimeout(5_000, () => socket.destroy());
    let head = '';
    socket.on('data', (chunk: Buffer) => {
      if (head.length < 16) head += chunk.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      const status = /^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 'closed without an answer';
      answers.set(status, (answers.get(status) ?? 0) + 1);
      resolve();
    });
  });
}

/** Runs `work` on every case, CONCURRENCY at a time, checking the server between batches. */
async function runAll<T>(cases: T[], work: (c: T) => Promise<void>) {
  for (let start = 0; start < cases.length; start += BATCH) {
    const batch = cases.slice(start, start + BATCH);
    let next = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < batch.length) await work(batch[next++]!);
      }),
    );
    await expectUp();
  }
}

const text = (max: number) => fc.string({ maxLength: max, unit: 'binary' });
/** Pieces of paths that broke or could break the path handling; all valid on the wire. */
const nasty = fc.constantFrom(
  '%E0%A4%A',
  '%',
  '%00',
  '%2e%2e%2f',
  '%2F',
  '..',
  '.',
  '',
  '\\',
  '[',
  ']',
  '@',
  ':',
  '%ff',
  '%C0%AF',
);

const target = (apiMethod: fc.Arbitrary<string>) =>
  fc.oneof(
    fc.constantFrom(
      '/',
      '//[',
      '/%E0%A4%A',
      '/..%2f..%2fetc%2fpasswd',
      '/\\evil.example/',
      '//evil.example/x',
      '*',
      'http://[/',
      'http://evil.example/',
      '/ws',
      '/index.html',
      '/api/',
      '/api',
    ),
    apiMethod.map((m) => `/api/${encodeURIComponent(m)}`),
    fc
      .array(fc.oneof(fc.webSegment(), nasty), { maxLength: 8 })
      .map((parts) => `/${parts.join('/')}`),
    fc.string({ maxLength: 64 }).map((s) => `/${encodeURIComponent(s)}`),
    fc.integer({ min: 1, max: 9000 }).map((n) => `/${'a'.repeat(n)}`),
  );

type Request = {
  method: string;
  target: string;
  query: string | null;
  host: string | null;
  cookie: string | null;
  authorization: string | null;
  origin: string | null;
  contentLength: string | null;
  chunked: boolean;
  body: string;
};

/**
 * Requests, three in four well-formed HTTP with random content (so they reach the bridge's
 * own code: Host, token, paths, bodies), the rest with anything in any field (most of which
 * Node's HTTP parser refuses itself).
 */
function requests(): fc.Arbitrary<Request> {
  return fc.oneof(
    { weight: 2, arbitrary: authorized() },
    { weight: 1, arbitrary: requestsOf(false) },
    { weight: 1, arbitrary: requestsOf(true) },
  );
}

/** Calls and page loads with the right token, Host and length: the handlers' own inputs. */
function authorized(): fc.Arbitrary<Request> {
  const apiMethod = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...SAFE_METHODS) },
    { weight: 1, arbitrary: fc.string({ maxLength: 20 }).map(safeMethod) },
  );
  const credentials = fc.constantFrom<[string | null, string | null, string | null]>(
    [`Bearer ${token}`, null, null],
    [null, `pickline_token_${port}=${token}`, null],
    [null, null, `token=${token}`],
  );
  const input = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.record(
      {
        dir: fc.oneof(fc.string(), fc.constant('/nonexistent/fuzz')),
        traceId: fc.oneof(fc.integer(), fc.double()),
        phase: fc.constantFrom('P', 'S', 'Q'),
        time: fc.double(),
        shotId: fc.integer(),
        id: fc.oneof(fc.string(), fc.integer()),
        samples: fc.boolean(),
      },
      { requiredKeys: [] },
    ),
  );
  return fc
    .record({
      post: fc.boolean(),
      method: apiMethod,
      path: target(apiMethod),
      credentials,
      body: fc.oneof(
        input.map((v) => JSON.stringify(v) ?? ''),
        fc.constantFrom('', '{', 'null', '[]'),
      ),
    })
    .map(({ post, method, path, credentials: [authorization, cookie, query], body }) => ({
      method: post ? 'POST' : 'GET',
      target: post ? `/api/${encodeURIComponent(method)}` : path,
      query,
      host: `127.0.0.1:${port}`,
      cookie,
      authorization,
      origin: null,
      contentLength: 'right',
      chunked: false,
      body: post ? body : '',
    }));
}

/** null `absent` times in `absent + 1`, else a value of `arb`. */
const sometimes = <T>(arb: fc.Arbitrary<T>, absent: number) =>
  fc.oneof({ weight: absent, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: arb });

function requestsOf(wild: boolean): fc.Arbitrary<Request> {
  /** The usual values, and in a wild request also anything else. */
  const or = <T>(usual: fc.Arbitrary<T>, anything: fc.Arbitrary<T>) =>
    wild ? fc.oneof(usual, anything) : usual;
  const printable = (max: number) => fc.string({ maxLength: max });
  const apiMethod = fc.oneof(
    fc.constantFrom(...SAFE_METHODS),
    fc.constantFrom(...Object.keys(methodInputs)).map(safeMethod),
    printable(20).map(safeMethod),
  );
  // Mostly the right token, so that most cases get past the token check.
  const anyToken = fc.oneof(
    { weight: 4, arbitrary: fc.constant(token) },
    { weight: 1, arbitrary: fc.constantFrom('%E0%A4%A', '', token.slice(1)) },
    { weight: 1, arbitrary: printable(40) },
  );
  return fc.record({
    method: or(
      fc.constantFrom('GET', 'GET', 'POST', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH'),
      fc.stringMatching(/^[A-Z]{1,12}$/),
    ),
    target: or(
      target(apiMethod),
      text(64).map((s) => `/${s}`),
    ),
    query: sometimes(
      or(
        fc.oneof(
          anyToken.map((t) => `token=${encodeURIComponent(t)}`),
          fc.constantFrom('token=%E0%A4%A', 'token=%E0%A4%A&token=x', 'token', '=&=', '%'),
          printable(40).map(encodeURIComponent),
        ),
        text(40),
      ),
      1,
    ),
    host: or(
      fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom(`127.0.0.1:${port}`, `localhost:${port}`) },
        {
          weight: 1,
          arbitrary: fc.oneof(
            fc.constantFrom('a b', '[', 'evil.example', '127.0.0.1', `127.0.0.1:${port + 1}`, ''),
            printable(30),
          ),
        },
      ),
      fc.option(text(30), { nil: null }),
    ),
    cookie: sometimes(
      or(
        fc.oneof(
          anyToken.map((t) => `pickline_token_${port}=${t}`),
          anyToken.map((t) => `pickline_token=${t}`),
          fc.constantFrom(
            '=;;=',
            ';',
            `pickline_token_${port}`,
            `a=1; pickline_token_${port}=${token}; b`,
          ),
          fc
            .array(fc.tuple(printable(12), printable(24)), { maxLength: 5 })
            .map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('; ')),
        ),
        text(40),
      ),
      1,
    ),
    authorization: sometimes(
      or(
        fc.oneof(
          anyToken.map((t) => `Bearer ${t}`),
          fc.constantFrom('Bearer', 'Bearer ', 'Basic x', `bearer ${token}`),
          printable(40),
        ),
        text(40),
      ),
      1,
    ),
    origin: sometimes(
      or(
        fc.oneof(
          fc.constant(`http://127.0.0.1:${port}`),
          fc.constantFrom('null', 'http://evil.example', `http://localhost:${port + 1}`),
          printable(30),
        ),
        text(30),
      ),
      3,
    ),
    // Without a length, a body would read as the next request.
    contentLength: or(
      fc.constant('right' as const),
      fc.constantFrom('0', '-1', '99999999999', '1e3', 'x', '17000000'),
    ),
    chunked: wild ? fc.boolean() : fc.constant(false),
    body: fc.oneof(
      fc.constant(''),
      fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? ''),
      fc.constantFrom(
        '{"dir": "/nonexistent/fuzz"}',
        '{"traceId": 1, "phase": "P", "time": -1e300}',
        'null',
        '{',
      ),
      text(200),
    ),
  });
}

/** The request as bytes on the wire; header values pass through as latin-1, as sent. */
function wire(r: Request): Buffer {
  const lines = [`${r.method} ${r.target}${r.query === null ? '' : `?${r.query}`} HTTP/1.1`];
  if (r.host !== null) lines.push(`Host: ${r.host}`);
  if (r.cookie !== null) lines.push(`Cookie: ${r.cookie}`);
  if (r.authorization !== null) lines.push(`Authorization: ${r.authorization}`);
  if (r.origin !== null) lines.push(`Origin: ${r.origin}`);
  const body = Buffer.from(r.body, 'latin1');
  if (r.contentLength !== null) {
    lines.push(`Content-Length: ${r.contentLength === 'right' ? body.length : r.contentLength}`);
  }
  if (r.chunked) lines.push('Transfer-Encoding: chunked');
  lines.push('Connection: close', '', '');
  const head = Buffer.from(lines.join('\r\n'), 'latin1');
  const payload = r.chunked
    ? Buffer.concat([
        Buffer.from(`${body.length.toString(16)}\r\n`),
        body,
        Buffer.from('\r\n0\r\n\r\n'),
      ])
    : body;
  return Buffer.concat([head, payload]);
}

/** A WebSocket frame, masked as a client must (or not, to test that too). */
type Frame = {
  fin: boolean;
  rsv: number;
  opcode: number;
  masked: boolean;
  payload: Buffer;
  /** A length field that lies: the frame claims this many bytes. */
  claimed: number | null;
};

function frameBytes(f: Frame): Buffer {
  const length = f.claimed ?? f.payload.length;
  const head: number[] = [(f.fin ? 0x80 : 0) | ((f.rsv & 7) << 4) | (f.opcode & 0xf)];
  const mask = f.masked ? 0x80 : 0;
  if (length < 126) head.push(mask | length);
  else if (length < 65536) head.push(mask | 126, length >> 8, length & 0xff);
  else {
    head.push(mask | 127);
    const big = Buffer.alloc(8);
    big.writeBigUInt64BE(BigInt(length));
    head.push(...big);
  }
  const key = [0x12, 0x34, 0x56, 0x78];
  const payload = f.masked ? Buffer.from(f.payload.map((b, i) => b ^ key[i % 4]!)) : f.payload;
  return Buffer.concat([Buffer.from(head), Buffer.from(f.masked ? key : []), payload]);
}

const call = (method: fc.Arbitrary<string>) =>
  fc
    .record({
      id: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.jsonValue()),
      method,
      input: fc.jsonValue({ maxDepth: 3 }),
    })
    .map((c) => JSON.stringify(c));

const messages = fc.oneof(
  call(fc.constantFrom(...SAFE_METHODS)),
  call(text(20).map(safeMethod)),
  fc.constantFrom('null', '42', '"x"', '[]', '{}', '{"id":1}', '{"method":"app.info"}', ''),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'),
  text(300),
);

const rawFrames = fc.record({
  fin: fc.boolean(),
  rsv: fc.integer({ min: 0, max: 7 }),
  opcode: fc.integer({ min: 0, max: 15 }),
  masked: fc.boolean(),
  payload: fc.oneof(
    messages.map((m) => Buffer.from(m)),
    fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a)),
    fc.constant(Buffer.from([0xff, 0xfe, 0xfd])),
  ),
  claimed: fc.option(fc.constantFrom(0, 1, 125, 126, 65535, 65536, 2 ** 24 + 1, 2 ** 40), {
    nil: null,
  }),
});

const HANDSHAKE = () =>
  [
    'GET /ws HTTP/1.1',
    `Host: 127.0.0.1:${port}`,
    'Upgrade: websocket',
    'Connection: Upgrade',
    'Sec-WebSocket-Version: 13',
    'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==',
    `Authorization: Bearer ${token}`,
    '',
    '',
  ].join('\r\n');

/** A socket after the upgrade, sent raw frames (several per connection), then dropped. */
function sendFrames(frames: Frame[]): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(HANDSHAKE()));
    socket.setTimeout(5_000, () => socket.destroy());
    let upgraded = false;
    socket.on('data', () => {
      if (upgraded) return;
      upgraded = true;
      for (const f of frames) socket.write(frameBytes(f));
      socket.end();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve());
  });
}

/** Messages through a real client (which frames them correctly), text or binary. */
function sendMessages(list: { data: string; binary: boolean; badUtf8: boolean }[]): Promise<void> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    ws.on('error', () => undefined);
    ws.on('close', () => resolve());
    ws.on('open', () => {
      for (const m of list) {
        const data = m.badUtf8
          ? Buffer.concat([Buffer.from(m.data), Buffer.from([0xc3, 0x28])])
          : m.data;
        ws.send(data, { binary: m.binary });
      }
      // Replies come back (or the server closes on a bad frame); then leave.
      setTimeout(() => ws.close(), 50);
    });
  });
}

describe('bridge fuzz', () => {
  it(
    `stays up through ${REQUESTS} malformed requests, headers, cookies and URLs`,
    { timeout: TIMEOUT },
    async () => {
      await expectUp();
      const cases = fc.sample(requests(), { numRuns: REQUESTS, seed: SEED });
      await runAll(cases, (r) => sendRaw(wire(r)));
      await expectUp();
    },
  );

  it(
    `stays up through ${FRAMES} malformed WebSocket frames and messages`,
    { timeout: TIMEOUT },
    async () => {
      // Half raw frames, half messages through a real client, PER_CONNECTION per socket.
      const connections = Math.ceil(FRAMES / 2 / PER_CONNECTION);
      const raw = fc.sample(
        fc.array(rawFrames, { minLength: PER_CONNECTION, maxLength: PER_CONNECTION }),
        { numRuns: connections, seed: SEED },
      );
      const sent = fc.sample(
        fc.array(fc.record({ data: messages, binary: fc.boolean(), badUtf8: fc.boolean() }), {
          minLength: PER_CONNECTION,
          maxLength: PER_CONNECTION,
        }),
        { numRuns: connections, seed: SEED + 1 },
      );
      await runAll(raw, (frames) => sendFrames(frames));
      await runAll(sent, (list) => sendMessages(list));
      expect(2 * connections * PER_CONNECTION).toBeGreaterThanOrEqual(FRAMES);
      await expectUp();
      expect(stderr).not.toMatch(/Error|uncaught|unhandled/i);
    },
  );
});
