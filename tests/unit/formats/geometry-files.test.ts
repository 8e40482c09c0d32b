import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { elevationAt, readElevationProfile } from '../../../src-main/formats/elevation-profile';
import { FormatError } from '../../../src-main/formats/errors';
import { applyGeometry } from '../../../src-main/formats/geometry';
import { geometryFormat, parseGeometryFile } from '../../../src-main/formats/geometry-files';
import type { SeismicFile, Trace } from '../../../src-main/formats/record';

const DATA = path.resolve(__dirname, '../../data');
const FORMIKOJ = path.join(DATA, 'refraction/formikoj-soda-lakes/geometry.csv');

function trace(channel: number, receiver: Trace['receiver'], source: Trace['source']): Trace {
  return {
    samples: new Float32Array(4),
    sampleInterval: 0.001,
    startTime: 0,
    component: 'Z',
    channel,
    receiver,
    source,
    receiverFrom: receiver ? 'header' : 'none',
    sourceFrom: source ? 'header' : 'none',
    headers: {},
  };
}

/** One record `id` with `channels` traces, receivers at 4 m spacing from 0 when `positions`. */
function shotFile(id: string, channels: number, positions = false): SeismicFile {
  return {
    format: 'seg2',
    file: `/field/${id}.sg2`,
    byteOrder: 'little',
    records: [
      {
        id,
        traces: Array.from({ length: channels }, (_, k) =>
          trace(
            k + 1,
            positions ? { x: 4 * k, y: 0, z: 0 } : null,
            positions ? { x: -4, y: 0, z: 0 } : null,
          ),
        ),
        headers: {},
        startDate: null,
        picks: [],
      },
    ],
    notes: [],
  };
}

describe('geometryFormat', () => {
  it('tells the layouts apart by name and content', () => {
    const csv = 'channel,receiver_x,receiver_z\n1,0,0\n';
    expect(geometryFormat(csv, 'g.csv')).toBe('csv');
    expect(geometryFormat(fs.readFileSync(FORMIKOJ, 'utf8'), FORMIKOJ)).toBe('formikoj');
    expect(geometryFormat('1 0 0 0\n', '/a/shots.geo')).toBe('pyrefra-shots');
    expect(geometryFormat('1 0 0 0 Z\n', 'C:\\a\\Receivers.geo')).toBe('pyrefra-receivers');
    expect(geometryFormat('0 100\n4 101\n', 'topo.txt')).toBe('topography');
    expect(geometryFormat('x elevation\n0 100\n4 101\n', 'topo.txt')).toBe('topography');
    expect(geometryFormat('500000 4000000 100\n500004 4000000 101\n', 'gps.txt')).toBe('gps');
    expect(() => geometryFormat('1 0 0 0\n', 'line.geo')).toThrow(/shots.geo or receivers.geo/);
    expect(() => geometryFormat('\n# only a comment\n', 'g.csv')).toThrow(FormatError);
  });
});

describe("formikoj's geometry.csv", () => {
  const g = parseGeometryFile(fs.readFileSync(FORMIKOJ, 'utf8'), FORMIKOJ);

  it('reads 116 sources keyed by shot file number and 96 receivers keyed by channel', () => {
    expect(g.format).toBe('formikoj');
    expect(g.sources).toHaveLength(116);
    expect(g.sources[0]).toEqual({
      shot: '1001',
      file: null,
      line: 1,
      position: { x: 40336.0566315087, y: 292470.692445867, z: 0 },
    });
    // Shot 1097 is station 97, the first off the spread (geophone flag 0).
    expect(g.sources.find((s) => s.shot === '1097')!.position.x).toBeCloseTo(40305.228161779, 9);
    // A fixed spread: channel n is receiver n, for every shot.
    expect(g.receivers).toHaveLength(96);
    expect(g.receivers.every((r) => r.shot === null)).toBe(true);
    expect(g.receivers[95]).toMatchObject({ channel: 96, line: 96 });
    // Shots 1001–1096 stand on the receiver of their number.
    expect(g.sources[51]!.position).toEqual(g.receivers[51]!.position);
  });

  it('puts shot 1052 and its receivers where the file says', () => {
    const applied = applyGeometry(shotFile('1052', 96), g).file.records[0]!;
    expect(applied.traces[0]!.source).toEqual(g.sources[51]!.position);
    expect(applied.traces[51]!.receiver).toEqual(applied.traces[0]!.source);
    expect(applied.traces.every((t) => t.receiverFrom === 'override')).toBe(true);
  });

  it('gives each shot its own receivers on a roll-along line', () => {
    // Three receivers; shot 2 records receivers 2 and 3 on its channels 1 and 2.
    const text = '0,0,0,1,1,1,2\n2,0,0,1,2,2,2\n4,0,0,1,0,1,2\n';
    const roll = parseGeometryFile(text, 'roll.csv');
    expect(roll.receivers).toEqual([
      { channel: 1, shot: '1', file: null, line: 1, position: { x: 0, y: 0, z: 0 } },
      { channel: 2, shot: '1', file: null, line: 2, position: { x: 2, y: 0, z: 0 } },
      { channel: 1, shot: '2', file: null, line: 2, position: { x: 2, y: 0, z: 0 } },
      { channel: 2, shot: '2', file: null, line: 3, position: { x: 4, y: 0, z: 0 } },
    ]);
    expect(() => parseGeometryFile('0,0,0,1,1,1,3\n2,0,0,1,0,1,2\n', 'bad.csv')).toThrow(
      /line 1: shot 1 records receivers 1 to 3, the file has 2/,
    );
    expect(() => parseGeometryFile('0,0,0,0,1,1,3\n', 'none.csv')).toThrow(/no receivers/);
  });
});

describe("PyRefra's shots.geo and receivers.geo", () => {
  it('give sources by shot point and receivers by channel, Z down', () => {
    const shots = parseGeometryFile('1 -4 0 -100.5\n2 46 0 -101\n', 'x/shots.geo');
    expect(shots.sources).toEqual([
      { shot: '1', file: null, line: 1, position: { x: -4, y: 0, z: 100.5 } },
      { shot: '2', file: null, line: 2, position: { x: 46, y: 0, z: 101 } },
    ]);
    const receivers = parseGeometryFile('1 0 0 -99 Z\n2 4 0 -99.5 Z\n', 'x/receivers.geo');
    const applied = applyGeometry(shotFile('0002', 2), [shots, receivers]).file.records[0]!;
    expect(applied.traces[1]!.receiver).toEqual({ x: 4, y: 0, z: 99.5 });
    expect(applied.traces[0]!.source).toEqual({ x: 46, y: 0, z: 101 });
  });
});

describe('topography and GPS files (Refrapy)', () => {
  it('interpolate elevations along the line and leave positions beyond the ends alone', () => {
    const topo = parseGeometryFile('# x z\n0 100\n8 102\n40, 110\n', 'topo.txt');
    expect(topo.format).toBe('topography');
    const { file, report } = applyGeometry(shotFile('1', 12, true), topo);
    const z = file.records[0]!.traces.map((t) => t.receiver!.z);
    // 0, 4, 8 … 40 m inside the profile; 44 m is beyond it and stays at 0.
    expect(z.slice(0, 4)).toEqual([100, 101, 102, 103]);
    expect(z[10]).toBe(110);
    expect(z[11]).toBe(0);
    expect(file.records[0]!.traces[11]!.receiverFrom).toBe('header');
    // The source at −4 m is before the profile: its elevation stays too, counted once.
    expect(file.records[0]!.traces[0]!.source!.z).toBe(0);
    expect(report.outsideProfile).toBe(2);
  });

  it('turn GPS points into distance along the line from the first point', () => {
    const profile = readElevationProfile('100 200 10\n103 204 12\n106 208 11\n', 'gps.txt');
    expect(profile.format).toBe('gps');
    expect(profile.points.map((p) => [p.x, p.z])).toEqual([
      [0, 10],
      [5, 12],
      [10, 11],
    ]);
    expect(elevationAt(profile, 2.5)).toBe(11);
    expect(elevationAt(profile, 10.5)).toBeNull();
  });

  it('refuse what is not a profile, naming the line', () => {
    expect(() => readElevationProfile('0 100\n4 x1\n', 't.txt')).toThrow(/line 2: 'x1'/);
    expect(() => readElevationProfile('0 100 1 2\n', 't.txt')).toThrow(/at least two points/);
    expect(() => readElevationProfile('0 100\n4 101 3\n', 't.txt')).toThrow(
      /line 2: 3 values, the first row has 2/,
    );
    expect(() => readElevationProfile('0 100\n0 101\n', 't.txt')).toThrow(
      /lines 1 and 2 give two elevations at x = 0/,
    );
  });
});
