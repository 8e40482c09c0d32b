import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src-main/cli/dispatcher';
import { appPaths } from '../../../src-main/paths';
import { BUILT_MAIN } from '../../helpers/built';
import { tmpDir } from '../../helpers/tmp';

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(
    argv,
    { out: (t) => out.push(t), err: (t) => err.push(t), untilStopped: () => Promise.resolve() },
    appPaths(BUILT_MAIN),
  );
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function files() {
  const dir = tmpDir();
  const picks = path.join(dir, 'picks.csv');
  const reference = path.join(dir, 'ref.csv');
  fs.writeFileSync(
    picks,
    [
      'file,trace,channel,shot,source_x,receiver_x,offset_m,phase,time_s,probability,uncertainty_s,method,status',
      'a.dat,0,1,1,0,4,4,P,0.0101,0.9,0.001,stalta,auto',
      'a.dat,1,2,1,0,8,8,P,0.03,0.8,0.001,stalta,auto', // 10 ms late: FP and FN
      'a.dat,3,4,1,0,16,16,P,0.05,0.7,0.001,stalta,auto', // no reference arrival: FP
      'a.dat,0,1,1,0,4,4,S,0.0205,0.9,0.001,stalta,auto',
    ].join('\n'),
  );
  fs.writeFileSync(
    reference,
    [
      'file,trace,phase,time_s',
      'a.dat,0,P,0.01',
      'a.dat,1,P,0.02',
      'a.dat,2,P,0.025',
      'a.dat,3,P,',
      'a.dat,4,P,',
      'a.dat,0,S,0.02',
    ].join('\n'),
  );
  return { dir, picks, reference };
}

describe('pickline evaluate', () => {
  it('prints a per-phase table', async () => {
    const { picks, reference } = files();
    const res = await run(
      'evaluate',
      '--picks',
      picks,
      '--reference',
      reference,
      '--tolerance',
      '0.005',
    );
    expect(res.code).toBe(0);
    const p = res.out.split('\n').find((l) => /^\s*P\s/.test(l))!;
    // labels 3, picks 3, TP 1, FP 2, FN 2, TN 1, precision 1/3, recall 1/3.
    expect(p.trim().split(/\s+/).slice(0, 10)).toEqual([
      'P',
      '3',
      '3',
      '1',
      '2',
      '2',
      '1',
      '0.333',
      '0.333',
      '0.333',
    ]);
    expect(res.out).toMatch(/^\s*S\s+1\s+1\s+1\s+0\s+0\s+0\s+1\.000/m);
    expect(res.out).toMatch(
      /P: FN 2 = 1 without a pick \+ 1 picked too far; FP 2 includes 1 where/,
    );
  });

  it('gives the same as JSON, with within-sample shares when the interval is known', async () => {
    const { picks, reference } = files();
    const res = await run(
      'evaluate',
      '--picks',
      picks,
      '--reference',
      reference,
      '--tolerance',
      '0.005',
      '--sample-interval',
      '0.0001',
      '--within-ms',
      '1,20',
      '--json',
    );
    expect(res.code).toBe(0);
    const doc = JSON.parse(res.out);
    expect(doc.tolerance).toBe(0.005);
    const [p, s] = doc.phases;
    expect(p).toMatchObject({
      phase: 'P',
      tp: 1,
      fp: 2,
      fn: 2,
      tn: 1,
      precision: 1 / 3,
      recall: 1 / 3,
    });
    expect(p.withinMs).toEqual([
      { limit: 1, count: 1, share: 1 / 3 },
      { limit: 20, count: 2, share: 2 / 3 },
    ]);
    expect(p.withinSamples.map((w: { limit: number }) => w.limit)).toEqual([1, 2, 5, 10]);
    expect(s.residual.mean).toBeCloseTo(0.0005, 12);
  });

  it.each([
    [['--reference', 'r.csv', '--tolerance', '0.1'], /--picks is required/],
    [['--picks', 'p.csv', '--tolerance', '0.1'], /--reference is required/],
    [['--picks', 'p.csv', '--reference', 'r.csv'], /--tolerance is required/],
    [
      ['--picks', 'p.csv', '--reference', 'r.csv', '--tolerance=-1'],
      /--tolerance must be a positive number of seconds, got -1/,
    ],
    [['--picks', 'p.csv', '--reference', 'r.csv', '--tolerance', 'soon'], /got soon/],
  ])('exits 2 on usage errors: %j', async (args, message) => {
    const res = await run('evaluate', ...args);
    expect(res.code).toBe(2);
    expect(res.err).toMatch(message);
    expect(res.err).toMatch(/Usage: pickline evaluate --picks/);
  });

  it('exits 1 naming the file and line of a bad CSV, or a file it cannot read', async () => {
    const { dir, picks, reference } = files();
    fs.appendFileSync(reference, '\na.dat,zero,P,0.1\n');
    const bad = await run(
      'evaluate',
      '--picks',
      picks,
      '--reference',
      reference,
      '--tolerance',
      '0.01',
    );
    expect(bad.code).toBe(1);
    expect(bad.err).toContain(`${reference}, line 8: trace is not a number`);
    const dup = path.join(dir, 'dup.csv');
    fs.writeFileSync(dup, 'file,trace,phase,time_s\na,0,P,1\na,0,P,2\n');
    const twice = await run(
      'evaluate',
      '--picks',
      picks,
      '--reference',
      dup,
      '--tolerance',
      '0.01',
      '--json',
    );
    expect(twice.code).toBe(1);
    expect(JSON.parse(twice.out).error.message).toBe(
      `${dup}, line 3: a second reference for file a, trace 0, phase P (first on line 2)`,
    );
    const missing = await run(
      'evaluate',
      '--picks',
      path.join(dir, 'nope.csv'),
      '--reference',
      dup,
      '--tolerance',
      '1',
    );
    expect(missing.code).toBe(1);
    expect(missing.err).toContain(`${path.join(dir, 'nope.csv')}: no such file`);
  });
});
