import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SUITES } from '../../../eval/suites';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';
import { writeSeedLikeSeismogram } from '../formats/specfem2d-writer';

const REPO = path.resolve(__dirname, '../../..');
const JITI = path.join(REPO, 'node_modules/jiti/lib/jiti-cli.mjs');

/** `npm run eval -- ARGS` without the build step (these suites need no built bundle). */
function evalCommand(...args: string[]) {
  const run = spawnSync(process.execPath, [JITI, 'eval/index.ts', ...args], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { code: run.status, out: run.stdout, err: run.stderr };
}

/**
 * A data folder shaped like the shared one but holding only the test data's few files: the
 * suites run on it and find it short of their data sets.
 */
function smallDataFolder(): string {
  const dir = tmpDir();
  const link = (to: string, ...from: string[]) => {
    fs.mkdirSync(path.dirname(path.join(dir, to)), { recursive: true });
    fs.symlinkSync(testData(...from), path.join(dir, to));
  };
  link('phasenet/demo', 'phasenet', 'demo');
  link('refraction/geostack-dataset1', 'refraction', 'geostack-dataset1');
  link('refraction/refrapy-ex01', 'refraction', 'refrapy-ex01');
  fs.mkdirSync(path.join(dir, 'refraction/formikoj-soda-lakes/data'), { recursive: true });
  fs.mkdirSync(path.join(dir, 'specfem2d'));
  writeSeedLikeSeismogram(path.join(dir, 'specfem2d'));
  return dir;
}

describe('npm run eval', () => {
  it('registers suites with distinct names, each naming the data it needs inside the folder', () => {
    expect(new Set(SUITES.map((s) => s.name)).size).toBe(SUITES.length);
    // Suites of simulated lines need none; the others name paths inside the data folder.
    for (const need of SUITES.flatMap((s) => s.needs)) {
      expect(path.isAbsolute(need)).toBe(false);
      expect(path.normalize(need).startsWith('..')).toBe(false);
    }
  });

  it('prints a suite’s table and exits 0 when its floors are met', () => {
    const { code, out } = evalCommand(smallDataFolder(), 'classical-refrapy');
    expect(out).toMatch(/\| STA\/LTA \+ AIC \(`stalta-aic`\) \| +31\.7 % \|/);
    expect(out).toMatch(/eval: 1 suite\(s\), every floor met/);
    expect(code).toBe(0);
  });

  it('exits 1 and lists the floors missed', () => {
    // The test data has 3 of the 100 demo windows, 2 of the 20 GeoStack gathers, no
    // formikoj shot, and a seismogram whose last sample is not the seed's.
    const { code, out } = evalCommand(smallDataFolder(), 'readers');
    expect(out).toMatch(/\| PhaseNet demo windows \(npz\) +\| +3 \| +3 \|/);
    expect(out).toContain('readers: PhaseNet demo windows (npz): files = 3 (needs = 100)');
    expect(out).toContain('readers: formikoj soda lakes (SEG-2, DMT): files = 0 (needs = 116)');
    expect(out).toMatch(/AA\.S0050\.BXX\.semv: last sample differs/);
    expect(code).toBe(1);
  });

  it('exits 1 when a suite cannot run, naming it, and runs the suites after it', () => {
    const dir = tmpDir();
    const line = path.join(dir, 'refraction/refrapy-ex01');
    fs.mkdirSync(path.join(line, 'picks'), { recursive: true });
    fs.symlinkSync(testData('refraction/refrapy-ex01/data'), path.join(line, 'data'));
    fs.writeFileSync(path.join(line, 'picks/field_example_01.sgt'), 'not a pyGIMLi file\n');
    const { code, out } = evalCommand(dir, 'classical-refrapy', 'bundled-models');
    expect(out).toMatch(/classical-refrapy: failed to run \(.*field_example_01\.sgt/);
    expect(out).toMatch(
      /eval: floors missed:\n {2}classical-refrapy: failed to run: .*\n {2}bundled-models: failed to run: .*field_example_01\.sgt/,
    );
    expect(code).toBe(1);
  });

  it('exits 2 naming the data a suite lacks, or a folder that is not there', () => {
    const empty = tmpDir();
    const lacking = evalCommand(empty, 'phasenet-demo');
    expect(lacking.code).toBe(2);
    expect(lacking.err).toContain(
      `phasenet-demo needs ${path.join(empty, 'phasenet/checkpoint/model_95.ckpt.index')}`,
    );
    const nowhere = evalCommand(path.join(empty, 'nope'));
    expect(nowhere.code).toBe(2);
    expect(nowhere.err).toMatch(/nope is not a folder: give the shared data folder/);
  });
});
