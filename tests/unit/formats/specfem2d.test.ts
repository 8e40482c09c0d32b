import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../src-main/formats/errors';
import { SNIFF_BYTES } from '../../../src-main/formats/plugin';
import { detectFormat, readAny } from '../../../src-main/formats/registry';
import { parseTwoColumns, specfem2d } from '../../../src-main/formats/specfem2d';
import { tmpDir } from '../../helpers/tmp';
import { contextFor } from './reference';
import {
  fortranReal,
  SEED_LIKE,
  seedLikeValues,
  writeSeedLikeSeismogram,
} from './specfem2d-writer';

/** SPECFEM2D's layout: two columns, Fortran E format. */
function seismogram(values: number[], { t0 = -0.01, dt = 0.001 } = {}): string {
  return values
    .map((v, i) => `  ${(t0 + i * dt).toExponential(16)}  ${v.toExponential(16)}\n`)
    .join('');
}

function writeRun(dir: string, files: Record<string, string>) {
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
}

describe('a SPECFEM2D seismogram in the layout of the seed’s', () => {
  it('is sniffed by readAny and read: 24001 samples, dt 2.5e-5 s, t0 -0.015 s', () => {
    const SEMV = writeSeedLikeSeismogram(tmpDir());
    const bytes = fs.readFileSync(SEMV);
    expect(bytes.subarray(0, 60).toString('latin1')).toMatch(
      /^ {2}-1\.4999999999999999E-002 +0\.0000000000000000 +\n/,
    );
    expect(detectFormat(bytes.subarray(0, SNIFF_BYTES))?.name).toBe('specfem2d-ascii');
    const file = readAny(SEMV);
    expect(file.format).toBe('specfem2d-ascii');
    const [t] = file.records[0]!.traces;
    expect(t!.samples).toHaveLength(SEED_LIKE.samples);
    expect(t!.sampleInterval).toBeCloseTo(2.5e-5, 15);
    expect(t!.startTime).toBe(-0.015);
    expect(t).toMatchObject({ component: 'X', channel: 1, receiverFrom: 'none' });
    expect(t!.headers).toMatchObject({
      NETWORK: 'AA',
      STATION: 'S0050',
      CHANNEL: 'BXX',
      NUMBER_OF_SAMPLES: 24001,
    });
    // Every sample as written in Fortran's E and F forms, to float32.
    const values = seedLikeValues();
    expect(Array.from(t!.samples)).toEqual(Array.from(values, (v) => Math.fround(v)));
    expect(file.records[0]!.id).toBe('BXX.semv');
  });

  it('writes numbers as gfortran does', () => {
    expect(fortranReal(-0.015)).toBe('-1.4999999999999999E-002');
    expect(fortranReal(0.584975)).toBe('0.58497500000000002');
    expect(fortranReal(-2.5127294520643773e-6)).toBe('-2.5127294520643773E-006');
    expect(fortranReal(0)).toBe('0.0000000000000000');
  });
});

describe('two-column parsing', () => {
  it('reads general two-column text as one trace, with any blank and CRLF lines', () => {
    const text = '0.0 1\r\n\r\n0.5 -2\r\n1.0 3.5e0\r\n';
    const file = specfem2d.read(new TextEncoder().encode(text), contextFor('/data/trace.txt'));
    const [t] = file.records[0]!.traces;
    expect(Array.from(t!.samples)).toEqual([1, -2, 3.5]);
    expect(t).toMatchObject({ sampleInterval: 0.5, startTime: 0, component: '' });
  });

  it('tolerates times rounded in print but names the line of a missing sample', () => {
    // Six significant digits, as older SPECFEM2D versions print.
    const rounded = Array.from(
      { length: 500 },
      (_, i) => `${(1 + i * 0.00123).toPrecision(6)} ${i}`,
    ).join('\n');
    expect(parseTwoColumns(new TextEncoder().encode(rounded), 'r').sampleInterval).toBeCloseTo(
      0.00123,
      9,
    );
    const lines = seismogram(new Array(10).fill(0)).split('\n');
    lines.splice(5, 1); // drop the sample of line 6
    expect(() => parseTwoColumns(new TextEncoder().encode(lines.join('\n')), 'gap.semd')).toThrow(
      /^gap\.semd: line \d: time .* is off the uniform .* s sampling by/,
    );
  });

  it.each([
    [
      'three columns',
      '0 1 2\n1 2 3\n',
      /^f: line 1: expected two numbers \(time, amplitude\), found 3 fields/,
    ],
    ['text', '0 1\n1 abc\n', /^f: line 2: '1 abc' is not two numbers/],
    ['one line', '0 1\n', /one sample: the sample interval needs at least two lines/],
    ['empty', '', /no samples/],
    ['decreasing times', '1 0\n0 0\n', /times do not increase/],
  ])('%s: FormatError naming the line', (_, text, message) => {
    expect(() => parseTwoColumns(new TextEncoder().encode(text), 'f')).toThrow(message);
  });

  it('sniffs two numeric columns only', () => {
    const sniff = (text: string) => specfem2d.sniff(new TextEncoder().encode(text));
    expect(sniff(seismogram([1, 2, 3]))).toBe(true);
    expect(sniff('shot,channel\n1,2\n')).toBe(false);
    expect(sniff('0 1\n1 2\n')).toBe(false); // too few lines to tell
    expect(sniff('0 1\n2 2\n1 3\n')).toBe(false); // time going back
    expect(sniff('0 1 2\n1 2 3\n2 3 4\n')).toBe(false);
    expect(sniff('0 1\n1 2\n2 \u00e93\n')).toBe(false);
  });

  it('truncated or mutated anywhere: a trace or a FormatError, never another error', () => {
    const bytes = new TextEncoder().encode(
      seismogram(Array.from({ length: 40 }, (_, i) => Math.cos(i))),
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: bytes.length }),
        fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.nat(255)), { maxLength: 4 }),
        (end, changes) => {
          const b = bytes.slice(0, end);
          for (const [at, v] of changes) if (at < b.length) b[at] = v;
          try {
            expect(parseTwoColumns(b, 'f').samples.length).toBeLessThanOrEqual(b.length / 4);
          } catch (err) {
            expect(err).toBeInstanceOf(FormatError);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('a SPECFEM2D run folder', () => {
  const run = () => {
    const dir = tmpDir();
    writeRun(dir, {
      'AA.S0010.BXZ.semd': seismogram([10, 11, 12]),
      'AA.S0002.BXZ.semd': seismogram([2, 3, 4]),
      'AA.S0001.BXZ.semd': seismogram([1, 2, 3]),
      'AA.S0001.BXX.semd': seismogram([-1, -2, -3]),
      'AA.S0001.BXZ.semv': seismogram([9, 9, 9]),
      STATIONS: [
        'S0001    AA          100.0000000         50.0000000       0.0         0.0',
        'S0002    AA          200.0000000         45.5000000       0.0         0.0',
        'S0010    AA         1000.0000000         40.0000000       0.0         0.0',
      ].join('\n'),
    });
    return dir;
  };

  it('groups the receivers of one component and quantity, in station order, with STATIONS positions', () => {
    const dir = run();
    const file = readAny(path.join(dir, 'AA.S0002.BXZ.semd'));
    const [record] = file.records;
    expect(file.records).toHaveLength(1);
    expect(record!.id).toBe('BXZ.semd');
    expect(
      record!.traces.map((t) => [t.headers.STATION, t.channel, t.component, t.samples[0]]),
    ).toEqual([
      ['S0001', 1, 'Z', 1],
      ['S0002', 2, 'Z', 2],
      ['S0010', 3, 'Z', 10],
    ]);
    expect(record!.traces.map((t) => [t.receiver, t.receiverFrom])).toEqual([
      [{ x: 100, y: 0, z: 50 }, 'header'],
      [{ x: 200, y: 0, z: 45.5 }, 'header'],
      [{ x: 1000, y: 0, z: 40 }, 'header'],
    ]);
    const x = readAny(path.join(dir, 'AA.S0001.BXX.semd')).records[0]!;
    expect(x.traces.map((t) => [t.component, t.samples[0]])).toEqual([['X', -1]]);
  });

  it('notes a station missing from STATIONS and reads without STATIONS', () => {
    const dir = run();
    writeRun(dir, { STATIONS: 'S0001    AA   100.0   50.0   0.0   0.0\n' });
    const file = readAny(path.join(dir, 'AA.S0001.BXZ.semd'));
    expect(file.notes.join(' ')).toMatch(/AA\.S0002 is not in STATIONS: no receiver position/);
    fs.rmSync(path.join(dir, 'STATIONS'));
    const bare = readAny(path.join(dir, 'AA.S0001.BXZ.semd'));
    expect(
      bare.records[0]!.traces.every((t) => t.receiver === null && t.receiverFrom === 'none'),
    ).toBe(true);
  });

  it('names the bad sibling or STATIONS line', () => {
    const dir = run();
    writeRun(dir, { 'AA.S0003.BXZ.semd': '0 1\n0.001 x\n' });
    expect(() => readAny(path.join(dir, 'AA.S0001.BXZ.semd'))).toThrow(
      `${path.join(dir, 'AA.S0003.BXZ.semd')}: line 2: '0.001 x' is not two numbers`,
    );
    fs.rmSync(path.join(dir, 'AA.S0003.BXZ.semd'));
    writeRun(dir, { STATIONS: 'S0001 AA 100.0\n' });
    expect(() => readAny(path.join(dir, 'AA.S0001.BXZ.semd'))).toThrow(
      `${path.join(dir, 'STATIONS')}: line 1: expected 'station network x z ...', found 'S0001 AA 100.0'`,
    );
  });
});
