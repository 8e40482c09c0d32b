import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Project } from '../../../src-main/catalogue/project';
import { importFiles } from '../../../src-main/services/import-service';
import { importPicks } from '../../../src-main/services/pick-exchange';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';

const TOPOGRAPHY_SGT = testData(
  'refraction/refrapy-ex01-topography/field_example_01_topography.sgt',
);

/** The picks' traces with positions, in pick order. */
function landed(project: Project) {
  return project.db
    .prepare(
      `SELECT f.original_name AS file, t.trace_index, s.source_x, s.source_z, t.receiver_x,
         t.receiver_z, p.time
       FROM picks p JOIN traces t ON p.trace_id = t.id JOIN shots s ON t.shot_id = s.id
       JOIN raw_files f ON s.raw_file_id = f.id WHERE p.deleted = 0 ORDER BY p.id`,
    )
    .all() as {
    file: string;
    trace_index: number;
    source_x: number;
    source_z: number;
    receiver_x: number;
    receiver_z: number;
    time: number;
  }[];
}

describe('picks of a line with topography onto SEG-2 files without elevations', () => {
  const data = testData('refraction/refrapy-ex01/data');
  const project = () => {
    const p = Project.create(path.join(tmpDir(), 'line'));
    importFiles(
      p,
      fs.readdirSync(data).map((f) => path.join(data, f)),
    );
    return p;
  };

  it('match along the line and bring the elevations into the geometry', () => {
    const line = project();
    const result = importPicks(line, TOPOGRAPHY_SGT);
    expect(result).toMatchObject({
      read: 120,
      matched: 120,
      unmatched: [],
      matching: 'along-line',
      elevations: { receivers: 24, sources: 5, receiversWithout: 0, conflicts: 0 },
    });
    expect(result.elevations!.range).toEqual([99, 105.6]);
    // Each pick on the trace of its position along the line, with the file's elevation.
    const expected = (x: number) =>
      Math.round((100 + 0.05 * x - 1.5 * Math.exp(-(((x - 50) / 15) ** 2))) * 100) / 100;
    for (const r of landed(line)) {
      expect(r.receiver_z).toBeCloseTo(expected(r.receiver_x), 9);
      expect(r.source_z).toBeCloseTo(expected(r.source_x), 9);
    }
    // Stations (one per receiver position) carry them too, and nothing is left at 0.
    const flat = line.db.prepare('SELECT COUNT(*) AS n FROM stations WHERE z = 0').get();
    expect(flat).toEqual({ n: 0 });
    const stations = line.db.prepare('SELECT COUNT(*) AS n FROM stations').get();
    expect(stations).toEqual({ n: 24 });

    // Now the project has elevations: the same file matches by position, all three axes.
    expect(importPicks(line, TOPOGRAPHY_SGT)).toMatchObject({
      matched: 120,
      matching: 'position',
      elevations: null,
    });
    line.close();
  });

  it('a flat file on a flat project matches by position and changes no elevation', () => {
    const line = project();
    const result = importPicks(
      line,
      testData('refraction/refrapy-ex01/picks/field_example_01.sgt'),
    );
    expect(result).toMatchObject({ matched: 120, matching: 'position', elevations: null });
    expect(line.db.prepare('SELECT COUNT(*) AS n FROM traces WHERE receiver_z != 0').get()).toEqual(
      { n: 0 },
    );
    line.close();
  });

  it('a file whose elevations disagree with the project’s matches nothing and says why', () => {
    const line = project();
    importPicks(line, TOPOGRAPHY_SGT);
    const shifted = path.join(tmpDir(), 'shifted.sgt');
    const text = fs.readFileSync(TOPOGRAPHY_SGT, 'utf8').split('\n');
    // Every elevation 2 m higher: another datum.
    fs.writeFileSync(
      shifted,
      text
        .map((l, i) => {
          if (i < 2 || i >= 31) return l;
          const [x, z] = l.split(' ');
          return `${x} ${(Number(z) + 2).toFixed(2)}`;
        })
        .join('\n'),
    );
    const result = importPicks(line, shifted);
    expect(result.matched).toBe(0);
    expect(result.unmatched).toEqual([
      { reason: 'no trace with that source and receiver position (within 0.01 m)', count: 120 },
    ]);
    line.close();
  });
});
