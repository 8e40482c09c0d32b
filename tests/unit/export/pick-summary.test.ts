import { describe, expect, it } from 'vitest';
import type { Pick } from '../../../src-main/export/pick-table';
import { summarizePicks } from '../../../src-main/export/pick-summary';

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

describe('pick summary', () => {
  it('gives one paragraph per shot with counts, time and offset ranges and uncertainty', () => {
    const table = [
      pick({ shot: '2001', source: at(-20), receiver: at(0), time: 0.054426, uncertainty: 0.001 }),
      pick({
        shot: '2001',
        source: at(-20),
        receiver: at(4, 3),
        time: 0.0553504,
        uncertainty: 0.002,
      }),
      pick({ shot: '2001', source: at(-20), receiver: at(8), time: 0.0575 }),
      pick({ shot: '2001', source: at(-20), receiver: at(8), phase: 'S', time: 0.1 }),
      pick({ source: at(46), receiver: at(44), time: 0.0031, uncertainty: 0.0005 }),
      // The same name at another place is another gather.
      pick({ shot: '2001', source: at(96), receiver: at(92), time: 0.004 }),
    ];
    expect(summarizePicks(table)).toBe(
      [
        'Shot 2001: source at x -20, y 0, z 0 m',
        '  P: 3 picks, 54.43–57.5 ms, offsets 20–28 m, uncertainty median 1.5 ms (1 without)',
        '  S: 1 pick, 100 ms, offsets 28 m, no uncertainty',
        'Unnamed shot: source at x 46, y 0, z 0 m',
        '  P: 1 pick, 3.1 ms, offsets 2 m, uncertainty median 0.5 ms',
        '  S: no picks',
        'Shot 2001: source at x 96, y 0, z 0 m',
        '  P: 1 pick, 4 ms, offsets 4 m, no uncertainty',
        '  S: no picks',
        '3 shots, 5 P picks, 1 S picks',
        '',
      ].join('\n'),
    );
  });

  it('says so when there is nothing', () => {
    expect(summarizePicks([])).toBe('0 shots, 0 P picks, 0 S picks\n');
  });
});
