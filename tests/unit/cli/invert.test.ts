import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runPickline as run } from '../../helpers/cli';
import { rayTimesSgt, SATURATED_UNDER_REFRAPY } from '../../helpers/ray-times-sgt';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';

const DATA = testData('refraction/refrapy-ex01/data');
const SGT = testData('refraction/refrapy-ex01/picks/field_example_01.sgt');

describe('pickline invert', () => {
  it('makes a section from a pick file made elsewhere, without a project', async () => {
    const out = tmpDir();
    const result = await run('invert', '--picks', SGT, '--phase', 'P', '--out', out, '--json');
    expect(result.code).toBe(0);
    const report = JSON.parse(result.out) as {
      picks: number;
      shots: number;
      rms: number;
      files: string[];
    };
    expect(report).toMatchObject({ picks: 120, shots: 5 });
    expect(report.rms).toBeLessThan(0.0015);
    expect(report.files.map((f) => path.basename(f))).toEqual([
      'P-tomography.csv',
      'P-tomography.xyz',
      'P-tomography.json',
      'P-tomography-misfits.csv',
    ]);
    const misfits = fs.readFileSync(path.join(out, 'P-tomography-misfits.csv'), 'utf8');
    expect(misfits.trim().split('\n')).toHaveLength(121);
  });

  it('reads a pick file in map coordinates along its line', async () => {
    // The same picks with their sensors turned 40° about a UTM-like point, as `#x y z` at 100 m
    // (a z of 0 throughout would read as a 2-D line with y the elevation, pyGIMLi's rule).
    const lines = fs.readFileSync(SGT, 'utf8').split('\n');
    const count = Number.parseInt(lines[0]!, 10);
    const [c, s] = [Math.cos((40 * Math.PI) / 180), Math.sin((40 * Math.PI) / 180)];
    const sensors = lines.slice(2, 2 + count).map((l) => {
      const [x, z] = l.trim().split(/\s+/).map(Number);
      return `${(500_000 + x! * c).toFixed(3)} ${(4_000_000 + x! * s).toFixed(3)} ${100 + z!}`;
    });
    const turned = path.join(tmpDir(), 'map.sgt');
    fs.writeFileSync(
      turned,
      [lines[0], '#x y z', ...sensors, ...lines.slice(2 + count)].join('\n'),
    );
    const section = async (file: string) => {
      const args = ['--picks', file, '--phase', 'P', '--method', 'timeterm', '--out', tmpDir()];
      const result = await run('invert', ...args, '--json');
      expect(result.code).toBe(0);
      return JSON.parse(result.out) as {
        rms: number;
        layers: { velocity: number }[];
        warnings: string[];
      };
    };
    const [alongX, onMap] = [await section(SGT), await section(turned)];
    expect(onMap.rms).toBeCloseTo(alongX.rms, 5);
    expect(onMap.layers.map((l) => Math.round(l.velocity))).toEqual(
      alongX.layers.map((l) => Math.round(l.velocity)),
    );
    // The same sensors along a road's curve (150 m radius, turning left from the middle):
    // measured along their path, the same layers within 3 %, and no warning of the layout.
    const curved = path.join(tmpDir(), 'curve.sgt');
    const arc = lines.slice(2, 2 + count).map((l) => {
      const [x, z] = l.trim().split(/\s+/).map(Number);
      const [u, v] = [150 * Math.sin((x! - 46) / 150), 150 * (1 - Math.cos((x! - 46) / 150))];
      return `${(500_000 + (46 + u) * c - v * s).toFixed(3)} ${(4_000_000 + (46 + u) * s + v * c).toFixed(3)} ${100 + z!}`;
    });
    fs.writeFileSync(curved, [lines[0], '#x y z', ...arc, ...lines.slice(2 + count)].join('\n'));
    const onCurve = await section(curved);
    expect(onCurve.warnings).toEqual(alongX.warnings);
    onCurve.layers.forEach((l, i) =>
      expect(Math.abs(l.velocity / alongX.layers[i]!.velocity - 1)).toBeLessThan(0.03),
    );
  });

  it("inverts a project's accepted picks and keeps the section there", async () => {
    const dir = path.join(tmpDir(), 'line');
    await run('init', dir);
    await run('import', '--project', dir, ...fs.readdirSync(DATA).map((f) => path.join(DATA, f)));
    await run('import-picks', '--project', dir, SGT);
    const result = await run('invert', '--project', dir, '--phase', 'P', '--method', 'timeterm');
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/^P time-terms: 120 picks of 5 shots, RMS [\d.]+ ms/);
    expect(result.out).toMatch(/\(section 1 of the project\)/);
    expect(result.out).toMatch(/layer 1: \d+ m\/s/);
  });

  it('places a layer hidden from P over the bedrock of an S section (--bedrock-from)', async () => {
    // Refrapy's stations over saturated ground: P sees dry ground over bedrock (2.9 m deep),
    // S the bedrock at 5 m.
    const model = SATURATED_UNDER_REFRAPY;
    const dir = path.join(tmpDir(), 'line');
    await run('init', dir);
    await run('import', '--project', dir, ...fs.readdirSync(DATA).map((f) => path.join(DATA, f)));
    await run('import-picks', '--project', dir, rayTimesSgt(model, 'P', tmpDir()));
    await run('import-picks', '--project', dir, '--phase', 'S', rayTimesSgt(model, 'S', tmpDir()));
    const invert = (phase: string, ...more: string[]) =>
      run('invert', '--project', dir, '--phase', phase, '--method', 'timeterm', ...more);
    expect((await invert('S')).code).toBe(0);

    // Unasked, the S section's bedrock is offered: the CLI says how to place the layer.
    const offered = await invert('P');
    expect(offered.out).toMatch(
      /S section 1 puts the bedrock below P's deepest refractor, and a layer of 1\d{3} m\/s between them, hidden from P, fits the P picks: invert again with --bedrock-from 1 to place it/,
    );
    expect(offered.out).not.toMatch(/is hidden from P: placed/);

    const placed = await invert('P', '--bedrock-from', '1');
    expect(placed.code).toBe(0);
    const speed = Number(
      /Layer 2 \((\d+) m\/s\) is hidden from P: placed over the bedrock of S section 1/.exec(
        placed.out,
      )?.[1],
    );
    // Measured 1,603 m/s (1,600 true).
    expect(speed).toBeGreaterThan(1400);
    expect(speed).toBeLessThan(1800);
    const json = await invert('P', '--bedrock-from', '1', '--json');
    expect(JSON.parse(json.out)).toMatchObject({
      hiddenLayer: { layer: 2, sSection: 1 },
      hiddenLayerHint: null,
    });

    const wrong = await invert('P', '--bedrock-from', '2');
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toMatch(/section 2 is a P section/);
    const noProject = await run(
      'invert',
      ...['--picks', SGT, '--phase', 'P', '--out', tmpDir(), '--bedrock-from', '1'],
    );
    expect(noProject.err).toMatch(/--bedrock-from names an S section of a project/);
  });

  it('says what is missing', async () => {
    const usage = await run('invert', '--picks', SGT, '--phase', 'P');
    expect(usage.code).not.toBe(0);
    expect(usage.err).toMatch(/--out DIR is needed with --picks/);
    const phase = await run('invert', '--picks', SGT, '--phase', 'Q', '--out', tmpDir());
    expect(phase.err).toMatch(/--phase must be P\|S/);
  });
});
