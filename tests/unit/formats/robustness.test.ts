import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../src-main/formats/errors';
import { SNIFF_BYTES, type FormatPlugin } from '../../../src-main/formats/plugin';
import type { SeismicFile } from '../../../src-main/formats/record';
import { detectFormat, formats, readAny } from '../../../src-main/formats/registry';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';
import { FIXTURES, problems } from './fixture-table';
import { contextFor, fixtureBytes } from './reference';

/** Reads corrupted bytes with the fixture's plugin and with whatever sniffing picks. */
function expectReadOrFormatError(plugin: FormatPlugin, fixture: string, bytes: Uint8Array) {
  const detected = detectFormat(bytes.subarray(0, SNIFF_BYTES));
  for (const p of new Set([plugin, ...(detected ? [detected] : [])])) {
    let result: SeismicFile;
    try {
      result = p.read(bytes, contextFor(fixture));
    } catch (err) {
      if (!(err instanceof FormatError)) throw err;
      expect(err.message.startsWith(`${fixture}: `)).toBe(true);
      continue;
    }
    expect(problems(result, p, bytes.length)).toEqual([]);
  }
}

describe.each(formats.map((p) => [p.name, p] as const))('%s reader robustness', (name, plugin) => {
  const fixtures = FIXTURES[name];

  it('has fixtures in the robustness table', () => {
    expect(fixtures.length, `add ${name} files to FIXTURES`).toBeGreaterThan(0);
  });

  describe.each(fixtures.map((f) => [path.basename(f), f] as const))('%s', (_, file) => {
    const bytes = fixtureBytes(file);

    it('reads the intact file, well formed', () => {
      expect(problems(plugin.read(bytes, contextFor(file)), plugin, bytes.length)).toEqual([]);
    });

    it('truncated anywhere: a well-formed file or a FormatError', () => {
      fc.assert(
        fc.property(fc.integer({ min: 0, max: bytes.length - 1 }), (end) => {
          expectReadOrFormatError(plugin, file, bytes.subarray(0, end));
        }),
        { numRuns: 40 },
      );
    });

    it('with random bytes changed: a well-formed file or a FormatError', () => {
      // Half the changes land in the first 4 KB, where the headers and pointers are.
      const offset = fc.oneof(
        fc.integer({ min: 0, max: Math.min(bytes.length, 4096) - 1 }),
        fc.integer({ min: 0, max: bytes.length - 1 }),
      );
      const change = fc.tuple(offset, fc.integer({ min: 0, max: 255 }));
      fc.assert(
        fc.property(fc.array(change, { minLength: 1, maxLength: 8 }), (changes) => {
          const mutated = bytes.slice();
          for (const [at, value] of changes) mutated[at] = value;
          expectReadOrFormatError(plugin, file, mutated);
        }),
        { numRuns: 60 },
      );
    });
  });
});

describe('readAny on files that are no seismic data', () => {
  it('names the file for empty, garbage and missing files', () => {
    const dir = tmpDir();
    const empty = path.join(dir, 'empty.sgy');
    fs.writeFileSync(empty, '');
    expect(() => readAny(empty)).toThrow(`${empty}: file is empty`);
    const garbage = path.join(dir, 'garbage.dat');
    fs.writeFileSync(garbage, Buffer.from('\x01\x02 this is no seismic data at all'.repeat(200)));
    expect(() => readAny(garbage)).toThrow(FormatError);
    expect(() => readAny(garbage)).toThrow(
      /garbage\.dat: at byte 0: not a recognised seismic format/,
    );
  });

  it('never throws anything but FormatError on random bytes', () => {
    // A path in a real folder, for readers that look at sibling files.
    const RANDOM_FILE = path.join(testData('formats'), 'random.bin');
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 8000 }), (bytes) => {
        const plugin = detectFormat(bytes.subarray(0, SNIFF_BYTES));
        if (plugin) expectReadOrFormatError(plugin, RANDOM_FILE, bytes);
      }),
      { numRuns: 200 },
    );
  });
});
