import { describe, expect, it } from 'vitest';
import type { Position, Trace } from '../../../src-main/formats/record';
import { groupComponents } from '../../../src-main/picking/group';

function trace(
  component: string,
  extra: {
    receiver?: Position;
    headers?: Trace['headers'];
    sampleInterval?: number;
    startTime?: number;
  } = {},
): Trace {
  return {
    samples: new Float32Array(10),
    sampleInterval: extra.sampleInterval ?? 0.01,
    startTime: extra.startTime ?? 0,
    component,
    channel: 1,
    receiver: extra.receiver ?? null,
    source: null,
    receiverFrom: extra.receiver ? 'header' : 'none',
    sourceFrom: 'none',
    headers: extra.headers ?? {},
  };
}

const station = (sta: string, channel: string) => ({
  headers: { NETWORK: 'NC', STATION: sta, LOCATION: '', CHANNEL: channel },
});

describe('groupComponents', () => {
  it('groups E, N, Z of an npz window (no positions, no station) into one receiver', () => {
    expect(groupComponents([trace('E'), trace('N'), trace('Z')])).toEqual([[0, 1, 2]]);
  });

  it('starts a new receiver when a component repeats (E,N,Z,E,N,Z)', () => {
    const traces = ['E', 'N', 'Z', 'E', 'N', 'Z'].map((c) => trace(c));
    expect(groupComponents(traces)).toEqual([
      [0, 1, 2],
      [3, 4, 5],
    ]);
  });

  it('keeps unknown and other components as receivers of their own', () => {
    const traces = [trace(''), trace(''), trace('X'), trace('Z')];
    expect(groupComponents(traces)).toEqual([[0], [1], [2], [3]]);
  });

  it('groups by receiver position, in any trace order', () => {
    const a = { x: 0, y: 0, z: 0 };
    const b = { x: 4, y: 0, z: 0 };
    const traces = [
      trace('Z', { receiver: a }),
      trace('Z', { receiver: b }),
      trace('N', { receiver: a }),
      trace('N', { receiver: b }),
    ];
    expect(groupComponents(traces)).toEqual([
      [0, 2],
      [1, 3],
    ]);
  });

  it('groups miniSEED streams by station and instrument, not across them', () => {
    const traces = [
      trace('E', station('AAA', 'HHE')),
      trace('E', station('AAA', 'HNE')),
      trace('N', station('AAA', 'HHN')),
      trace('Z', station('BBB', 'HHZ')),
      trace('Z', station('AAA', 'HHZ')),
    ];
    expect(groupComponents(traces)).toEqual([[0, 2, 4], [1], [3]]);
  });

  it('joins components only on the same clock (interval, start within half a sample)', () => {
    expect(groupComponents([trace('E'), trace('N', { startTime: 0.004 })])).toEqual([[0, 1]]);
    expect(groupComponents([trace('E'), trace('N', { startTime: 0.006 })])).toEqual([[0], [1]]);
    expect(groupComponents([trace('E'), trace('N', { sampleInterval: 0.02 })])).toEqual([[0], [1]]);
  });
});
