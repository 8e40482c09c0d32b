import { describe, expect, it } from 'vitest';
import { unusedRowsLine } from '../../../src-main/services/unused-rows-line';

describe('the line about geometry rows that matched nothing', () => {
  it('counts them and gives their lines per file, runs as ranges in numeric order', () => {
    // formikoj's geometry.csv (116 rows) with shots 1001-1019 imported, listed as the
    // services give them (sorted as text).
    const rows = Array.from({ length: 97 }, (_, i) => `/data/geometry.csv:${i + 20}`).sort();
    expect(unusedRowsLine(rows)).toBe(
      '97 geometry rows matched no shot or channel: geometry.csv lines 20-116',
    );
    expect(unusedRowsLine(['/a/g.csv:9', 'C:\\b\\h.csv:2', '/a/g.csv:3', '/a/g.csv:4'])).toBe(
      '4 geometry rows matched no shot or channel: g.csv lines 3-4, 9; h.csv line 2',
    );
  });

  it('shows eight ranges a file and counts the rest', () => {
    const rows = Array.from({ length: 12 }, (_, i) => `/g.csv:${2 * i + 1}`);
    expect(unusedRowsLine(rows)).toBe(
      '12 geometry rows matched no shot or channel: g.csv lines 1, 3, 5, 7, 9, 11, 13, 15 and 4 more',
    );
    expect(unusedRowsLine([])).toBeNull();
  });
});
