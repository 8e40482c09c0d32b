import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PICK_COLUMNS,
  readPicksCsv,
  writePicksCsv,
  type PickRow,
} from '../../../src-main/export/picks-csv';

const num = fc.option(
  fc.double({ noNaN: true, noDefaultInfinity: true }).filter((v) => !Object.is(v, -0)),
  { nil: null },
);
const row: fc.Arbitrary<PickRow> = fc.record({
  file: fc.string({ minLength: 1, unit: 'binary' }),
  trace: fc.nat(),
  channel: fc.option(fc.integer(), { nil: null }),
  shot: fc.string({ unit: 'binary' }),
  sourceX: num,
  receiverX: num,
  offsetM: num,
  phase: fc.constantFrom('P' as const, 'S' as const),
  time: num,
  probability: num,
  uncertainty: num,
  method: fc.string({ unit: 'binary' }),
  status: fc.string({ unit: 'binary' }),
});

const pick = (over: Partial<PickRow> = {}): PickRow => ({
  file: '2001.dat',
  trace: 3,
  channel: 4,
  shot: '2001',
  sourceX: -20,
  receiverX: 12,
  offsetM: 32,
  phase: 'P',
  time: 0.0654321,
  probability: 0.87,
  uncertainty: 0.0012,
  method: 'phasenet',
  status: 'auto',
  ...over,
});

describe('picks CSV', () => {
  it('writes the header in the agreed order and quotes per RFC 4180', () => {
    const text = writePicksCsv([pick({ file: 'shot "A", 1.dat', method: 'sta/lta\nv2' })]);
    expect(text.split('\r\n')[0]).toBe(
      'file,trace,channel,shot,source_x,receiver_x,offset_m,phase,time_s,probability,uncertainty_s,method,status',
    );
    expect(PICK_COLUMNS.join(',')).toBe(text.split('\r\n')[0]);
    expect(text).toContain(
      '"shot ""A"", 1.dat",3,4,2001,-20,12,32,P,0.0654321,0.87,0.0012,"sta/lta\nv2",auto\r\n',
    );
  });

  it('round-trips any rows exactly (fast-check)', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), (rows) => {
        const back = readPicksCsv(writePicksCsv(rows), 'x.csv').map(({ line: _, ...r }) => r);
        expect(back).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps times to well below 1e-7 s', () => {
    const t = 12.345678912345678;
    expect(readPicksCsv(writePicksCsv([pick({ time: t })]), 'x.csv')[0]!.time).toBe(t);
  });

  it('reads a minimal reference: four columns, any order, extra columns ignored, LF or CRLF', () => {
    const text = '\ufeffphase,time_s,note,trace,file\nP,0.05,ok,0,a.dat\r\nS,,none,1,"b,c.dat"\n\n';
    expect(readPicksCsv(text, 'ref.csv')).toEqual([
      expect.objectContaining({
        line: 2,
        file: 'a.dat',
        trace: 0,
        phase: 'P',
        time: 0.05,
        channel: null,
        method: '',
      }),
      expect.objectContaining({ line: 3, file: 'b,c.dat', trace: 1, phase: 'S', time: null }),
    ]);
  });

  it.each([
    ['', /ref.csv, line 1: empty file/],
    ['file,trace,phase\n', /ref.csv, line 1: missing column time_s/],
    ['file,trace,phase,time_s,trace\n', /line 1: column trace appears twice/],
    ['file,trace,phase,time_s\na,0,P,0.1\na,1,P\n', /ref.csv, line 3: 3 fields, the header has 4/],
    ['file,trace,phase,time_s\na,0,P,0x10\n', /line 2: time_s is not a number: "0x10"/],
    ['file,trace,phase,time_s\na,-1,P,1\n', /line 2: trace must be an integer ≥ 0/],
    ['file,trace,phase,time_s\na,1,p,1\n', /line 2: phase must be P or S, got "p"/],
    ['file,trace,phase,time_s\n"a\nb",1,P,1\nc,x,P,1\n', /line 4: trace is not a number/],
    ['file,trace,phase,time_s\n"a,1,P,1\n', /line 2: a quoted field is never closed/],
    ['file,trace,phase,time_s\n"a"b,1,P,1\n', /line 2: text after a closing quote/],
  ])('rejects %j naming the file and line', (text, message) => {
    expect(() => readPicksCsv(text, 'ref.csv')).toThrow(message);
  });

  it('refuses to write what it could not read back', () => {
    expect(() => writePicksCsv([pick({ time: Number.NaN })])).toThrow(
      /time_s must be a finite number/,
    );
    expect(() => writePicksCsv([pick({ trace: 1.5 })])).toThrow(/trace/);
  });
});
