import fs from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { UsageError, type CommandResult } from '../../../src-main/cli/command';
import { pick } from '../../../src-main/cli/commands/pick';
import { PICK_COLUMNS, readPicksCsv } from '../../../src-main/export/picks-csv';
import { Project } from '../../../src-main/catalogue/project';
import { importFiles } from '../../../src-main/services/import-service';
import { CancelledError } from '../../../src-main/jobs/task';
import { ensureBackend } from '../../../src-main/ml/backend';
import { appPaths } from '../../../src-main/paths';
import { DEFAULT_SYNTH_OPTIONS } from '../../../src-main/training/synth/options';
import { simulateSurvey } from '../../../src-main/training/synth/survey';
import { shotSeg2 } from '../../../src-main/training/synth/survey-output';
import { BUILT_MAIN } from '../../helpers/built';
import { writeHummedShot2001 } from '../../helpers/hum';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';
import { synthFolder } from '../training/synth-folder';
import { smallModel } from './small-model';

type Values = Record<string, string | string[] | boolean | undefined>;

/** Runs the command as the dispatcher would, with a fake terminal. */
async function run(
  positionals: string[],
  values: Values = {},
  { json = false, stop = new Promise<void>(() => {}) } = {},
) {
  const out: string[] = [];
  const err: string[] = [];
  const result = (await pick.run({
    values,
    positionals,
    json,
    io: { out: (t) => out.push(t), err: (t) => err.push(t), untilStopped: () => stop },
    paths: appPaths(BUILT_MAIN),
  })) as CommandResult;
  return { result, out: out.join('\n'), err: err.join('\n') };
}

const shots = fs
  .readdirSync(testData('refraction', 'refrapy-ex01', 'data'))
  .sort()
  .map((f) => path.join(testData('refraction', 'refrapy-ex01', 'data'), f));
const demo = ['BG_ACR_2012082505145960.npz', 'NC_BSR_2001021614001905.npz'].map((f) =>
  testData('phasenet', 'demo', f),
);

describe('pickline pick with a classical picker', () => {
  it('writes one P row per trace of every file to --out, and says what it did', async () => {
    const out = path.join(tmpDir(), 'picks.csv');
    const { result, out: text } = await run(shots, { method: 'stalta-aic', out });
    expect(result.exitCode).toBe(0);
    const csv = fs.readFileSync(out, 'utf8');
    expect(csv.split('\r\n')[0]).toBe(PICK_COLUMNS.join(','));
    const rows = readPicksCsv(csv, out);
    expect(rows).toHaveLength(5 * 24);
    expect(new Set(rows.map((r) => r.file))).toEqual(new Set(shots.map((s) => path.basename(s))));
    expect(rows.filter((r) => r.file === '2003.dat').map((r) => r.trace)).toEqual(
      Array.from({ length: 24 }, (_, i) => i),
    );
    expect(rows.every((r) => r.phase === 'P' && r.method === 'stalta-aic')).toBe(true);
    expect(rows.every((r) => r.status === 'auto')).toBe(true);
    // SEG-2 headers give positions: the offset is known.
    expect(rows.every((r) => r.offsetM !== null && r.receiverX !== null)).toBe(true);
    expect(text).toMatch(/\/2001\.dat: 24 receivers, \d+ P and 0 S picks$/m);
    expect(result.text).toMatch(
      /^\d+ picks from 5 of 5 files written to .*picks\.csv \(stalta-aic, /,
    );
  });

  it('prints the CSV on stdout without --out, and the summary on stderr', async () => {
    const { result, out, err } = await run([shots[0]!], { method: 'mer', sta: '0.002' });
    expect(result.text).toBe('');
    const rows = readPicksCsv(out, 'stdout');
    expect(rows).toHaveLength(24);
    expect(rows[0]!.method).toBe('mer');
    expect(err).toMatch(/2001\.dat: 24 receivers/);
    expect(err).toMatch(/picks from 1 of 1 files \(mer, /);
  });

  it('goes on past a file it cannot read, names it, and exits 1', async () => {
    const out = path.join(tmpDir(), 'picks.csv');
    const missing = path.join(tmpDir(), 'gone.dat');
    const { result, err } = await run([missing, shots[1]!], { method: 'aic', out }, { json: true });
    expect(result.exitCode).toBe(1);
    expect(err).toBe('');
    expect(result.data).toMatchObject({
      method: 'aic',
      model: null,
      errors: [`${missing}: no such file`],
      files: [{ file: shots[1], receivers: 24, windows: 0 }],
    });
    expect(readPicksCsv(fs.readFileSync(out, 'utf8'), out)).toHaveLength(24);
    await expect(run([missing], { method: 'aic' })).rejects.toThrow(/gone\.dat: no such file/);
  });
});

describe('pickline pick with a network', () => {
  // Temporary folders go after each test, so each test saves its own model.
  let modelDir: string;
  beforeEach(async () => {
    await ensureBackend();
    const { dir, loaded } = smallModel();
    loaded.model.dispose();
    modelDir = dir;
  });

  it('picks P and S per receiver of PhaseNet windows and reports windows in JSON', async () => {
    const out = path.join(tmpDir(), 'picks.csv');
    const { result } = await run(
      demo,
      { model: modelDir, out, threshold: '0', batch: '32', overlap: '0.25' },
      { json: true },
    );
    expect(result.exitCode).toBe(0);
    // 9001 samples in 256-sample windows stepping 192: starts 0..8640, then 8745.
    expect(result.data).toMatchObject({
      out: path.resolve(out),
      method: 'phasenet',
      model: { dir: path.resolve(modelDir), name: 'small' },
      backend: expect.any(String),
      files: demo.map((file) => ({ file, receivers: 1, windows: 47 })),
      windows: 94,
      errors: [],
    });
    const rows = readPicksCsv(fs.readFileSync(out, 'utf8'), out);
    // The three components are one receiver: every row is trace 0, one per phase ('max' mode).
    expect(rows.map((r) => [r.file, r.trace, r.phase])).toEqual([
      [path.basename(demo[0]!), 0, 'P'],
      [path.basename(demo[0]!), 0, 'S'],
      [path.basename(demo[1]!), 0, 'P'],
      [path.basename(demo[1]!), 0, 'S'],
    ]);
    for (const r of rows) {
      expect(r.method).toBe('phasenet');
      expect(r.time! / 0.01).toBeCloseTo(Math.round(r.time! / 0.01), 6);
      expect(r.probability).toBeGreaterThan(0);
    }
  });

  it('stops when asked to, writing nothing', async () => {
    const out = path.join(tmpDir(), 'picks.csv');
    await expect(
      run(demo, { model: modelDir, out }, { stop: Promise.resolve() }),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('names the model file it cannot use', async () => {
    const empty = tmpDir();
    await expect(run(demo, { model: empty })).rejects.toThrow(
      /model\.json: not a readable model card/,
    );
  });
});

describe('pickline pick without --model', () => {
  it('uses the bundled near-surface model', async () => {
    const out = path.join(tmpDir(), 'picks.csv');
    const { result } = await run([shots[0]!], { out }, { json: true });
    expect(result.data).toMatchObject({ model: { name: 'near-surface' } });
    // Its card validates P only, so P is what it picks unless asked: one row per trace.
    const rows = fs.readFileSync(out, 'utf8').trim().split('\n');
    expect(rows.length).toBe(1 + 24);
    expect(rows.slice(1).every((r) => r.split(',').includes('P'))).toBe(true);
    await run([shots[0]!], { out, phases: 'P,S' }, { json: true });
    expect(fs.readFileSync(out, 'utf8').trim().split('\n').length).toBe(1 + 24 * 2);
  });

  it("warns where a record's first breaks put its source away from its headers'", async () => {
    // The real 96-trace SEG-Y gather: its headers put the source beyond the last receiver, its
    // first breaks are earliest at the 66th.
    const gather = testData('formats', 'segy-real-gather', 'real_gather.sgy');
    const out = path.join(tmpDir(), 'picks.csv');
    const { err } = await run([gather], { out });
    expect(err).toMatch(
      /^pickline: .*real_gather\.sgy: warning: record 3234: the first breaks are earliest at the receiver at x 6\d{5} m, 1\d{6} m from the source the headers give, \d+\.\d ms before the receiver nearest it: check the source position; picked with the source at that receiver$/m,
    );
    const json = await run([gather], { out }, { json: true });
    expect(json.result.data).toMatchObject({
      files: [{ geometry: [expect.stringMatching(/^record 3234: /)] }],
    });
    // Refrapy's shots agree with their headers: no warning.
    expect((await run(shots, { out })).err).not.toMatch(/check the source position/);
  });

  it('picks a record whose offsets are too long for its first breaks with the source they show', async () => {
    // Shot 2004 (source 4 m past the last receiver) put 400 m off the line, as a mistyped
    // coordinate would: every search would start 66 ms or more after the shot.
    const dir = tmpDir();
    const geometry = path.join(dir, 'geometry.csv');
    fs.writeFileSync(geometry, 'shot,channel,source_x,source_y,source_z\n2004,,96,400,0\n');
    const out = path.join(dir, 'picks.csv');
    const { err } = await run([shots[3]!], { out, geometry: [geometry] });
    expect(err).toContain(
      'record 2004: the first breaks come earlier than the offsets the headers give allow (at ' +
        'v_max): picked with the source at the receiver at x 92 m, where they are earliest; ' +
        'check the source position and the trigger',
    );
    const moved = readPicksCsv(fs.readFileSync(out, 'utf8'), out);
    await run([shots[3]!], { out });
    const right = readPicksCsv(fs.readFileSync(out, 'utf8'), out);
    // The picks keep the geometry given, and are those of the right position.
    expect(moved.every((r) => r.offsetM! > 400)).toBe(true);
    expect(moved.map((r) => r.time)).toEqual(right.map((r) => r.time));
  });
});

describe('pickline pick --hum', () => {
  it('subtracts power-line hum when asked, says so, and refuses a frequency it does not know', async () => {
    // Refrapy's shot 2001 written again with 50 Hz hum at a fifth of each trace's RMS.
    const dir = tmpDir();
    const hummed = path.join(dir, '2001-hum.sg2');
    writeHummedShot2001(hummed);
    const out = path.join(dir, 'picks.csv');
    const left = await run([hummed], { out, method: 'aic' }, { json: true });
    expect((left.result.data as { files: { hum: string[] }[] }).files[0]!.hum).toEqual([]);
    // With --out the file's lines go to stdout.
    const said = await run([hummed], { out, method: 'aic', hum: 'auto' });
    expect(said.out).toMatch(
      /2001-hum\.sg2: record \S+: 50\.0 Hz power-line hum subtracted on 24 of 24 traces \(up to \d+ % of a trace's power\)/,
    );
    await expect(run([hummed], { out, hum: '55' })).rejects.toThrow(
      /--hum must be auto, off, 50 or 60, got 55/,
    );
    // A project's line: one line for the shots, and the project keeps picking as recorded
    // unless told.
    const project = Project.create(path.join(dir, 'line'));
    importFiles(project, [hummed, shots[1]!]);
    project.close();
    const picked = await run([], { project: path.join(dir, 'line'), method: 'aic', hum: '50' });
    expect(picked.result.text).toMatch(
      /\n50\.0 Hz power-line hum subtracted on 1 of 2 shots \(up to \d+ % of a trace's power\)/,
    );
    const asRecorded = await run([], { project: path.join(dir, 'line'), method: 'aic' });
    expect(asRecorded.result.text).not.toMatch(/hum/);
  });
});

describe('pickline pick --model near-surface-3c', () => {
  it('takes the bundled 3-component model by name: one P and one S row per receiver', async () => {
    const survey = simulateSurvey(
      { ...DEFAULT_SYNTH_OPTIONS, shots: 1, channels: [24], components: 3, sWaves: true },
      2,
      0,
    );
    const file = path.join(tmpDir(), survey.shots[0]!.file);
    fs.writeFileSync(file, shotSeg2(survey, survey.shots[0]!, 'float32'));
    const out = path.join(tmpDir(), 'picks.csv');
    const { result } = await run(
      [file],
      { out, model: 'near-surface-3c', phases: 'P,S' },
      { json: true },
    );
    expect(result.data).toMatchObject({ model: { name: 'near-surface-3c' } });
    const rows = readPicksCsv(fs.readFileSync(out, 'utf8'), out);
    // 24 receivers of 3 traces: the picks sit on each receiver's first (Z) trace.
    expect(rows).toHaveLength(24 * 2);
    expect(rows.every((r) => r.trace % 3 === 0)).toBe(true);
    expect(rows.filter((r) => r.phase === 'S' && r.time !== null).length).toBeGreaterThan(6);
  });
});

describe('pickline pick on the files of an S line', () => {
  it('picks S first breaks with the S-line model, guessed or said; P when said to be a P line', async () => {
    // A simulated S line: crossline geophones, which the guess reads as an S line.
    const dir = await synthFolder(1, 3, 1, ['--source', 'sh', '--shots', '1', '--dt', '0.00025']);
    const file = path.join(dir, 's0001-001.sg2');
    const out = path.join(tmpDir(), 'picks.csv');
    const picked = (csv: string) => readPicksCsv(fs.readFileSync(csv, 'utf8'), csv);
    const sLine = await run([file], { out }, { json: true });
    expect(sLine.result.data).toMatchObject({ sLineModel: 'near-surface-sh' });
    const rows = picked(out);
    expect(rows.every((r) => r.phase === 'S')).toBe(true);
    expect(rows.filter((r) => r.time !== null).length).toBeGreaterThan(15);

    // Said to be a P line: the vertical model's first breaks, as P.
    await run([file], { out, 'line-type': 'P' }, { json: true });
    expect(new Set(picked(out).map((r) => r.phase))).toEqual(new Set(['P']));

    // A classical picker's first break on a line said to be S is stored as S.
    await run([shots[0]!], { out, method: 'aic', 'line-type': 'S' }, { json: true });
    expect(new Set(picked(out).map((r) => r.phase))).toEqual(new Set(['S']));
  });
});

describe('pickline pick usage errors', () => {
  const cases: [string, string[], Values, RegExp][] = [
    ['no file', [], {}, /give at least one seismic file/],
    [
      'model for STA/LTA',
      shots,
      { method: 'stalta', model: 'x' },
      /--model is for --method phasenet/,
    ],
    ['unknown method', shots, { method: 'knn' }, /--method must be phasenet\|stalta\|aic/],
    ['S by AIC', shots, { method: 'aic', phases: 'P,S' }, /aic picks first arrivals \(P\) only/],
    ['bad phases', shots, { method: 'aic', phases: 'Q' }, /--phases must be P, S or P,S/],
    [
      'threshold',
      shots,
      { method: 'aic', threshold: '2' },
      /--threshold must be a number from 0 to 1/,
    ],
    [
      'overlap',
      shots,
      { method: 'aic', overlap: '0.99' },
      /--overlap must be a number from 0 to 0\.95/,
    ],
    ['batch', shots, { method: 'aic', batch: '0' }, /--batch must be an integer from 1/],
    ['mode', shots, { method: 'aic', mode: 'best' }, /--mode must be all\|first\|max/],
    ['bandpass', shots, { method: 'aic', bandpass: '5,1' }, /--bandpass must be LOW,HIGH/],
    ['sta', shots, { method: 'stalta', sta: '-1' }, /--sta must be a number above 0/],
    ['line type', shots, { method: 'aic', 'line-type': 'SH' }, /--line-type must be P\|S\|3C/],
    [
      'line type of a project',
      [],
      { project: '/nowhere', 'line-type': 'S' },
      /--line-type is for files; a project's shots keep theirs/,
    ],
    [
      'same name',
      [shots[0]!, `./${path.basename(shots[0]!)}`],
      { method: 'aic' },
      /two files are named 2001\.dat/,
    ],
  ];
  for (const [name, positionals, values, message] of cases) {
    it(name, async () => {
      const run1 = run(positionals, values);
      await expect(run1).rejects.toBeInstanceOf(UsageError);
      await expect(run1).rejects.toThrow(message);
    });
  }

  it('--json needs --out', async () => {
    await expect(run(shots, { method: 'aic' }, { json: true })).rejects.toThrow(
      /--json prints a summary on stdout: give --out FILE/,
    );
  });
});
