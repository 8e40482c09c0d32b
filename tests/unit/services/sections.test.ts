import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src-main/api/errors';
import type { Section } from '../../../src-main/api/sections-contract';
import { Project } from '../../../src-main/catalogue/project';
import {
  insertSection,
  listSections,
  readSection,
} from '../../../src-main/catalogue/section-store';
import { importFiles } from '../../../src-main/services/import-service';
import { importPicks } from '../../../src-main/services/pick-exchange';
import {
  exportRatio,
  exportSection,
  invertPicks,
  invertProject,
  ratioSection,
} from '../../../src-main/services/section-service';
import { testData } from '../../helpers/test-data';
import { refractionLine } from '../../../src-main/training/synth/refraction-line';
import { tmpDir } from '../../helpers/tmp';

/**
 * Velocity sections of a real line: refrapy's field example 1 (5 shots × 24 receivers at 4 m,
 * its analyst's 120 P picks imported as accepted picks).
 */
const DATA = testData('refraction/refrapy-ex01/data');
const SGT = testData('refraction/refrapy-ex01/picks/field_example_01.sgt');

function line(picks = true): Project {
  const project = Project.create(path.join(tmpDir(), 'line'));
  importFiles(
    project,
    fs.readdirSync(DATA).map((f) => path.join(DATA, f)),
  );
  if (picks) importPicks(project, SGT);
  return project;
}

const sectionRows = (project: Project) =>
  (project.db.prepare('SELECT COUNT(*) AS n FROM sections').get() as { n: number }).n;

describe('a P section from the analyst picks of a real line', () => {
  it('fits the 120 picks within 1.5 ms RMS by tomography, and is kept in the project', () => {
    const project = line();
    const section = invertProject(project, { phase: 'P', method: 'tomography' });
    expect(section).toMatchObject({ phase: 'P', method: 'tomography', picks: 120, shots: 5 });
    expect(section.rms).toBeLessThan(0.0015);
    expect(section.misfits).toHaveLength(120);
    // Hammer-line velocities where the rays went: a few hundred m/s at the top, faster below.
    const covered = section.velocity.filter(
      (v, k) => v !== null && (section.coverage![k] ?? 0) > 0,
    ) as number[];
    expect(covered.length).toBeGreaterThan(50);
    for (const v of covered) expect(v).toBeGreaterThan(100);
    expect(Math.max(...covered.slice(0, 1000))).toBeLessThan(8000);
    expect(listSections(project.db)).toEqual([
      expect.objectContaining({ id: section.id, picks: 120 }),
    ]);
    expect(readSection(project.db, section.id)).toEqual(section);

    const file = path.join(tmpDir(), 'out', 'p.csv');
    const written = exportSection(project, { id: section.id, format: 'csv', file });
    const lines = fs.readFileSync(file, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('x_m,elevation_m,velocity_m_s,ray_coverage_m');
    expect(lines).toHaveLength(written.cells + 1);
    project.close();
  });

  it('fits them by time-terms, with the branches found by the QC fits', () => {
    const project = line();
    const section = invertProject(project, { phase: 'P', method: 'timeterm' });
    expect(section.layers.length).toBeGreaterThanOrEqual(2);
    expect(section.layers[0]!.velocity).toBeLessThan(section.layers[1]!.velocity);
    expect(section.rms).toBeLessThan(0.003);
    expect(section.coverage).toBeNull();
    project.close();
  });

  it('starts tomography from the time-term layers when asked', () => {
    const project = line();
    const section = invertProject(project, { phase: 'P', start: 'timeterm' });
    expect(section.rms).toBeLessThan(0.0015);
    expect(section.warnings).toEqual([]);
    project.close();
  });

  it('starts from the gradient, and says why, when the picks allow no time-terms', () => {
    // One straight branch at 800 m/s: no refractor for time-terms to work with.
    const picks = [0, 23, 46, 69, 92].flatMap((sourceX, s) =>
      Array.from({ length: 24 }, (_, r) => r * 4)
        .filter((x) => x !== sourceX)
        .map((receiverX, k) => ({
          pickId: s * 100 + k + 1,
          traceId: s * 100 + k + 1,
          shotId: s + 1,
          sourceX,
          sourceZ: 0,
          receiverX,
          receiverZ: 0,
          time: Math.abs(receiverX - sourceX) / 800,
          sigma: null,
          layer: null,
        })),
    );
    const section = invertPicks(picks, { phase: 'P', start: 'timeterm' });
    expect(section.warnings).toEqual([
      expect.stringMatching(
        /^started from the gradient: no time-term layers \(no picks of a refractor/,
      ),
    ]);
    expect(section.partial).toBe(true);
    expect(section.rms).toBeLessThan(0.001);
  });

  it('needs an S section for Vp/Vs, and says so', () => {
    const project = line();
    invertProject(project, { phase: 'P' });
    expect(() => ratioSection(project)).toThrow(/no S section/);
    project.close();
  });

  it('refuses a section of the wrong phase, and sections that share no cell', () => {
    const project = line();
    const p = invertProject(project, { phase: 'P', method: 'timeterm' });
    expect(() => ratioSection(project, { p: p.id, s: p.id })).toThrow(
      `section ${p.id} is a P section; Vp/Vs needs an S section there`,
    );
    // The same line placed a kilometre along: no cell of it lies on the P grid.
    const apart = insertSection(
      project.db,
      { phase: 'S' },
      { ...p, phase: 'S', x: p.x.map((x) => x + 1000) },
    );
    expect(() => ratioSection(project)).toThrow(
      `P section ${p.id} and S section ${apart.id} do not overlap`,
    );
    project.close();
  });
});

describe('a P section with the bedrock of an S section', () => {
  /** An S time-term section of the same stations whose deepest refractor is `deeper` m below P's. */
  function sSection(
    project: Project,
    p: Section,
    deeper: number,
    method: Section['method'] = 'timeterm',
  ) {
    return insertSection(
      project.db,
      { phase: 'S', method },
      {
        ...p,
        phase: 'S',
        method,
        interfaces: p.interfaces.map((f) => ({
          ...f,
          points: f.points.map((q) => ({ x: q.x, z: q.z - deeper })),
        })),
      },
    );
  }

  it('places a layer hidden from P over it, and says so', () => {
    // The simulated saturated line of the synth-sections eval (seed 3): 1.5 m of dry ground,
    // 3 m saturated, bedrock; P time-terms alone see dry ground over bedrock.
    const simulated = refractionLine({ seed: 3, waterTable: true });
    const picks = (wave: 'P' | 'S') =>
      simulated.picks[wave].map((q, i) => ({
        pickId: i + 1,
        traceId: i + 1,
        shotId: q.shotId,
        sourceX: q.sourceX,
        sourceZ: 0,
        receiverX: q.receiverX,
        receiverZ: 0,
        time: q.time,
        sigma: q.sigma,
        layer: null,
      }));
    const s = invertPicks(picks('S'), { phase: 'S', method: 'timeterm', picks: 'all' });
    const bedrock = { section: 7, points: s.interfaces.at(-1)!.points };
    const plain = invertPicks(picks('P'), { phase: 'P', method: 'timeterm', picks: 'all' });
    const request = { phase: 'P', method: 'timeterm', picks: 'all', bedrockFrom: 7 } as const;
    const placed = invertPicks(picks('P'), request, undefined, { asked: bedrock });
    expect(plain.layers).toHaveLength(2);
    expect(placed.hiddenLayer).toMatchObject({ layer: 2, sSection: 7 });
    expect(placed.layers).toHaveLength(3);
    // Its speed lies between the layers around it; the bedrock's stays P's own.
    const speed = placed.hiddenLayer!.velocity;
    expect(speed).toBe(placed.layers[1]!.velocity);
    expect(speed).toBeGreaterThan(placed.layers[0]!.velocity);
    expect(speed).toBeLessThan(placed.layers[2]!.velocity);
    expect(placed.layers[2]!.velocity).toBe(plain.layers[1]!.velocity);
    // The bedrock is the S section's; every pick has its misfit.
    expect(placed.interfaces.at(-1)!.points).toEqual(bedrock.points);
    expect(placed.misfits).toHaveLength(480);
    expect(placed.warnings).toEqual(plain.warnings);
    // Tomography starting from those layers says where its start came from too.
    const tomography = invertPicks(
      picks('P'),
      { ...request, method: 'tomography', start: 'timeterm', iterations: 1 },
      undefined,
      { asked: bedrock },
    );
    expect(tomography.hiddenLayer).toEqual(placed.hiddenLayer);
    // Offered instead of asked, the same layer is only a hint beside P's own layers.
    const unasked = { phase: 'P', method: 'timeterm', picks: 'all' } as const;
    const offered = invertPicks(picks('P'), unasked, undefined, { offered: bedrock });
    expect(offered.hiddenLayerHint).toEqual(placed.hiddenLayer);
    expect(offered.hiddenLayer).toBeUndefined();
    expect(offered.layers).toEqual(plain.layers);
    expect(offered.interfaces).toEqual(plain.interfaces);
    expect(offered.warnings).toEqual(plain.warnings);
    expect(plain.hiddenLayerHint).toBeUndefined();
    // The S bedrock must be given when named.
    expect(() => invertPicks(picks('P'), request)).toThrow(/S section 7 was named/);
  });

  it('keeps the P layers, with the reason, where a layer over the S bedrock fits P worse', () => {
    const project = line();
    const p = invertProject(project, { phase: 'P', method: 'timeterm' });
    const s = sSection(project, p, 3);
    const placed = invertProject(project, { phase: 'P', method: 'timeterm', bedrockFrom: s.id });
    expect(placed.hiddenLayer).toBeUndefined();
    expect(placed.layers).toEqual(p.layers);
    expect(placed.warnings).toContainEqual(
      expect.stringMatching(
        new RegExp(`^no layer placed with S section ${s.id}'s bedrock: .* fits the P picks worse`),
      ),
    );
    expect(readSection(project.db, placed.id)?.warnings).toEqual(placed.warnings);
    // Unasked, that S section offers nothing, and says nothing either.
    const unasked = invertProject(project, { phase: 'P', method: 'timeterm' });
    expect(unasked.hiddenLayerHint).toBeUndefined();
    expect(unasked.warnings).toEqual(p.warnings);
    project.close();
  });

  it('keeps the P layers, with a warning, where both see one refractor', () => {
    const project = line();
    const p = invertProject(project, { phase: 'P', method: 'timeterm' });
    const s = sSection(project, p, 0);
    const same = invertProject(project, { phase: 'P', method: 'timeterm', bedrockFrom: s.id });
    expect(same.hiddenLayer).toBeUndefined();
    expect(same.layers).toEqual(p.layers);
    expect(same.warnings).toContainEqual(
      expect.stringMatching(
        new RegExp(`^no layer placed with S section ${s.id}'s bedrock: .*nothing is hidden`),
      ),
    );
    project.close();
  });

  it('refuses what cannot give a bedrock, and writes nothing', () => {
    const project = line();
    const p = invertProject(project, { phase: 'P', method: 'timeterm' });
    const tomography = sSection(project, p, 3, 'tomography');
    const before = sectionRows(project);
    const refused = (request: Parameters<typeof invertProject>[1], message: string | RegExp) =>
      expect(() => invertProject(project, request)).toThrow(message);
    refused(
      { phase: 'P', method: 'timeterm', bedrockFrom: p.id },
      `section ${p.id} is a P section: the bedrock is read from the deepest refractor of an S time-term section`,
    );
    refused({ phase: 'P', method: 'timeterm', bedrockFrom: 999 }, 'no section with id 999');
    refused({ phase: 'S', method: 'timeterm', bedrockFrom: tomography.id }, /P picks only/);
    refused({ phase: 'P', method: 'tomography', bedrockFrom: tomography.id }, /time-term layers/);
    const noRefractor = insertSection(
      project.db,
      { phase: 'S', method: 'timeterm' },
      { ...p, phase: 'S', interfaces: [] },
    );
    refused(
      { phase: 'P', method: 'timeterm', bedrockFrom: noRefractor.id },
      /is an S section with no refractor/,
    );
    expect(sectionRows(project)).toBe(before + 1);
    project.close();
  });
});

describe('Vp/Vs of a P and an S section, exported', () => {
  it('writes the grid of both ratios and x z v of one, as the Sections view asks', () => {
    const project = line();
    const p = invertProject(project, { phase: 'P', method: 'timeterm' });
    // An S section of the same grid, every Vs the Vp / 1.8: Vp/Vs 1.8, ν 0.277.
    const slower = p.velocity.map((v) => (v === null ? null : v / 1.8));
    const s = insertSection(project.db, { phase: 'S' }, { ...p, phase: 'S', velocity: slower });
    const csv = path.join(tmpDir(), 'vp-vs.csv');
    const written = exportRatio(project, { p: p.id, s: s.id, format: 'csv', file: csv });
    const rows = fs
      .readFileSync(csv, 'utf8')
      .trim()
      .split('\n')
      .filter((l) => !l.startsWith('#'));
    expect(written.cells).toBe(p.velocity.filter((v) => v !== null).length);
    expect(rows.length - 1).toBe(written.cells);
    for (const row of rows.slice(1)) {
      const [, , ratio, nu] = row.split(',').map(Number);
      expect(ratio).toBeCloseTo(1.8, 6);
      expect(nu).toBeCloseTo(0.277, 3);
    }
    const xyz = path.join(tmpDir(), 'poisson.xyz');
    exportRatio(project, { p: p.id, s: s.id, format: 'poisson-xyz', file: xyz });
    expect(fs.readFileSync(xyz, 'utf8')).toMatch(/Poisson's ratio of P section/);
    // The wrong way round is refused, and nothing is written.
    const refused = path.join(tmpDir(), 'refused.csv');
    expect(() => exportRatio(project, { p: s.id, s: p.id, format: 'csv', file: refused })).toThrow(
      /is an S section/,
    );
    expect(fs.existsSync(refused)).toBe(false);
    expect(ratioSection(project, { p: p.id, s: s.id }).warnings).toEqual([]);
    project.close();
  });

  it('warns where Vp/Vs is under √2, which no ground has, and says where', () => {
    const project = line();
    const p = invertProject(project, { phase: 'P', method: 'timeterm' });
    // Below the middle row S sees ground too fast for P's speed there (Vp/Vs 1.2), as where
    // only S resolves a bedrock under P's deepest refractor.
    const half = Math.floor(p.z.length / 2);
    const row = (k: number) => Math.floor(k / p.x.length);
    const velocity = p.velocity.map((v, k) =>
      v === null ? null : v / (row(k) >= half ? 1.2 : 1.8),
    );
    const s = insertSection(project.db, { phase: 'S' }, { ...p, phase: 'S', velocity });
    const ratio = ratioSection(project, { p: p.id, s: s.id });
    const low = ratio.vpVs.filter((r) => r !== null && r < Math.SQRT2).length;
    const shared = ratio.vpVs.filter((r) => r !== null).length;
    expect(low).toBeGreaterThan(shared / 3);
    const m = (z: number) => z.toFixed(1).replace('.', '\\.');
    expect(ratio.warnings).toEqual([
      expect.stringMatching(
        new RegExp(
          `^Vp/Vs is under √2 \\(Poisson's ratio below 0, which no ground has\\) in ${low} of ` +
            `${shared} cells \\(x -?[\\d.]+ to -?[\\d.]+ m, elevation ${m(p.z.at(-1)!)} to ` +
            `${m(p.z[half]!)} m\\): there the P and S sections see different ground`,
        ),
      ),
    ]);
    project.close();
  });
});

describe('picks a section cannot be made from', () => {
  it('are refused with the reason, and nothing is written', () => {
    const project = line(false);
    // Only proposals-free, undecided: nothing a person made or accepted.
    expect(() => invertProject(project, { phase: 'P' })).toThrow(/accept picks first/);
    // One shot's picks: too few shots for either method.
    importPicks(project, SGT);
    project.db
      .prepare(
        `UPDATE picks SET deleted = 1 WHERE trace_id IN
           (SELECT id FROM traces WHERE shot_id != (SELECT MIN(id) FROM shots))`,
      )
      .run();
    for (const method of ['tomography', 'timeterm'] as const) {
      let error: unknown;
      try {
        invertProject(project, { phase: 'P', method });
      } catch (err) {
        error = err;
      }
      expect(error).toBeInstanceOf(ApiError);
      expect((error as ApiError).code).toBe('invalid-input');
      expect((error as ApiError).message).toMatch(/shot/);
    }
    expect(sectionRows(project)).toBe(0);
    project.close();
  });
});
