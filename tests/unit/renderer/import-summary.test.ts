import { describe, expect, it } from 'vitest';
import type { ImportFileReport, ImportReport } from '../../../src-main/api/contract';
import {
  fileLine,
  geometryLines,
  importHeadline,
  pickImportLines,
} from '../../../src-renderer/src/lib/import-summary';
import { unusedRowsLine } from '../../../src-main/services/unused-rows-line';

const file = (over: Partial<ImportFileReport>): ImportFileReport => ({
  file: '/data/line7/2001.dat',
  status: 'imported',
  format: 'seg2',
  shots: 1,
  traces: 24,
  newStations: 24,
  startTime: [0, 0],
  sampleInterval: [0.000125, 0.000125],
  positions: { receiversFromHeader: 24, receiversOverridden: 0, receiversMissing: 0 },
  notes: [],
  error: null,
  ...over,
});

describe('import results in plain words', () => {
  it('say what came in, by file name, and why a file did not', () => {
    const report: ImportReport = {
      files: [
        file({}),
        file({ file: '/data/line7/2002.dat', newStations: 0 }),
        file({
          file: '/data/line7/notes.txt',
          status: 'failed',
          error: '/data/line7/notes.txt: not a seismic file this version reads',
        }),
      ],
      imported: 2,
      unchanged: 0,
      failed: 1,
      unusedGeometryRows: ['/data/geom.csv:3', '/data/geom.csv:4'],
      geometryFiles: [
        {
          file: '/data/geometry.csv',
          format: 'formikoj',
          sources: 116,
          receivers: 96,
          elevations: 0,
        },
      ],
      outsideElevationProfile: 0,
    };
    expect(importHeadline(report)).toBe(
      '2 files imported: 2 shots, 48 traces, 24 new receiver positions; 1 could not be imported.',
    );
    expect(report.files.map(fileLine)).toEqual([
      "2001.dat: 1 shot, 24 traces (seg2); 24 from the file's headers",
      "2002.dat: 1 shot, 24 traces (seg2); 24 from the file's headers",
      'notes.txt: not imported, not a seismic file this version reads',
    ]);
    expect(geometryLines(report)).toEqual([
      "geometry.csv read as formikoj's geometry.csv: 116 source positions, 96 receiver positions",
    ]);
    expect(unusedRowsLine(report.unusedGeometryRows)).toBe(
      '2 geometry rows matched no shot or channel: geom.csv lines 3-4',
    );
    expect(unusedRowsLine([])).toBeNull();
  });

  it('say how picks were matched and what the geometry gained', () => {
    expect(
      pickImportLines({
        file: '/x/l.sgt',
        format: 'sgt',
        read: 120,
        matched: 120,
        unmatched: [],
        superseded: 0,
        invalid: 0,
        timeOrigin: 'first-sample',
        matching: 'along-line',
        elevations: {
          receivers: 24,
          sources: 5,
          range: [99, 105.6],
          receiversWithout: 0,
          conflicts: 0,
        },
      }),
    ).toEqual([
      '120 of 120 picks matched a trace (sgt)',
      "times counted from each trace's first sample, stored from the shot",
      'matched along the line: the project had no elevations',
      'elevations taken into the geometry: 24 receiver positions and 5 source positions, 99 to 105.6 m',
    ]);
  });
});
