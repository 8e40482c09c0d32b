import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PickFileError } from '../../../src-main/export/pick-file-error';
import { groupByShot, type Pick } from '../../../src-main/export/pick-table';
import { readVs, writeVs } from '../../../src-main/export/seisimager-vs';
import { TEST_DATA } from '../../helpers/test-data';
import { canonical, pickTable } from './pick-geometries';

const at = (x: number, z = 0) => ({ x, y: 0, z });
const pick = (over: Partial<Pick>): Pick => ({
  source: at(0),
  receiver: at(4),
  phase: 'P',
  time: 0.01,
  uncertainty: null,
  shot: null,
  trace: null,
  ...over,
});

/** What the format keeps of a pick: x positions, the time, the phase it was read as. */
const asVs = (p: Pick): Pick => ({
  ...p,
  source: at(p.source.x),
  receiver: at(p.receiver.x),
  uncertainty: null,
  shot: null,
  trace: null,
});

describe('SeisImager .vs writer', () => {
  it('writes the header, one block per shot sorted by receiver, milliseconds and the trailer', () => {
    const table = [
      pick({ shot: 'a', source: at(-2, 5), receiver: at(8, 6), time: 0.0654321 }),
      pick({ shot: 'a', source: at(-2, 5), receiver: at(0, 6), time: 0.02, uncertainty: 0.001 }),
      pick({ shot: 'b', source: at(-2, 5), receiver: at(4), time: 0.000123 }),
      pick({ shot: 'a', source: at(-2, 5), receiver: at(4), phase: 'S', time: 0.1 }),
      pick({ shot: 'c', source: at(12), receiver: at(4), time: 1.5 }),
    ];
    const out = writeVs(table, { phase: 'P' });
    expect(out.text).toBe(
      [
        '1996 0 3.0',
        '0 3 4',
        '-2 2 0',
        '0 20 1',
        '8 65.4321 1',
        '-2 1 0',
        '4 0.123 1',
        '12 1 0',
        '4 1500 1',
        '0 0',
        '0',
        '0 0',
        '',
      ].join('\n'),
    );
    expect([out.shots, out.written, out.spacing]).toEqual([3, 4, 4]);
    expect(writeVs(table, { phase: 'P', spacing: 2.5 }).text).toContain('\n0 3 2.5\n');
  });

  it('refuses picks off a 2-D line', () => {
    expect(() => writeVs([pick({ receiver: { x: 1, y: 2, z: 0 } })], { phase: 'P' })).toThrow(
      'pick 0: a .vs file holds a 2-D line, but this pick lies off it (y ≠ 0)',
    );
  });
});

describe('SeisImager .vs round trip (fast-check)', () => {
  it('gives back every x and time exactly, one block per shot', () => {
    fc.assert(
      fc.property(
        pickTable({ topography: true, crossline: false, phases: 'PS' }),
        fc.constantFrom('P' as const, 'S' as const),
        (table, phase) => {
          const mine = table.filter((p) => p.phase === phase);
          const out = writeVs(table, { phase });
          const back = readVs(out.text, 'x.vs', { phase });
          expect(canonical(back.picks)).toEqual(canonical(mine.map(asVs)));
          expect(out.shots).toBe(groupByShot(mine).length);
          expect(new Set(back.rows.map((r) => r.shot)).size).toBe(out.shots);
          expect(back.spacing).toBe(out.spacing);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('keeps the real first-break times of the Géostack gathers exact through milliseconds', () => {
    const folder = path.join(TEST_DATA, 'refraction', 'geostack-dataset1');
    const gathers = fs.readdirSync(folder).filter((f) => f.endsWith('.txt'));
    expect(gathers).toHaveLength(2);
    // The data set has times only; a 48-channel line at 1 m with the shot 1 m off the end
    // stands in for its geometry, which does not affect the times.
    const table = gathers.flatMap((name) =>
      fs
        .readFileSync(path.join(folder, name), 'utf8')
        .trim()
        .split('\n')
        .slice(1)
        .map((t, k) => pick({ shot: name, source: at(-1), receiver: at(k), time: Number(t) })),
    );
    expect(table).toHaveLength(2 * 48);
    const back = readVs(writeVs(table, { phase: 'P' }).text, 'geostack.vs');
    expect(back.picks.map((p) => p.time)).toEqual(table.map((p) => p.time));
  });
});

describe('SeisImager .vs reader', () => {
  it('reads files as Pickwin and Refrapy write them', () => {
    const text =
      '1996 0 3.000000\r\n0 2 2.000000\r\n0.000000 2 0.000000\r\n2.000000 10.500000 1 \r\n' +
      '4.000000 12.250000 1 \r\n10.000000 1 0.0\r\n4.000000 13.0 1\r\n0 0 \r\n 0 \r\n 0 0 \r\n';
    const got = readVs(text, 'refrapy.vs', { phase: 'S' });
    expect(got.spacing).toBe(2);
    expect(got.picks).toEqual([
      pick({ source: at(0), receiver: at(2), phase: 'S', time: 0.0105 }),
      pick({ source: at(0), receiver: at(4), phase: 'S', time: 0.01225 }),
      pick({ source: at(10), receiver: at(4), phase: 'S', time: 0.013 }),
    ]);
    expect(got.rows).toEqual([
      { line: 4, shot: 1 },
      { line: 5, shot: 1 },
      { line: 7, shot: 2 },
    ]);
    // The trailer is optional.
    expect(readVs('1996 0 3.0\n0 1 1\n0 1 0\n1 5 1\n', 'short.vs').picks).toHaveLength(1);
  });

  it.each([
    ['', /e.vs, line 1: the file ends where the header 1996 0 3.0 should be/],
    ['1997 0 3.0\n', /line 1: not a SeisImager .vs file/],
    ['1996 0 3.0\n0 1\n', /line 2: expected 0, the number of shots and the receiver spacing/],
    ['1996 0 3.0\n0 x 1\n', /line 2: the number of shots is not a number: "x"/],
    ['1996 0 3.0\n0 2 1\n0 1 0\n1 5 1\n', /line 4: the file ends where shot 2 of 2 should be/],
    ['1996 0 3.0\n0 1 1\n0 2 0\n1 5 1\n', /line 4: the file ends where pick 2 of the 2 of shot 1/],
    ['1996 0 3.0\n0 1 1\n0 1 0\n1 5 1 7\n', /line 4: expected receiver x, time in ms and 1/],
    ['1996 0 3.0\n0 1 1\n0 1 0\n1 5,2 1\n', /line 4: the time is not a number: "5,2"/],
    ['1996 0 3.0\n0 1 1\n0 1 0\n1 5 1\n4 1 0\n2 6 1\n', /line 5: text after the 1 shots/],
  ])('rejects %j naming the file, the line and what is wrong', (text, message) => {
    expect(() => readVs(text, 'e.vs')).toThrow(message);
    expect(() => readVs(text, 'e.vs')).toThrow(PickFileError);
  });
});
