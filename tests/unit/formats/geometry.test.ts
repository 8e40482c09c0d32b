import { describe, expect, it } from 'vitest';
import { FormatError } from '../../../src-main/formats/errors';
import { applyGeometry, parseGeometryCsv } from '../../../src-main/formats/geometry';
import type { SeismicFile, Trace } from '../../../src-main/formats/record';

function trace(channel: number, receiver: Trace['receiver'] = null): Trace {
  return {
    samples: new Float32Array(4),
    sampleInterval: 0.001,
    startTime: 0,
    component: 'Z',
    channel,
    receiver,
    source: null,
    receiverFrom: receiver ? 'header' : 'none',
    sourceFrom: 'none',
    headers: {},
  };
}

/** Two shots (ids 7 and 8) of three channels; channel 1 has a header position. */
function line(): SeismicFile {
  const record = (id: string) => ({
    id,
    traces: [trace(1, { x: 1, y: 1, z: 1 }), trace(2), trace(3)],
    headers: {},
    startDate: null,
    picks: [],
  });
  return {
    format: 'seg2',
    file: '/field/shots/2001.dat',
    byteOrder: 'little',
    records: [record('7'), record('8')],
    notes: [],
  };
}

const parse = (text: string) => parseGeometryCsv(text, 'geom.csv');

describe('parseGeometryCsv', () => {
  it('reads receivers, sources, y optional, any case, comments and blank lines', () => {
    const g = parse(
      '# line 1\nChannel,Receiver_X,receiver_z\n1,0,100.5\n\n2,4,100\nremark\n'.replace(
        'remark\n',
        '',
      ),
    );
    expect(g.receivers).toEqual([
      { channel: 1, shot: null, file: null, line: 3, position: { x: 0, y: 0, z: 100.5 } },
      { channel: 2, shot: null, file: null, line: 5, position: { x: 4, y: 0, z: 100 } },
    ]);
    const s = parse('shot;source_x;source_y;source_z;note\n7;-2;0.5;99\n');
    expect(s.sources).toEqual([
      { shot: '7', file: null, line: 2, position: { x: -2, y: 0.5, z: 99 } },
    ]);
    expect(s.ignoredColumns).toEqual(['note']);
  });

  it('reads both kinds from one tab-separated file, rows leaving a kind out', () => {
    const g = parse(
      'shot\tsource_x\tsource_z\tchannel\treceiver_x\treceiver_z\n7\t0\t10\t\t\t\n\t\t\t3\t8\t9\n',
    );
    expect(g.sources).toHaveLength(1);
    expect(g.receivers).toEqual([
      { channel: 3, shot: null, file: null, line: 3, position: { x: 8, y: 0, z: 9 } },
    ]);
  });

  it.each([
    ['', /^geom\.csv: no header row$/],
    [
      'a,b\n1,2\n',
      /^geom\.csv: line 1: no source_x\/source_z or receiver_x\/receiver_z columns \(found: a, b\)/,
    ],
    ['channel,receiver_x\n1,2\n', /^geom\.csv: line 1: column 'receiver_z' is missing/],
    ['source_x,source_z\n1,2\n', /line 1: source positions need a 'shot' or 'file' column/],
    ['receiver_x,receiver_z\n1,2\n', /line 1: receiver positions need a 'channel' column/],
    ['channel,channel,receiver_x,receiver_z\n', /line 1: column 'channel' appears twice/],
    [
      'channel,receiver_x,receiver_z\n1,2,abc\n',
      /^geom\.csv: line 2, column receiver_z: 'abc' is not a number$/,
    ],
    ['channel,receiver_x,receiver_z\n1,2\n', /^geom\.csv: line 2, column receiver_z: empty$/],
    [
      'channel,receiver_x,receiver_z\n1.5,2,3\n',
      /line 2, column channel: '1.5' is not a channel number/,
    ],
    ['shot,source_x,source_z\n,1,2\n', /line 2, column shot: a source row needs a shot or file/],
    [
      'channel,receiver_x,receiver_z\n1,0,0\n\n1,2,3\n',
      /^geom\.csv: line 4: receiver 1 is already given on line 2$/,
    ],
  ])('refuses %j naming file, line and column', (text, message) => {
    expect(() => parse(text)).toThrow(FormatError);
    expect(() => parse(text)).toThrow(message);
  });
});

describe('applyGeometry', () => {
  it('replaces positions, marks them override, reports header/override/none, leaves the input alone', () => {
    const input = line();
    const overrides = parse('channel,receiver_x,receiver_z\n2,4,99\n9,40,90\n');
    const { file, report } = applyGeometry(input, overrides);
    const [r7] = file.records;
    expect(r7!.traces.map((t) => [t.receiver, t.receiverFrom])).toEqual([
      [{ x: 1, y: 1, z: 1 }, 'header'],
      [{ x: 4, y: 0, z: 99 }, 'override'],
      [null, 'none'],
    ]);
    expect(report.traces.filter((t) => t.record === '7')).toEqual([
      { record: '7', trace: 0, channel: 1, receiver: 'header', source: 'none' },
      { record: '7', trace: 1, channel: 2, receiver: 'override', source: 'none' },
      { record: '7', trace: 2, channel: 3, receiver: 'none', source: 'none' },
    ]);
    expect(report.unused).toEqual([{ csv: 'geom.csv', line: 3 }]);
    expect(input.records[0]!.traces[1]!.receiverFrom).toBe('none');
    expect(r7!.traces[1]!.samples).toBe(input.records[0]!.traces[1]!.samples);
  });

  it('matches sources by shot number ("07" is 7) or by file name', () => {
    const { file } = applyGeometry(line(), parse('shot,source_x,source_z\n07,-2,100\n'));
    expect(file.records.map((r) => r.traces[0]!.sourceFrom)).toEqual(['override', 'none']);
    expect(file.records[0]!.traces[2]!.source).toEqual({ x: -2, y: 0, z: 100 });
    const byFile = applyGeometry(
      line(),
      parse('file,source_x,source_z\n2001.dat,5,6\n2002.dat,7,8\n'),
    );
    expect(byFile.file.records.every((r) => r.traces.every((t) => t.source?.x === 5))).toBe(true);
    expect(byFile.report.unused).toEqual([{ csv: 'geom.csv', line: 3 }]);
  });

  it('lets a row for one shot win over a row for every shot, and a later CSV over an earlier one', () => {
    const all = parse('channel,receiver_x,receiver_z\n3,30,0\n');
    const one = parse('shot,channel,receiver_x,receiver_z\n8,3,31,0\n');
    const { file } = applyGeometry(line(), [one, all]);
    expect(file.records.map((r) => r.traces[2]!.receiver!.x)).toEqual([30, 31]);
    const later = parseGeometryCsv('channel,receiver_x,receiver_z\n3,99,0\n', 'fix.csv');
    expect(applyGeometry(line(), [all, later]).file.records[0]!.traces[2]!.receiver!.x).toBe(99);
  });
});
