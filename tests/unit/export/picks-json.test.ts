import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PickFileError } from '../../../src-main/export/pick-file-error';
import type { Pick } from '../../../src-main/export/pick-table';
import {
  PicksJsonSchema,
  readPicksJson,
  writePicksJson,
} from '../../../src-main/export/picks-json';
import { pickTable } from './pick-geometries';

const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((v) => v + 0);
const position = fc.record({ x: finite, y: finite, z: finite });
const anyPick: fc.Arbitrary<Pick> = fc.record({
  source: position,
  receiver: position,
  phase: fc.constantFrom('P' as const, 'S' as const),
  time: finite,
  uncertainty: fc.option(
    fc.double({ min: 0, noNaN: true, noDefaultInfinity: true }).map((v) => v + 0),
    { nil: null },
  ),
  shot: fc.option(fc.string({ unit: 'binary' }), { nil: null }),
  trace: fc.option(fc.nat(), { nil: null }),
});

const example: Pick[] = [
  {
    source: { x: -20, y: 0, z: 101.5 },
    receiver: { x: 12, y: 0, z: 102 },
    phase: 'P',
    time: 0.0654321,
    uncertainty: 0.001,
    shot: '2001',
    trace: 3,
  },
  {
    source: { x: -20, y: 0, z: 101.5 },
    receiver: { x: 16, y: 0, z: 102.25 },
    phase: 'S',
    time: 0.12,
    uncertainty: null,
    shot: null,
    trace: null,
  },
];

describe('picks JSON', () => {
  it('writes the documented layout, one pick per line, valid against its schema', () => {
    const text = writePicksJson(example);
    expect(text).toBe(
      '{\n' +
        '  "format": "pickline-picks",\n' +
        '  "version": 1,\n' +
        '  "units": { "length": "m", "time": "s" },\n' +
        '  "picks": [\n' +
        '    {"shot":"2001","trace":3,"phase":"P","source":{"x":-20,"y":0,"z":101.5},' +
        '"receiver":{"x":12,"y":0,"z":102},"time_s":0.0654321,"uncertainty_s":0.001},\n' +
        '    {"shot":null,"trace":null,"phase":"S","source":{"x":-20,"y":0,"z":101.5},' +
        '"receiver":{"x":16,"y":0,"z":102.25},"time_s":0.12,"uncertainty_s":null}\n' +
        '  ]\n' +
        '}\n',
    );
    expect(PicksJsonSchema.safeParse(JSON.parse(text)).success).toBe(true);
    expect(writePicksJson([])).toContain('"picks": []\n');
  });

  it('round-trips any table exactly (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(anyPick, { maxLength: 10 }), (table) => {
        expect(readPicksJson(writePicksJson(table), 'x.json')).toEqual(table);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(pickTable({ topography: true, crossline: true, phases: 'PS' }), (table) => {
        expect(readPicksJson(writePicksJson(table), 'x.json')).toEqual(table);
      }),
      { numRuns: 100 },
    );
  });

  it('reads a hand-made file: identifiers and uncertainty may be left out', () => {
    const text =
      '\ufeff{"format":"pickline-picks","version":1,"units":{"length":"m","time":"s"},"picks":[' +
      '{"phase":"P","source":{"x":0,"y":0,"z":0},"receiver":{"x":4,"y":0,"z":0},"time_s":0.01}]}';
    expect(readPicksJson(text, 'hand.json')).toEqual([
      {
        source: { x: 0, y: 0, z: 0 },
        receiver: { x: 4, y: 0, z: 0 },
        phase: 'P',
        time: 0.01,
        uncertainty: null,
        shot: null,
        trace: null,
      },
    ]);
  });

  const lines = writePicksJson(example).split('\n');
  const edit = (line: number, from: string, to: string) =>
    lines.map((l, i) => (i === line - 1 ? l.replace(from, to) : l)).join('\n');

  it.each([
    [
      'a syntax error',
      edit(6, '"time_s":0.0654321', '"time_s":0.0654321,,'),
      /x.json, line 6: not valid JSON/,
    ],
    [
      'a wrong type',
      edit(7, '"time_s":0.12', '"time_s":"0.12"'),
      /line 7: picks\[1\]\.time_s: .*expected number/,
    ],
    ['a misspelt key', edit(6, '"time_s"', '"time"'), /line 6: picks\[0\]/],
    ['a negative uncertainty', edit(6, '0.001}', '-0.001}'), /line 6: picks\[0\]\.uncertainty_s: /],
    ['a bad phase', edit(7, '"S"', '"SV"'), /line 7: picks\[1\]\.phase: /],
    ['a bad trace', edit(6, '"trace":3', '"trace":1.5'), /line 6: picks\[0\]\.trace: /],
    ['another format', edit(2, 'pickline-picks', 'other'), /line 2: format: /],
    [
      'no picks list',
      '{"format":"pickline-picks","version":1,"units":{"length":"m","time":"s"}}',
      /line 1: picks: /,
    ],
    ['not an object', '[1, 2]', /line 1: the document: /],
  ])('rejects %s naming the file and the line', (_, text, message) => {
    expect(() => readPicksJson(text, 'x.json')).toThrow(message);
    expect(() => readPicksJson(text, 'x.json')).toThrow(PickFileError);
  });
});
