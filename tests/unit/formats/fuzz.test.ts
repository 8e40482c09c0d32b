import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { FormatError } from '../../../src-main/formats/errors';
import { isGzip, unpackGzip } from '../../../src-main/formats/gzip';
import { MAX_FILE_BYTES, MAX_SAMPLES_PER_FILE } from '../../../src-main/formats/limits';
import type { FormatPlugin } from '../../../src-main/formats/plugin';
import type { SeismicFile } from '../../../src-main/formats/record';
import { formats, readAny, readSeismic } from '../../../src-main/formats/registry';
import { fuzzRuns, PeakMemory } from '../../helpers/fuzz';
import { tmpDir } from '../../helpers/tmp';
import { FIXTURES, problems } from './fixture-table';
import { contextFor, fixtureBytes } from './reference';

/**
 * Issue 21: every reader, fed mutated copies of real files (10,000 per format with `npm run
 * fuzz`), returns a well-formed file or a FormatError naming the file; never another error,
 * never more decoded samples than 10 times the file's bytes allow (or the stated caps for
 * packed data), never a read that hangs. The mutations aim at what broke before: declared
 * sizes and counts (interesting integers written over header fields), aliasing pointers and
 * offsets (a word copied over others), truncation and growth, and gzip wrapping.
 */
const RUNS = fuzzRuns(150, 10_000);
/** A read that takes this long has hung: reads of these files take milliseconds. */
const HANG_MS = 5_000;
/** Where the headers, pointer tables and keyword blocks are. */
const HEAD = 4096;

/** Integers that are sizes, counts and offsets at their edges. */
const INTERESTING = [
  0, 1, 2, 3, 4, 7, 8, 16, 32, 48, 64, 127, 128, 240, 255, 256, 3200, 3600, 4096, 0x7fff, 0x8000,
  0xffff, 0x10000, 0x7fffffff, 0x80000000, 0xffffffff,
];

type Mutation =
  | { kind: 'bytes'; changes: [number, number][] }
  | { kind: 'field'; at: number; value: number; size: 2 | 4; little: boolean }
  | { kind: 'alias'; from: number; to: number[] }
  | { kind: 'truncate'; at: number }
  | { kind: 'extend'; from: number; length: number; copies: number }
  | { kind: 'gzip'; inner: Exclude<Mutation, { kind: 'gzip' }>; isize: number | null };

const offset = (max: number) => fc.integer({ min: 0, max: Math.max(0, max - 1) });

function mutation(length: number): fc.Arbitrary<Mutation> {
  const inHead = Math.min(length, HEAD);
  const anywhere = fc.oneof(offset(inHead), offset(length));
  const simple: fc.Arbitrary<Exclude<Mutation, { kind: 'gzip' }>> = fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('bytes' as const),
        changes: fc.array(fc.tuple(anywhere, fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
      }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('field' as const),
        at: offset(inHead),
        value: fc.oneof(
          fc.constantFrom(...INTERESTING),
          fc.constantFrom(length, length - 1, length + 1, length * 2),
          fc.integer({ min: 0, max: 0xffffffff }),
        ),
        size: fc.constantFrom(2 as const, 4 as const),
        little: fc.boolean(),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('alias' as const),
        from: offset(inHead),
        to: fc.array(offset(inHead), { minLength: 1, maxLength: 64 }),
      }),
    },
    {
      weight: 1,
      arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: offset(length) }),
    },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('extend' as const),
        from: offset(length),
        length: fc.integer({ min: 1, max: 4096 }),
        copies: fc.integer({ min: 1, max: 16 }),
      }),
    },
  );
  return fc.oneof(
    { weight: 9, arbitrary: simple },
    {
      weight: 1,
      arbitrary: fc.record({
        kind: fc.constant('gzip' as const),
        inner: simple,
        isize: fc.option(fc.constantFrom(0, 1, 0xffffffff, MAX_FILE_BYTES + 1), { nil: null }),
      }),
    },
  );
}

function write(bytes: Uint8Array, at: number, value: number, size: 2 | 4, little: boolean) {
  if (at + size > bytes.length) return;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (size === 2) view.setUint16(at, value & 0xffff, little);
  else view.setUint32(at, value >>> 0, little);
}

function mutate(seed: Uint8Array, m: Mutation): Uint8Array {
  switch (m.kind) {
    case 'bytes': {
      const out = seed.slice();
      for (const [at, value] of m.changes) if (at < out.length) out[at] = value;
      return out;
    }
    case 'field': {
      const out = seed.slice();
      write(out, m.at, m.value, m.size, m.little);
      return out;
    }
    case 'alias': {
      const out = seed.slice();
      if (m.from + 4 > out.length) return out;
      const word = out.slice(m.from, m.from + 4);
      for (const to of m.to) if (to + 4 <= out.length) out.set(word, to);
      return out;
    }
    case 'truncate':
      return seed.subarray(0, m.at);
    case 'extend': {
      const slice = seed.subarray(m.from, m.from + m.length);
      return Buffer.concat([seed, ...Array.from({ length: m.copies }, () => slice)]);
    }
    case 'gzip': {
      const packed = gzipSync(mutate(seed, m.inner));
      if (m.isize !== null) write(packed, packed.length - 4, m.isize, 4, true);
      return packed;
    }
  }
}

const peak = new PeakMemory();
const slowest = { ms: 0, what: '' };
const outcomes = new Map<string, { read: number; refused: number }>();
afterAll(() => {
  const counts = [...outcomes].map(([f, o]) => `${f} ${o.read} read/${o.refused} refused`);
  console.log(
    `reader fuzz: ${RUNS} mutated files per format (${counts.join(', ')}); ` +
      `slowest read ${slowest.ms.toFixed(0)} ms (${slowest.what}); peak RSS ${(peak.peak / 2 ** 20).toFixed(0)} MiB`,
  );
});

/** Samples decoded into memory, as bytes of float32. */
function decodedBytes(file: SeismicFile): number {
  return file.records.reduce(
    (n, r) => n + r.traces.reduce((m, t) => m + 4 * t.samples.length, 0),
    0,
  );
}

/** One read: a well-formed file within the memory bound, or a FormatError naming the file. */
function check(
  label: string,
  fixture: string,
  given: Uint8Array,
  read: () => SeismicFile,
  plugin: FormatPlugin | null,
): void {
  const started = performance.now();
  let result: SeismicFile | null = null;
  try {
    result = read();
  } catch (err) {
    if (!(err instanceof FormatError)) throw err;
    expect(err.message.startsWith(`${fixture}: `), err.message).toBe(true);
  }
  const ms = performance.now() - started;
  if (ms > slowest.ms) Object.assign(slowest, { ms, what: label });
  expect(ms, `${label} took ${ms.toFixed(0)} ms`).toBeLessThan(HANG_MS);
  peak.sample();
  const tally = outcomes.get(label) ?? { read: 0, refused: 0 };
  tally[result ? 'read' : 'refused']++;
  outcomes.set(label, tally);
  if (!result) return;
  const unpacked = isGzip(given) ? unpackGzip(given, fixture).length : given.length;
  const format = formats.find((f) => f.name === result.format)!;
  expect(problems(result, plugin ?? format, unpacked)).toEqual([]);
  // Unpacked data (.gz, deflated .npz) is bounded by the stated caps, the rest by its size.
  const bound = Math.max(
    10 * given.length,
    isGzip(given) || format.name === 'npz' ? 4 * MAX_SAMPLES_PER_FILE : 0,
  );
  expect(decodedBytes(result)).toBeLessThanOrEqual(bound);
}

describe.each(formats.map((p) => [p.name, p] as const))('%s reader fuzz', (name, plugin) => {
  const seeds = FIXTURES[name].map((file) => ({ file, bytes: fixtureBytes(file) }));

  // A read takes up to some 25 ms (a 1 MB SPECFEM2D text), twice per case.
  it(`survives ${RUNS} mutated files`, { timeout: 60_000 + 100 * RUNS }, () => {
    const seed = fc.integer({ min: 0, max: seeds.length - 1 });
    const cases = seed.chain((i) => fc.tuple(fc.constant(i), mutation(seeds[i]!.bytes.length)));
    fc.assert(
      fc.property(cases, ([i, m]) => {
        const { file, bytes } = seeds[i]!;
        const mutated = mutate(bytes, m);
        if (!isGzip(mutated)) {
          check(name, file, mutated, () => plugin.read(mutated, contextFor(file)), plugin);
        }
        check(`${name} via sniffing`, file, mutated, () => readSeismic(file, mutated), null);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('paths that are no regular file', () => {
  it('are refused at once, each with what it is instead', async () => {
    const dir = tmpDir();
    const fifo = path.join(dir, 'fifo.sgy');
    execFileSync('mkfifo', [fifo]);
    const socketPath = path.join(dir, 'socket.sgy');
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    const loop = path.join(dir, 'loop.sg2');
    fs.symlinkSync(loop, loop);
    const dangling = path.join(dir, 'dangling.sg2');
    fs.symlinkSync(path.join(dir, 'gone'), dangling);
    const sparse = path.join(dir, 'sparse.sgy');
    fs.writeFileSync(sparse, '');
    fs.truncateSync(sparse, MAX_FILE_BYTES + 1);
    const expected: [string, string][] = [
      [fifo, 'is a FIFO (named pipe), not a regular file'],
      [socketPath, 'is a socket, not a regular file'],
      ['/dev/zero', 'is a character device, not a regular file'],
      ['/dev/null', 'is a character device, not a regular file'],
      [dir, 'is a folder, not a file'],
      [loop, 'is a loop of symbolic links (or a chain of too many)'],
      [dangling, 'no such file'],
      [path.join(fifo, 'x'), 'no such file (a part of the path is not a folder)'],
      [sparse, `is ${MAX_FILE_BYTES + 1} bytes, more than the 1 GiB Pickline reads from one file`],
    ];
    try {
      for (const [file, reason] of expected) {
        const started = performance.now();
        expect(() => readAny(file)).toThrow(`${file}: ${reason}`);
        expect(performance.now() - started).toBeLessThan(HANG_MS);
      }
    } finally {
      server.close();
    }
  });
});
