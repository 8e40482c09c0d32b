import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { describe, expect, it } from 'vitest';
import { UsageError, type CommandResult } from '../../../src-main/cli/command';
import { synth } from '../../../src-main/cli/commands/synth';
import { readPicksCsv } from '../../../src-main/export/picks-csv';
import { readAny } from '../../../src-main/formats/registry';
import { appPaths } from '../../../src-main/paths';
import { tmpDir } from '../../helpers/tmp';

/** Runs `pickline synth ARGS` the way the dispatcher would: parseArgs, then run(ctx). */
async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const { values, positionals } = parseArgs({
    args: argv,
    options: { ...synth.options, json: { type: 'boolean' } },
    allowPositionals: false,
    strict: true,
  });
  const result = (await synth.run({
    values,
    positionals,
    json: values.json === true,
    io: {
      out: (t) => out.push(t),
      err: (t) => err.push(t),
      untilStopped: () => new Promise(() => {}),
    },
    paths: appPaths('/nonexistent'),
  })) as CommandResult;
  return { result, err };
}

const SMALL = ['--channels', '24', '--dt', '0.0005', '--shots', '2'];

function folderBytes(dir: string): Record<string, Buffer> {
  return Object.fromEntries(
    fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f))]),
  );
}

describe('pickline synth', () => {
  it('writes SEG-2 shots, a truth CSV and survey.json, and prints a summary', async () => {
    const dir = path.join(tmpDir(), 'synth');
    const { result, err } = await run(
      '--out',
      dir,
      '--seed',
      '7',
      '--surveys',
      '2',
      '--s-waves',
      ...SMALL,
    );
    expect(fs.readdirSync(dir).sort()).toEqual([
      's0001-001.sg2',
      's0001-002.sg2',
      's0002-001.sg2',
      's0002-002.sg2',
      'survey.json',
      'truth.csv',
    ]);
    expect(err).toEqual(['survey 1/2', 'survey 2/2']);
    expect(result.text).toMatch(/^wrote 4 SEG-2 shot file\(s\) of 2 survey\(s\) to /);
    expect(result.text).toMatch(/96 traces, 24 channels, 0\.500 ms sampling/);

    const rows = readPicksCsv(fs.readFileSync(path.join(dir, 'truth.csv'), 'utf8'), 'truth.csv');
    expect(rows).toHaveLength(4 * 24 * 2);
    expect(new Set(rows.map((r) => `${r.method}/${r.status}`))).toEqual(
      new Set(['truth/accepted']),
    );
    const labelled = rows.filter((r) => r.time !== null);
    expect(result.data).toMatchObject({
      seed: 7,
      surveys: 2,
      shots: 4,
      traces: 96,
      picks: {
        P: labelled.filter((r) => r.phase === 'P').length,
        S: labelled.filter((r) => r.phase === 'S').length,
        none: rows.length - labelled.length,
      },
    });

    // Every row points at a trace of a file that exists, at a time on its record.
    for (const file of ['s0001-001.sg2', 's0002-002.sg2']) {
      const record = readAny(path.join(dir, file)).records[0]!;
      for (const r of rows.filter((x) => x.file === file && x.time !== null)) {
        const trace = record.traces[r.trace]!;
        expect(r.receiverX).toBe(trace.receiver!.x);
        expect(r.sourceX).toBe(trace.source!.x);
        const end = trace.startTime + trace.samples.length * trace.sampleInterval;
        expect(r.time!).toBeGreaterThan(trace.startTime);
        expect(r.time!).toBeLessThan(end);
      }
    }

    const description = JSON.parse(fs.readFileSync(path.join(dir, 'survey.json'), 'utf8'));
    expect(description).toMatchObject({ generator: 'pickline synth', seed: 7 });
    expect(description.options).toMatchObject({ channels: [24], sWaves: true, shots: 2 });
    expect(description.surveys.map((s: { id: string }) => s.id)).toEqual(['s0001', 's0002']);
    expect(description.surveys[0].shots[1].file).toBe('s0001-002.sg2');
  });

  it('gives identical bytes for a seed and different ones for another seed', async () => {
    const root = tmpDir();
    const args = ['--surveys', '2', '--format', 'int32', '--water-table', ...SMALL];
    await run('--out', path.join(root, 'a'), '--seed', '3', ...args);
    await run('--out', path.join(root, 'b'), '--seed', '3', ...args);
    await run('--out', path.join(root, 'c'), '--seed', '4', ...args);
    const a = folderBytes(path.join(root, 'a'));
    expect(folderBytes(path.join(root, 'b'))).toEqual(a);
    const c = folderBytes(path.join(root, 'c'));
    expect(Object.keys(c)).toEqual(Object.keys(a));
    for (const name of Object.keys(a)) expect(c[name]!.equals(a[name]!)).toBe(false);
    // A run of one survey is the first survey of a longer run with the same seed.
    await run('--out', path.join(root, 'd'), '--seed', '3', ...args.slice(2));
    const d = folderBytes(path.join(root, 'd'));
    expect(d['s0001-001.sg2']).toEqual(a['s0001-001.sg2']);
  });

  it('applies the options it is given', async () => {
    const dir = path.join(tmpDir(), 'fixed');
    const { result } = await run(
      '--out',
      dir,
      '--seed',
      '1',
      '--json',
      '--snr',
      '25',
      '--no-water-table',
      '--spacing',
      '2.5',
      '--pretrigger',
      '0.01',
      '--length',
      '0.2',
      '--layers',
      '3',
      '--wavelet',
      'ricker',
      '--frequency',
      '60:80',
      '--spread',
      'split',
      '--components',
      '3',
      ...SMALL,
    );
    expect(result.data).toMatchObject({ surveys: 1, shots: 2, traces: 2 * 24 * 3 });
    const survey = JSON.parse(fs.readFileSync(path.join(dir, 'survey.json'), 'utf8')).surveys[0];
    expect(survey.line.spacing).toBe(2.5);
    expect(survey.recording).toEqual({ sampleInterval: 0.0005, samples: 420, pretrigger: 0.01 });
    expect(survey.model.layers).toHaveLength(3);
    expect(survey.model.interfaces.every((f: { kind: string }) => f.kind === 'geology')).toBe(true);
    expect(survey.source.wavelet).toBe('ricker');
    expect(survey.source.pFrequency).toBeGreaterThanOrEqual(60);
    expect(survey.source.pFrequency).toBeLessThanOrEqual(80);
    expect(new Set(survey.shots.flatMap((s: { snr: number[] }) => s.snr))).toEqual(new Set([25]));
    expect(survey.line.sources.every((x: number) => x > 0 && x < 23 * 2.5)).toBe(true);
    expect(survey.components).toEqual(['Z', 'E', 'N']);
    expect(survey.orientationErrorsDegrees).toHaveLength(24);
    expect(survey.horizontal.shStrength).toBeGreaterThan(0);
  });

  it('simulates an S line with --source sh and says so', async () => {
    const dir = path.join(tmpDir(), 'sh');
    const { result } = await run('--out', dir, '--seed', '2', '--source', 'sh', ...SMALL);
    expect(result.text).toMatch(/SH source on crossline geophones/);
    expect(result.data).toMatchObject({ shots: 2, traces: 48 });
    const record = readAny(path.join(dir, 's0001-001.sg2')).records[0]!;
    expect(record.traces.every((t) => t.component === 'N')).toBe(true);
    const survey = JSON.parse(fs.readFileSync(path.join(dir, 'survey.json'), 'utf8')).surveys[0];
    expect(survey).toMatchObject({ sourceType: 'SH', components: ['N'], sWaves: true });
  });

  it('refuses bad or conflicting options and a folder that is not empty', async () => {
    const dir = tmpDir();
    await expect(run('--seed', '1')).rejects.toThrow(UsageError);
    await expect(run('--out', dir)).rejects.toThrow(/--seed N is required/);
    await expect(run('--out', dir, '--seed=-1')).rejects.toThrow(/--seed must be an integer/);
    await expect(
      run('--out', dir, '--seed', '1', '--snr', '5', '--snr-range', '1:9'),
    ).rejects.toThrow(/--snr or --snr-range/);
    await expect(run('--out', dir, '--seed', '1', '--snr-range', '1:x')).rejects.toThrow(
      /--snr-range needs numbers/,
    );
    await expect(run('--out', dir, '--seed', '1', '--top-vp', '300:500')).rejects.toThrow(
      /top Vp must lie within 398 to 1400/,
    );
    await expect(run('--out', dir, '--seed', '1', '--dt', '0.002')).rejects.toThrow(
      /aliases at a 0.002 s sample interval/,
    );
    await expect(run('--out', dir, '--seed', '1', '--components', '2')).rejects.toThrow(
      /--components must be 1, 3, got 2/,
    );
    await expect(run('--out', dir, '--seed', '1', '--wavelet', 'gabor')).rejects.toThrow(
      /--wavelet must be ricker, minimum-phase, mixed/,
    );
    await expect(run('--out', dir, '--seed', '1', '--source', 'sv')).rejects.toThrow(
      /--source must be p, sh, got sv/,
    );
    await expect(run('--out', dir, '--seed', '1', '--p-leakage', '0:0.1')).rejects.toThrow(
      /--p-leakage needs --source sh/,
    );
    await expect(
      run('--out', dir, '--seed', '1', '--source', 'sh', '--p-leakage', '0:2'),
    ).rejects.toThrow(/P leakage must lie within 0 to 1, got 0 to 2/);
    await expect(
      run('--out', dir, '--seed', '1', '--source', 'sh', '--components', '3'),
    ).rejects.toThrow(/components must be 1 with an SH source/);
    fs.writeFileSync(path.join(dir, 'old.txt'), 'x');
    await expect(run('--out', dir, '--seed', '1', ...SMALL)).rejects.toThrow(/is not empty/);
  });
});
