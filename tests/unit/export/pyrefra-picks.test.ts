import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PickFileError } from '../../../src-main/export/pick-file-error';
import { positionKey, type Pick } from '../../../src-main/export/pick-table';
import {
  pyRefraPickTable,
  readPyRefraGeometry,
  readPyRefraPicks,
  writePyRefra,
} from '../../../src-main/export/pyrefra-picks';
import { canonical, nameless, pickTable } from './pick-geometries';

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

function readBack(out: ReturnType<typeof writePyRefra>, phase: 'P' | 'S' = 'P') {
  return pyRefraPickTable(
    {
      picksFile: 'picks.dat',
      picks: readPyRefraPicks(out.picks, 'picks.dat'),
      shots: readPyRefraGeometry(out.shots, 'shots.geo'),
      receivers: readPyRefraGeometry(out.receivers, 'receivers.geo'),
    },
    phase,
  );
}

describe('PyRefra writer', () => {
  it('numbers shot and receiver points by position and writes t, t − error, t + error', () => {
    const table = [
      pick({ source: at(10, 101.5), receiver: at(12, 102), time: 0.0123, uncertainty: 0.0005 }),
      pick({ source: at(-2, 100), receiver: at(0, 100.25), time: 0.00612 }),
      pick({ source: at(-2, 100), receiver: at(12, 102), time: 0.03, uncertainty: 0.1 }),
      pick({ source: at(-2, 100), receiver: at(0, 100.25), phase: 'S', time: 0.02 }),
    ];
    const out = writePyRefra(table, { phase: 'P', defaultError: 0.0005 });
    expect(out.picks).toBe(
      '1 1 0.00612 0.00562 0.00662\n1 2 0.03 -0.07 0.13\n2 2 0.0123 0.0118 0.0128\n',
    );
    // Z is positive down in PyRefra's geometry files.
    expect(out.shots).toBe('1 -2 0 -100\n2 10 0 -101.5\n');
    expect(out.receivers).toBe('1 0 0 -100.25\n2 12 0 -102\n');
    expect(out.written).toBe(3);
  });

  it('needs a default error for picks without an uncertainty', () => {
    expect(() => writePyRefra([pick({})], { phase: 'P' })).toThrow(
      '1 of 1 P picks have no uncertainty: give a default error',
    );
  });
});

describe('PyRefra round trip (fast-check)', () => {
  it('gives back every position, time and uncertainty exactly, shots numbered by position', () => {
    fc.assert(
      fc.property(
        pickTable({ topography: true, crossline: true, phases: 'PS' }),
        fc.constantFrom('P' as const, 'S' as const),
        (table, phase) => {
          const out = writePyRefra(table, { phase, defaultError: 0.002 });
          const back = readBack(out, phase);
          const expected = table
            .filter((p) => p.phase === phase)
            .map((p) => nameless({ ...p, uncertainty: p.uncertainty ?? 0.002 }));
          expect(canonical(back.map(nameless))).toEqual(canonical(expected));
          // One shot-point number per source position.
          const numbers = new Map<string, string | null>();
          for (const p of back) {
            expect(numbers.get(positionKey(p.source)) ?? p.shot).toBe(p.shot);
            numbers.set(positionKey(p.source), p.shot);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('PyRefra readers', () => {
  it('reads picks.dat and the geometry files as PyRefra writes them', () => {
    const picks = readPyRefraPicks(
      '1 1 -0.00017 -0.00067 0.00033\n1 2 0.00612 0.00562 0.00662\r\n\n2 1 0.01229 0.01179 0.01279\n',
      'picks.dat',
    );
    expect(picks[1]).toEqual({
      line: 2,
      shot: 1,
      receiver: 2,
      time: 0.00612,
      tmin: 0.00562,
      tmax: 0.00662,
      uncertainty: 0.0005,
    });
    const shots = readPyRefraGeometry('1\t0.00\t0\t0.\n2\t1.92\t0\t-1.5\n', 'shots.geo');
    const receivers = readPyRefraGeometry('1 0 0 0 Z\n2 1 0 0.25 z\n', 'receivers.geo');
    expect(shots.map((s) => s.position)).toEqual([at(0), at(1.92, 1.5)]);
    expect(receivers.map((r) => r.position)).toEqual([at(0), at(1, -0.25)]);
    const table = pyRefraPickTable({ picksFile: 'picks.dat', picks, shots, receivers }, 'S');
    expect(table[2]).toEqual(
      pick({
        source: at(1.92, 1.5),
        receiver: at(0),
        phase: 'S',
        time: 0.01229,
        uncertainty: 0.0005,
        shot: '2',
      }),
    );
  });

  it.each([
    ['1 2 0.1 0.05\n', /picks.dat, line 1: 4 values, a picks.dat line has 5/],
    ['1 0 0.1 0.05 0.15\n', /line 1: the receiver-point number must be an integer ≥ 1, got 0/],
    ['\n1 2 0,1 0.05 0.15\n', /line 2: t is not a number: "0,1"/],
    ['1 2 0.1 0.15 0.05\n', /line 1: t = 0.1 is not within tmin 0.15 … tmax 0.05/],
  ])('rejects the picks file %j naming the line', (text, message) => {
    expect(() => readPyRefraPicks(text, 'picks.dat')).toThrow(message);
    expect(() => readPyRefraPicks(text, 'picks.dat')).toThrow(PickFileError);
  });

  it.each([
    ['1 0 0\n', /shots.geo, line 1: 3 values, a geometry line has 4/],
    ['1 0 0 0\n1 2 0 0\n', /line 2: point 1 is already on line 1/],
    ['1 0 0 x\n', /line 1: Z is not a number: "x"/],
  ])('rejects the geometry file %j naming the line', (text, message) => {
    expect(() => readPyRefraGeometry(text, 'shots.geo')).toThrow(message);
  });

  it('names the picks line whose point is missing from the geometry', () => {
    const files = {
      picksFile: 'picks.dat',
      picks: readPyRefraPicks('1 1 0.1 0.1 0.1\n3 1 0.1 0.1 0.1\n', 'picks.dat'),
      shots: readPyRefraGeometry('1 0 0 0\n', 'shots.geo'),
      receivers: readPyRefraGeometry('1 4 0 0\n', 'receivers.geo'),
    };
    expect(() => pyRefraPickTable(files)).toThrow(
      'picks.dat, line 2: shot point 3 is not in the shot geometry',
    );
    expect(() => pyRefraPickTable({ ...files, receivers: [] })).toThrow(
      'picks.dat, line 1: receiver point 1 is not in the receiver geometry',
    );
  });
});
