import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { Project } from '../../../src-main/catalogue/project';
import { listShots, travelTimes } from '../../../src-main/catalogue/queries';
import { importFiles } from '../../../src-main/services/import-service';
import { exportPicks, importPicks } from '../../../src-main/services/pick-exchange';
import { runQc } from '../../../src-main/services/qc-service';
import { invertProject } from '../../../src-main/services/section-service';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';

/**
 * A line in map coordinates is the same line: refrapy's (5 shots, 24 receivers at 4 m along
 * x) against the same shots with their positions turned 35° about a UTM-like point, as a GPS
 * would give them, both with the analyst's 120 picks (matched by position on the first, by
 * file and trace on the second).
 */
const DATA = testData('refraction/refrapy-ex01/data');
const files = () =>
  fs
    .readdirSync(DATA)
    .sort()
    .map((f) => path.join(DATA, f));
const SOURCES: Record<string, number> = { 2001: -20, 2002: -4, 2003: 46, 2004: 96, 2005: 112 };

/**
 * A geometry CSV placing x along the line at `degrees` from east; `bend`: receivers from 13 on
 * turned 90° more; `arc`: sources and receivers x along an arc of 150 m radius (a road's curve).
 */
function mapGeometry(degrees: number, bend = false, arc = false): string {
  const place = (x: number, turn = 0) => {
    const a = ((degrees + turn) * Math.PI) / 180;
    if (arc) {
      // From 46 m (the middle), the line turns left at 1/150 rad a metre.
      const [u, v] = [150 * Math.sin((x - 46) / 150), 150 * (1 - Math.cos((x - 46) / 150))];
      const [e, n] = [46 + u, v];
      const [c, s] = [Math.cos(a), Math.sin(a)];
      return `${(500_000 + e * c - n * s).toFixed(3)},${(4_000_000 + e * s + n * c).toFixed(3)}`;
    }
    return `${(500_000 + x * Math.cos(a)).toFixed(3)},${(4_000_000 + x * Math.sin(a)).toFixed(3)}`;
  };
  const rows = ['shot,channel,source_x,source_y,source_z,receiver_x,receiver_y,receiver_z'];
  for (const [shot, x] of Object.entries(SOURCES)) rows.push(`${shot},,${place(x)},0,,,`);
  for (let channel = 1; channel <= 24; channel++) {
    const x = 4 * (channel - 1);
    const at = bend && channel > 12 ? `${place(44)}`.split(',').map(Number) : null;
    const turned = at
      ? `${(at[0]! - (x - 44) * Math.sin((degrees * Math.PI) / 180)).toFixed(3)},${(at[1]! + (x - 44) * Math.cos((degrees * Math.PI) / 180)).toFixed(3)}`
      : place(x);
    rows.push(`,${channel},,,,${turned},0`);
  }
  const file = path.join(tmpDir(), 'map.csv');
  fs.writeFileSync(file, `${rows.join('\n')}\n`);
  return file;
}

const SGT = testData('refraction/refrapy-ex01/picks/field_example_01.sgt');

/** The line with the analyst's picks: from the .sgt, or from a picks CSV of another project. */
function line(geometry?: string, picks?: string): Project {
  const project = Project.create(path.join(tmpDir(), 'line'));
  importFiles(project, files(), geometry ? { geometry: [geometry] } : {});
  expect(importPicks(project, picks ?? SGT).matched).toBe(120);
  return project;
}

function sameLineOnMap(
  degrees: number,
  bend = false,
  arc = false,
): { alongX: Project; onMap: Project } {
  const alongX = line();
  const csv = path.join(tmpDir(), 'picks.csv');
  exportPicks(alongX, { format: 'csv', out: csv });
  return { alongX, onMap: line(mapGeometry(degrees, bend, arc), csv) };
}

describe('a line given in map coordinates', () => {
  it('has the offsets, QC, travel times and section of the same line along x', () => {
    const { alongX, onMap } = sameLineOnMap(35);

    // Travel times: the same signed offsets, positions measured from the first station.
    const [a, b] = [travelTimes(alongX.db, 'P'), travelTimes(onMap.db, 'P')];
    expect(b).toHaveLength(a.length);
    b.forEach((p, i) => {
      expect(p.offset).toBeCloseTo(a[i]!.offset!, 2);
      expect(p.receiverX).toBeCloseTo(a[i]!.receiverX! + 20, 2);
    });
    expect(listShots(onMap.db).map((s) => s.sourceAlong)).toEqual(
      listShots(alongX.db).map((s) => expect.closeTo(s.sourceAlong! + 20, 2)),
    );

    // QC: the same offsets and fits. The catalogue keeps positions to the millimetre, and the
    // fits' breakpoints can tie on offsets of whole metres: those millimetres break a tie
    // either way (one shot's third branch, one flag), so branches are compared to the second.
    const [qa, qb] = [runQc(alongX, { phase: 'P' }), runQc(onMap, { phase: 'P' })];
    expect(Math.abs(qb.flagged - qa.flagged)).toBeLessThanOrEqual(1);
    qb.shots.forEach((s, i) => {
      s.items.forEach((item, j) =>
        expect(item.offset).toBeCloseTo(qa.shots[i]!.items[j]!.offset, 2),
      );
      const near = (q: typeof s) =>
        (['negative', 'positive'] as const).flatMap((side) =>
          q.apparentVelocities
            .filter((v) => v.side === side)
            .slice(0, 2)
            .map((v) => Math.round(v.velocity)),
        );
      expect(near(s)).toEqual(near(qa.shots[i]!));
      expect(s.sourceDoubt).toBeNull();
    });
    expect(qb.reciprocity.pairs.map((p) => p.difference)).toEqual(
      qa.reciprocity.pairs.map((p) => expect.closeTo(p.difference, 4)),
    );

    // The section: the same layers and fit, no warning about the layout.
    const [sa, sb] = [alongX, onMap].map((p) =>
      invertProject(p, { phase: 'P', method: 'timeterm' }),
    );
    expect(sb!.rms).toBeCloseTo(sa!.rms, 6);
    expect(sb!.layers.map((l) => Math.round(l.velocity))).toEqual(
      sa!.layers.map((l) => Math.round(l.velocity)),
    );
    expect(sb!.warnings).toEqual(sa!.warnings);
    alongX.close();
    onMap.close();
  });

  it('is exported along the line for the 2-D formats, and read back', () => {
    const { alongX, onMap } = sameLineOnMap(35);
    const dir = tmpDir();
    for (const format of ['sgt', 'vs'] as const) {
      const [a, b] = [alongX, onMap].map((p, i) => {
        const out = path.join(dir, `${i}.${format}`);
        expect(exportPicks(p, { format, out }).written).toBe(120);
        return fs.readFileSync(out, 'utf8');
      });
      // The same file, every position 20 m on (measured from the first station, at -20 m).
      if (format === 'sgt') {
        const sensors = (text: string) =>
          text
            .split('\n')
            .slice(2, 2 + Number.parseInt(text, 10))
            .map((l) => l.split(/\s+/).map(Number));
        expect(sensors(b!)).toEqual(sensors(a!).map(([x, z]) => [expect.closeTo(x! + 20, 2), z]));
      }
      expect(b!.split('\n')).toHaveLength(a!.split('\n').length);
      // Read back onto the line in map coordinates, by position along it.
      const fresh = Project.create(path.join(tmpDir(), 'fresh'));
      importFiles(fresh, files(), { geometry: [mapGeometry(35)] });
      expect(importPicks(fresh, path.join(dir, `1.${format}`)).matched).toBe(120);
      fresh.close();
    }
    // The picks CSV keeps map coordinates, its offsets the distances in the plane.
    const csv = path.join(dir, 'picks.csv');
    exportPicks(onMap, { format: 'csv', out: csv });
    const offsets = fs
      .readFileSync(csv, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => Number(l.split(',')[6]));
    const expected = travelTimes(alongX.db, 'P').map((p) => p.offset!);
    expect(offsets.sort((x, y) => x - y)).toEqual(
      expected.sort((x, y) => x - y).map((o) => expect.closeTo(o, 2)),
    );
    alongX.close();
    onMap.close();
  });

  it('warns that a section of a bent layout holds for a straight line only', () => {
    const { alongX, onMap: bent } = sameLineOnMap(35, true);
    alongX.close();
    const section = invertProject(bent, { phase: 'P', method: 'timeterm' });
    expect(section.partial).toBe(true);
    expect(section.warnings[0]).toMatch(
      /^the stations lie up to \d+\.\d m off the straight line through them \(a crossed or crooked layout\)/,
    );
    // A method that refuses the picks says that the layout may be why.
    expect(() => invertProject(bent, { phase: 'P', method: 'tomography' })).toThrow(
      /; the stations lie up to \d+\.\d m off the straight line through them/,
    );
    bent.close();
  });

  it('measures a gently bending line along its stations, and makes its section', () => {
    // The arc's ends are 12 m off the chord through them: projected on it, the first and last
    // receivers came 5 % too close together, and the section was refused as a crooked layout.
    const { alongX, onMap: curved } = sameLineOnMap(35, false, true);
    const [a, b] = [travelTimes(alongX.db, 'P'), travelTimes(curved.db, 'P')];
    b.forEach((p, i) => {
      // Along the arc, from the first source: the positions of the straight line.
      expect(p.receiverX).toBeCloseTo(a[i]!.receiverX! + 20, 0);
      // Offsets are distances in the plane, a little shorter than along the arc.
      expect(Math.abs(p.offset!)).toBeLessThanOrEqual(Math.abs(a[i]!.offset!) + 0.01);
      expect(Math.abs(p.offset!)).toBeGreaterThan(0.97 * Math.abs(a[i]!.offset!));
    });
    const [sa, sb] = [alongX, curved].map((p) =>
      invertProject(p, { phase: 'P', method: 'timeterm' }),
    );
    expect(sb!.warnings).toEqual(sa!.warnings);
    expect(sb!.partial).toBe(sa!.partial);
    sb!.layers.forEach((l, i) =>
      expect(Math.abs(l.velocity / sa!.layers[i]!.velocity - 1)).toBeLessThan(0.03),
    );
    alongX.close();
    curved.close();
  });
});
