import fs from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PickFileError } from '../../../src-main/export/pick-file-error';
import { positionKey, type Pick } from '../../../src-main/export/pick-table';
import { readSgt, writeSgt } from '../../../src-main/export/sgt';
import { testData } from '../../helpers/test-data';
import { nameless, pickTable } from './pick-geometries';

const at = (x: number, z = 0, y = 0) => ({ x, y, z });
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

describe('pyGIMLi .sgt writer', () => {
  it('writes one shared sensor list, 1-based indices, y = elevation, seconds', () => {
    const a = at(-2, 9.5);
    const b = at(4, 10.5);
    const table = [
      pick({ source: a, receiver: at(0, 10), time: 0.01, uncertainty: 0.001 }),
      pick({ source: a, receiver: b, time: 0.02 }),
      pick({ source: a, receiver: at(8, 11.25), time: 0.03, uncertainty: 0.0015 }),
      pick({ source: b, receiver: at(0, 10), time: 0.011, uncertainty: 0.001 }),
      pick({ source: b, receiver: b, time: 0.0005, uncertainty: 0.001 }), // zero offset
      pick({ source: b, receiver: at(8.0004, 11.25), time: 0.012, uncertainty: 0.001 }),
      pick({ source: b, receiver: at(8, 11.25), time: 0, uncertainty: 0.001 }),
      pick({ source: b, receiver: at(8, 11.25), phase: 'S', time: 0.03, uncertainty: 0.001 }),
    ];
    const out = writeSgt(table, { phase: 'P', defaultError: 0.002 });
    expect(out.text).toBe(
      [
        '4 # shot/geophone points',
        '#x y',
        '-2 9.5',
        '0 10',
        '4 10.5',
        '8 11.25',
        '5 # measurements',
        '#s g t err',
        '1 2 0.01 0.001',
        '1 3 0.02 0.002',
        '1 4 0.03 0.0015',
        '3 2 0.011 0.001',
        '3 4 0.012 0.001',
        '',
      ].join('\n'),
    );
    expect(out.written).toBe(5);
    expect(out.skipped).toEqual([
      { index: 4, reason: 'source and receiver are the same sensor' },
      { index: 6, reason: 'time 0 s is not positive' },
    ]);
    expect(out.sensors).toEqual([at(-2, 9.5), at(0, 10), at(4, 10.5), at(8, 11.25)]);
  });

  it('writes #x y z for a survey off the x axis, and no err column when no pick has one', () => {
    const out = writeSgt([pick({ source: at(0, 1, 2), receiver: at(3, 4, 5) })], { phase: 'P' });
    expect(out.text).toBe(
      '2 # shot/geophone points\n#x y z\n0 2 1\n3 5 4\n1 # measurements\n#s g t\n1 2 0.01\n',
    );
  });

  it('refuses what pyGIMLi could not use or would misread', () => {
    expect(() =>
      writeSgt([pick({ uncertainty: 0.001 }), pick({ time: 0.02 })], { phase: 'P' }),
    ).toThrow('1 of 2 P picks have no uncertainty: give a default error');
    expect(() => writeSgt([pick({})], { phase: 'P', defaultError: 0 })).toThrow(/default error/);
    expect(() => writeSgt([pick({ time: Number.NaN })], { phase: 'P' })).toThrow(
      'pick 0: time must be a finite number, got NaN',
    );
    const out = writeSgt([pick({ uncertainty: 0 }), pick({ time: -0.001 }), pick({})], {
      phase: 'P',
      defaultError: 0.001,
    });
    expect(out.written).toBe(1);
    expect(out.skipped).toEqual([
      { index: 0, reason: 'error 0 s is not positive' },
      { index: 1, reason: 'time -0.001 s is not positive' },
    ]);
    // pyGIMLi stops on a sensor count of 0, so there is no empty .sgt file.
    expect(() => writeSgt([pick({ time: 0 })], { phase: 'P' })).toThrow(
      'no P pick can be written (1 left out)',
    );
  });

  it('merges positions within the tolerance into the first one seen', () => {
    const table = [
      pick({ source: at(0), receiver: at(10, 5) }),
      pick({ source: at(0.0009), receiver: at(10.0002, 5.0003) }),
    ];
    const out = writeSgt(table, { phase: 'P' });
    expect(out.sensors).toEqual([at(0), at(10, 5)]);
    expect(writeSgt(table, { phase: 'P', tolerance: 0 }).sensors).toHaveLength(4);
  });
});

describe('pyGIMLi .sgt round trip (fast-check)', () => {
  const expected = (table: Pick[], phase: 'P' | 'S', error: number) =>
    table
      .filter((p) => p.phase === phase && positionKey(p.source) !== positionKey(p.receiver))
      .map((p) => ({ ...nameless(p), uncertainty: p.uncertainty ?? error }));

  it.each([
    ['a flat 2-D line', { topography: false, crossline: false }, undefined],
    ['a 2-D line with topography', { topography: true, crossline: false }, undefined],
    ['a 3-D survey', { topography: true, crossline: true }, 'z' as const],
  ])('gives back every pick exactly on %s', (_, geometry, elevation) => {
    fc.assert(
      fc.property(
        pickTable({ ...geometry, phases: 'PS' }),
        fc.constantFrom('P' as const, 'S' as const),
        (table, phase) => {
          fc.pre(expected(table, phase, 0.003).length > 0);
          const out = writeSgt(table, { phase, defaultError: 0.003 });
          const back = readSgt(out.text, 'x.sgt', { phase, elevation });
          expect(back.picks).toEqual(expected(table, phase, 0.003));
          expect(back.sensors).toEqual(out.sensors);
          expect(out.written + out.skipped.length).toBe(
            table.filter((p) => p.phase === phase).length,
          );
        },
      ),
      { numRuns: 150 },
    );
  });
});

describe('the real Refrapy picks (field_example_01.sgt)', () => {
  const file = testData('refraction', 'refrapy-ex01', 'picks', 'field_example_01.sgt');
  const original = readSgt(fs.readFileSync(file, 'utf8'), 'field_example_01.sgt');

  it('reads 29 sensors, 120 picks from 5 shots, seconds, 1-based indices', () => {
    expect(original.sensors).toHaveLength(29);
    expect(original.picks).toHaveLength(120);
    expect(original.elevationColumn).toBe('y');
    const shots = new Map<number, number>();
    for (const r of original.rows) shots.set(r.s, (shots.get(r.s) ?? 0) + 1);
    expect([...shots]).toEqual([
      [27, 24],
      [29, 24],
      [13, 24],
      [26, 24],
      [28, 24],
    ]);
    expect([...shots.keys()].map((s) => original.sensors[s - 1]!.x)).toEqual([
      -20, -4, 46, 96, 112,
    ]);
    // The file's first and last measurements: "27 1 0.054426" and "28 25 0.051668".
    expect(original.rows[0]).toEqual({ line: 34, s: 27, g: 1 });
    expect(original.picks[0]).toEqual(pick({ source: at(-20), receiver: at(0), time: 0.054426 }));
    expect(original.picks[119]).toEqual(
      pick({ source: at(112), receiver: at(92), time: 0.051668 }),
    );
  });

  it('writes them again with the same sensor positions and times', () => {
    const out = writeSgt(original.picks, { phase: 'P' });
    expect(out.written).toBe(120);
    expect(out.skipped).toEqual([]);
    const again = readSgt(out.text, 'rewritten.sgt');
    const xs = (sensors: { x: number }[]) => sensors.map((s) => s.x).sort((a, b) => a - b);
    expect(xs(again.sensors)).toEqual(xs(original.sensors));
    expect(again.picks).toHaveLength(120);
    again.picks.forEach((p, i) => {
      const o = original.picks[i]!;
      expect(p.source).toEqual(o.source);
      expect(p.receiver).toEqual(o.receiver);
      expect(Math.abs(p.time - o.time)).toBeLessThanOrEqual(1e-6);
    });
  });
});

describe('pyGIMLi .sgt reader', () => {
  it('reads the variants real files use: tabs, comments, blank lines, CRLF, BOM, topography', () => {
    const text =
      '\ufeff# written by hand\r\n3\t# sensors\r\n#x\tz\r\n0\t100\r\n\r\n5\t101 # a comment\r\n' +
      '10\t99.5\r\n2 # measurements\r\n#s\tg\tt\terr\tvalid\r\n1\t2\t0.004\t0.0005\t1\r\n' +
      '# skipped\r\n1 3 8e-3 5e-4 1\r\n0\r\n';
    const got = readSgt(text, 'hand.sgt', { phase: 'S' });
    expect(got.sensors).toEqual([at(0, 100), at(5, 101), at(10, 99.5)]);
    expect(got.elevationColumn).toBe('z');
    expect(got.ignoredColumns).toEqual([]);
    expect(got.invalid).toBe(0);
    expect(got.picks).toEqual([
      pick({
        source: at(0, 100),
        receiver: at(5, 101),
        phase: 'S',
        time: 0.004,
        uncertainty: 0.0005,
      }),
      pick({
        source: at(0, 100),
        receiver: at(10, 99.5),
        phase: 'S',
        time: 0.008,
        uncertainty: 0.0005,
      }),
    ]);
    expect(got.rows.map((r) => r.line)).toEqual([10, 12]);
  });

  it('leaves out the data pyGIMLi marks invalid (valid = 0), and counts them', () => {
    const text = '2\n#x y\n0 10\n4 11\n3\n#s g t valid\n1 2 0.01 1\n2 1 0.011 0\n1 2 0.012 1\n';
    const got = readSgt(text, 'valid.sgt');
    expect(got.picks.map((p) => p.time)).toEqual([0.01, 0.012]);
    expect(got.rows.map((r) => r.line)).toEqual([7, 9]);
    expect(got.invalid).toBe(1);
  });

  it('reads pyGIMLi’s own save layout: "# x y z" with z = 0 is a 2-D line, y the elevation', () => {
    const text = '2\n# x y z\n0\t12.5\t0\n2.5\t13\t0\n1\n# g s t valid\n2\t1\t1.2e-03\t1\n0\n';
    const got = readSgt(text, 'saved.sgt');
    expect(got.elevationColumn).toBe('y');
    expect(got.picks).toEqual([pick({ source: at(0, 12.5), receiver: at(2.5, 13), time: 0.0012 })]);
    // The same columns with z in use are a 3-D survey, unless told otherwise.
    const threeD = '2\n#x y z\n0 1 12.5\n2.5 2 13\n1\n#s g t\n1 2 0.001\n';
    expect(readSgt(threeD, 'a.sgt').sensors).toEqual([at(0, 12.5, 1), at(2.5, 13, 2)]);
    expect(readSgt(threeD, 'a.sgt', { elevation: 'y' }).sensors).toEqual([
      at(0, 1, 12.5),
      at(2.5, 2, 13),
    ]);
  });

  it('converts t/ms and x/mm exactly, and defaults to x y z without a token line', () => {
    const got = readSgt('2\n1000 0 0\n2500 0 0\n1\n#s g t/ms\n1 2 65.4321\n', 'ms.sgt');
    expect(got.picks[0]!.time).toBe(0.0654321);
    expect(got.sensors[1]).toEqual(at(2500));
    const mm = readSgt('2\n#x/mm y\n1500 0\n4000 0\n1\n#s g t\n1 2 0.01\n', 'mm.sgt');
    expect(mm.sensors.map((s) => s.x)).toEqual([1.5, 4]);
  });

  it.each([
    ['', /e.sgt, line 1: the file ends where the number of sensors should be/],
    ['2 3\n', /line 1: expected the number of sensors, found 2 values/],
    ['0\n', /line 1: the number of sensors must be an integer ≥ 1, got 0/],
    ['2\n#y z\n0 0\n1 0\n', /line 2: the sensor columns \(#y z\) name no x/],
    ['2\n#x y\n0 0\n', /line 3: the file ends after 1 of the 2 sensors/],
    ['2\n#x y\n0 0\n1\n', /line 4: 1 values, the sensor columns \(x y\) are 2/],
    ['2\n#x y\n0 0\n1 nan\n', /line 4: y is not a number: "nan"/],
    ['2\n#x y\n0 0\n1 0\n0 0\n', /line 5: expected the number of measurements, found 2 values/],
    ['2\n#x y\n0 0\n1 0\n1\n1 2 0.1\n', /line 6: expected the data columns, such as #s g t err/],
    ['2\n#x y\n0 0\n1 0\n1\n#s t\n1 0.1\n', /line 6: the data columns \(#s t\) lack g/],
    ['2\n#x y\n0 0\n1 0\n1\n#s g t t/ms\n', /line 6: two columns give t/],
    ['2\n#x y\n0 0\n1 0\n1\n#s g t err/%\n', /line 6: relative errors \(err\/%\) are not read/],
    ['2\n#x y\n0 0\n1 0\n1\n#s g t\n1 2\n', /line 7: 2 values, the data columns need 3/],
    ['2\n#x y\n0 0\n1 0\n1\n#s g t\n0 2 0.1\n', /line 7: s must be an integer ≥ 1, got 0/],
    ['2\n#x y\n0 0\n1 0\n1\n#s g t\n1 3 0.1\n', /line 7: g = 3 is not a sensor: the file lists 2/],
    ['2\n#x y\n0 0\n1 0\n1\n#s g t err\n1 2 0.1 -1\n', /line 7: err -1 is negative/],
    [
      '2\n#x y\n0 0\n1 0\n2\n#s g t\n1 2 0.1\n',
      /line 7: the file ends after 1 of the 2 measurements/,
    ],
    ['2\n#x y\n0 0\n1 0\n1\n#s g t\n1 2 0.1\n2 1 0.1\n', /line 8: a data row after the 1/],
  ])('rejects %j naming the file, the line and what is wrong', (text, message) => {
    expect(() => readSgt(text, 'e.sgt')).toThrow(message);
    expect(() => readSgt(text, 'e.sgt')).toThrow(PickFileError);
  });
});
