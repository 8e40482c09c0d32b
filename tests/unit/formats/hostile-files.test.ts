import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync, createGzip } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../src-main/formats/errors';
import { unpackGzip } from '../../../src-main/formats/gzip';
import { MAX_FILE_BYTES, MAX_TRACES_PER_FILE } from '../../../src-main/formats/limits';
import { readAny } from '../../../src-main/formats/registry';
import { Project } from '../../../src-main/catalogue/project';
import { importFiles } from '../../../src-main/services/import-service';
import { runPickline } from '../../helpers/cli';
import { tmpDir } from '../../helpers/tmp';
import { npyBytes } from './numpy-writer';

/**
 * A SEG-2 file of one real trace (float32, `samples` long) whose `pointers` trace pointers all
 * point at it: each pointer makes the reader decode the same bytes again.
 */
export function aliasedSeg2(pointers: number, samples: number): Buffer {
  const pointerBytes = 4 * pointers;
  const strings = Buffer.from('\x16\x00SAMPLE_INTERVAL 0.001\x00\x00\x00', 'latin1');
  const traceAt = 32 + pointerBytes;
  const blockSize = 32 + strings.length;
  const file = Buffer.alloc(traceAt + blockSize + 4 * samples);
  file.writeUInt16LE(0x3a55, 0);
  file.writeUInt16LE(1, 2); // revision
  file.writeUInt16LE(pointerBytes, 4);
  file.writeUInt16LE(pointers, 6);
  file.writeUInt8(1, 8); // one string terminator: NUL
  for (let i = 0; i < pointers; i++) file.writeUInt32LE(traceAt, 32 + 4 * i);
  file.writeUInt16LE(0x4422, traceAt);
  file.writeUInt16LE(blockSize, traceAt + 2);
  file.writeUInt32LE(samples * 4, traceAt + 4);
  file.writeUInt32LE(samples, traceAt + 8);
  file.writeUInt8(4, traceAt + 12); // float32
  strings.copy(file, traceAt + 32);
  for (let i = 0; i < samples; i++)
    file.writeFloatLE(Math.sin(i / 10), traceAt + blockSize + 4 * i);
  return file;
}

function write(name: string, bytes: Uint8Array): string {
  const file = path.join(tmpDir(), name);
  fs.writeFileSync(file, bytes);
  return file;
}

/** Streams `bytes` zero bytes through gzip: a small file that unpacks to that many. */
function gzippedZeros(bytes: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const gz = createGzip({ level: 9 });
    const chunks: Buffer[] = [];
    gz.on('data', (c: Buffer) => chunks.push(c));
    gz.on('end', () => resolve(Buffer.concat(chunks)));
    gz.on('error', reject);
    const block = Buffer.alloc(16 * 1024 ** 2);
    let left = bytes;
    const pump = () => {
      while (left > 0) {
        const n = Math.min(left, block.length);
        left -= n;
        if (!gz.write(block.subarray(0, n))) return void gz.once('drain', pump);
      }
      gz.end();
    };
    pump();
  });
}

describe('defect 7: small files that ask for gigabytes', () => {
  it('a SEG-2 whose trace pointers alias one trace is refused, not decoded again and again', () => {
    const file = write('aliased.sg2', aliasedSeg2(64, 60_000));
    expect(() => readAny(file)).toThrow(FormatError);
    expect(() => readAny(file)).toThrow(/trace 2 .*overlaps trace 1/);
  });

  it('the issue’s 305 KB file of 16,383 such pointers, at once', () => {
    const bytes = aliasedSeg2(16_383, 60_000);
    expect(bytes.length).toBeLessThan(310_000);
    const file = write('aliased-16383.sg2', bytes);
    expect(() => readAny(file)).toThrow(new RegExp(`^${file}: at byte \\d+: trace 2 `));
  });

  it('a .gz that unpacks past the largest file is refused by its declared size', async () => {
    const file = write('bomb.sgy.gz', await gzippedZeros(MAX_FILE_BYTES + 1));
    expect(fs.statSync(file).size).toBeLessThan(2 * 1024 ** 2);
    expect(() => readAny(file)).toThrow(
      `${file}: at byte ${fs.statSync(file).size - 4}: gzip data unpacks to ${MAX_FILE_BYTES + 1} bytes, more than the 1 GiB Pickline reads from one file`,
    );
  });

  it('a .gz that hides its size (several members) stops unpacking at the limit', () => {
    const member = gzipSync(Buffer.alloc(1024 ** 2));
    const bomb = Buffer.concat(Array.from({ length: 5 }, () => member));
    expect(unpackGzip(bomb, 'x.gz', 5 * 1024 ** 2)).toHaveLength(5 * 1024 ** 2);
    expect(() => unpackGzip(bomb, 'x.gz', 4 * 1024 ** 2)).toThrow(
      'x.gz: at byte 0: gzip data unpacks to more than the 4 MiB Pickline reads from one file',
    );
  });

  it('a .npy of a million one-sample traces is refused naming the file, in inspect and import', async () => {
    const traces = 1_000_000;
    const file = write('wide.npy', npyBytes('<f4', [1, traces], new Array(traces).fill(0)));
    const message = `${file}: the file holds more than ${MAX_TRACES_PER_FILE} traces, the most Pickline reads from one file`;
    expect(() => readAny(file)).toThrow(message);
    const inspect = await runPickline('inspect', file);
    expect(inspect.code).toBe(1);
    expect(inspect.err).toContain(message);
    const project = Project.create(path.join(tmpDir(), 'line'));
    expect(importFiles(project, [file]).files[0]!.error).toBe(message);
    project.close();
  });
});

describe('defect 8: only regular files are read, up to the size limit', () => {
  it('a FIFO is refused at once, not waited on', () => {
    const fifo = path.join(tmpDir(), 'shot.sgy');
    execFileSync('mkfifo', [fifo]);
    expect(() => readAny(fifo)).toThrow(`${fifo}: is a FIFO (named pipe), not a regular file`);
    const project = Project.create(path.join(tmpDir(), 'line'));
    expect(importFiles(project, [fifo]).files[0]!.error).toBe(
      `${fifo}: is a FIFO (named pipe), not a regular file`,
    );
    project.close();
  });

  it('/dev/zero is refused, not read until memory runs out', () => {
    expect(() => readAny('/dev/zero')).toThrow(
      '/dev/zero: is a character device, not a regular file',
    );
  });

  it('a file over the limit is refused without reading it', () => {
    const big = path.join(tmpDir(), 'huge.sgy');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, MAX_FILE_BYTES + 1); // sparse: no disk used
    expect(() => readAny(big)).toThrow(
      `${big}: is ${MAX_FILE_BYTES + 1} bytes, more than the 1 GiB Pickline reads from one file`,
    );
  });

  it('a folder is named as one', () => {
    const dir = tmpDir();
    expect(() => readAny(dir)).toThrow(`${dir}: is a folder, not a file`);
  });
});

describe('defect 9: a symbolic link loop is named as one', () => {
  it('in readAny and in inspect', async () => {
    const dir = tmpDir();
    const loop = path.join(dir, 'loop.sgy');
    fs.symlinkSync(loop, loop);
    const message = `${loop}: is a loop of symbolic links (or a chain of too many)`;
    expect(() => readAny(loop)).toThrow(message);
    const inspect = await runPickline('inspect', loop);
    expect(inspect.err).toContain(message);
  });
});

describe('defect 9: an import killed while copying leaves no partial file for good', () => {
  /** A process id that is surely not running: a child that has exited. */
  const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

  it('opening the project removes partial copies of processes that are gone, not of live ones', () => {
    const dir = path.join(tmpDir(), 'line');
    Project.create(dir).close();
    const raw = path.join(dir, 'raw');
    const stale = path.join(raw, `${'a'.repeat(64)}.sgy.${deadPid()}.partial`);
    const live = path.join(raw, `${'b'.repeat(64)}.sgy.${process.pid}.partial`);
    const unrelated = path.join(raw, 'notes.partial.txt');
    for (const f of [stale, live, unrelated]) fs.writeFileSync(f, 'x');
    Project.open(dir).close();
    expect(fs.existsSync(stale)).toBe(false);
    expect(fs.existsSync(live)).toBe(true);
    expect(fs.existsSync(unrelated)).toBe(true);
  });

  it('so does an import', () => {
    const dir = path.join(tmpDir(), 'line');
    const project = Project.create(dir);
    const stale = path.join(dir, 'raw', `${'c'.repeat(64)}.dat.${deadPid()}.partial`);
    fs.writeFileSync(stale, 'x');
    importFiles(project, []);
    expect(fs.existsSync(stale)).toBe(false);
    project.close();
  });
});
