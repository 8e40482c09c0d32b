import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Project } from '../../../src-main/catalogue/project';
import { readPicksCsv } from '../../../src-main/export/picks-csv';
import { importFiles } from '../../../src-main/services/import-service';
import { importPicks } from '../../../src-main/services/pick-exchange';
import { sharedData } from '../../helpers/shared-data';
import { tmpDir } from '../../helpers/tmp';

const TOPOGRAPHY_SGT = path.resolve(
  __dirname,
  '../../data/refrapy-ex01-topography/field_example_01_topography.sgt',
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
  const data = sharedData('refraction/refrapy-ex01/data');
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
      sharedData('refraction/refrapy-ex01/picks/field_example_01.sgt'),
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

describe('formikoj soda lakes: geometry.csv and the .pck that counts from the first sample', () => {
  it('imports 10,935 picks at the positions of geometry.csv and at the times after the shot', () => {
    const folder = sharedData('refraction/formikoj-soda-lakes');
    const files = fs
      .readdirSync(path.join(folder, 'data'))
      .filter((f) => f.endsWith('.sg2'))
      .map((f) => path.join(folder, 'data', f));
    expect(files).toHaveLength(116);
    const project = Project.create(path.join(tmpDir(), 'soda'));
    const imported = importFiles(project, files, {
      geometry: [path.join(folder, 'geometry.csv')],
    });
    expect(imported).toMatchObject({ imported: 116, failed: 0, unusedGeometryRows: [] });
    expect(imported.geometryFiles).toEqual([
      {
        file: path.join(folder, 'geometry.csv'),
        format: 'formikoj',
        sources: 116,
        receivers: 96,
        elevations: 0,
      },
    ]);

    const pck = path.join(folder, 'picks/picks_20220714T104939.pck');
    const result = importPicks(project, pck, { timeOrigin: 'first-sample' });
    expect(result).toMatchObject({
      format: 'sgt',
      read: 10_935,
      matched: 10_935,
      unmatched: [],
      invalid: 0,
      matching: 'position',
      timeOrigin: 'first-sample',
    });

    // The README's own conversion (picks.csv: file, trace, time after the shot) agrees with
    // every pick, to the .pck's 10 ns.
    const reference = readPicksCsv(
      fs.readFileSync(path.join(folder, 'picks.csv'), 'utf8'),
      'picks.csv',
    );
    const byKey = new Map(reference.map((r) => [`${r.file}:${r.trace}`, r.time!]));
    const picks = landed(project);
    expect(picks).toHaveLength(10_935);
    let largest = 0;
    for (const p of picks) {
      const time = byKey.get(`${p.file}:${p.trace_index}`);
      expect(time, `${p.file} trace ${p.trace_index}`).toBeDefined();
      largest = Math.max(largest, Math.abs(p.time - time!));
    }
    expect(largest).toBeLessThan(1e-8);

    // Positions are geometry.csv's: shot 1052 stands on receiver 52, and an off-spread shot
    // (1100, station 100) is where row 100 puts it.
    const rows = fs
      .readFileSync(path.join(folder, 'geometry.csv'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => l.split(',').map(Number));
    const at = (file: string, trace: number) =>
      picks.find((p) => p.file === file && p.trace_index === trace)!;
    expect(at('Shot_01052.sg2', 51).source_x).toBeCloseTo(rows[51]![0]!, 3);
    expect(at('Shot_01052.sg2', 51).receiver_x).toBeCloseTo(rows[51]![0]!, 3);
    expect(at('Shot_01100.sg2', 10).source_x).toBeCloseTo(rows[99]![0]!, 3);
    expect(at('Shot_01100.sg2', 10).receiver_x).toBeCloseTo(rows[10]![0]!, 3);

    // Without the time origin the same file lands 10 ms late: what the option is for.
    const late = importPicks(project, pck);
    expect(late.matched).toBe(10_935);
    const shifted = landed(project);
    expect(shifted[0]!.time - picks[0]!.time).toBeCloseTo(0.01, 9);
    project.close();
  });
});
