import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FORMIKOJ } from '../../helpers/formikoj';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';
import { runPickline } from '../../helpers/cli';

const run = runPickline;

const SHOT = testData('refraction/refrapy-ex01/data/2001.dat');
const GEOMETRICS = testData('formats/obspy-seg2/20180307_031245000.0.seg2');
const GATHER = testData('formats/segy-real-gather/real_gather.sgy');

describe('pickline inspect', () => {
  it('prints format, timing, a per-trace geometry table and header keys', async () => {
    const { code, out, err } = await run('inspect', SHOT);
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toContain(`${SHOT}\n  format: seg2 (little-endian)\n  records: 1, traces: 24\n`);
    expect(out).toContain(
      '  sample interval: 0.125 ms\n  samples per trace: 16000\n  start time: 0 s',
    );
    expect(out).toMatch(/record 2001 \(2013-02-02T15:08:45\): 24 traces/);
    expect(out).toMatch(/^ +1 +1 +- +0 0 0 +-20 0 0$/m);
    expect(out).toMatch(/^ +24 +24 +- +92 0 0 +-20 0 0$/m);
    expect(out).toMatch(/trace header keys: .*DESCALING_FACTOR.*SAMPLE_INTERVAL/);
  });

  it('names the clipped channels', async () => {
    // formikoj's shot 1070: the geophone at the hammer records flat tops at full scale.
    const shot = path.join(FORMIKOJ, 'shot-1070.sg2');
    const { code, out } = await run('inspect', shot);
    expect(code).toBe(0);
    expect(out).toContain('  note: clipped: channel 70 (flat tops at full scale;');
    const other = await run('inspect', path.join(FORMIKOJ, 'shot-1100.sg2'));
    expect(other.out).not.toContain('clipped');
  });

  it('shows with --geometry what an import would store, beside the headers', async () => {
    const csv = path.join(tmpDir(), 'geometry.csv');
    fs.writeFileSync(
      csv,
      'shot,channel,source_x,source_z,receiver_x,receiver_z\n2001,,-21.5,1,,\n,3,,,8.5,2\n',
    );
    const { code, out } = await run('inspect', SHOT, '--geometry', csv);
    expect(code).toBe(0);
    expect(out).toContain('  source -21.5 0 1: override (header -20 0 0)');
    expect(out).toMatch(/^ +3 +3 +- +8\.5 0 2 +-21\.5 0 1 +override \(header 8 0 0\)$/m);
    expect(out).toMatch(/^ +4 +4 +- +12 0 0 +-21\.5 0 1 +header$/m);
    const json = JSON.parse((await run('inspect', SHOT, '--geometry', csv, '--json')).out);
    expect(json.files[0].geometry.records[0].receivers[2]).toMatchObject({
      channel: 3,
      header: { x: 8 },
      stored: { x: 8.5 },
      from: 'override',
    });
    const missing = await run('inspect', SHOT, '--geometry', '/nonexistent/g.csv');
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('/nonexistent/g.csv: cannot read the geometry file');
  });

  it('applies --delay to SEG-2 files and says so', async () => {
    const geometrics = await run('inspect', GEOMETRICS);
    expect(geometrics.out).toContain('start time: -0.01 s');
    const dmt = await run('inspect', GEOMETRICS, '--delay', 'dmt');
    expect(dmt.out).toContain('start time: 0.01 s');
    expect(dmt.out).toContain(
      'note: time base: DELAY -0.01 read as the length of the pre-trigger (other DMT units): first sample at 0.01 s (as told)',
    );
    const bad = await run('inspect', GEOMETRICS, '--delay', 'later');
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/--delay must be geometrics or dmt, got later/);
  });

  it('prints one JSON document of summaries, without samples', async () => {
    const { code, out } = await run('inspect', GATHER, SHOT, '--json');
    expect(code).toBe(0);
    const doc = JSON.parse(out);
    expect(doc.files).toHaveLength(2);
    expect(doc.files[0]).toMatchObject({
      file: GATHER,
      format: 'segy',
      byteOrder: 'big',
      records: 1,
      traces: 96,
      sampleInterval: 0.00025,
      samplesPerTrace: 1000,
      startTime: 0,
    });
    expect(doc.files[0].recordList[0].traces[95]).toEqual({
      channel: 96,
      component: '',
      receiver: { x: 950000, y: 0, z: 0 },
      source: { x: 2380000, y: 0, z: 0 },
      samples: 1000,
      sampleInterval: 0.00025,
      startTime: 0,
    });
    expect(doc.files[1]).toMatchObject({ format: 'seg2', traces: 24 });
    expect(out).not.toMatch(/"samples":\s*\[/);
  });

  it('reports a bad file, still shows the good ones, and exits 1', async () => {
    const bad = path.join(tmpDir(), 'broken.sgy');
    fs.writeFileSync(bad, fs.readFileSync(GATHER).subarray(0, 5000));
    const text = await run('inspect', bad, SHOT);
    expect(text.code).toBe(1);
    expect(text.out).toContain('records: 1, traces: 24');
    expect(text.err).toContain(
      `pickline: ${bad}: at byte 3714: trace 1: 1000 samples need 4000 bytes but only 1160 remain`,
    );
    expect(text.err).toMatch(/pickline: 1 of 2 files could not be read$/);

    const json = await run('inspect', SHOT, bad, '/nonexistent/x.sgy', '--json');
    expect(json.code).toBe(1);
    const doc = JSON.parse(json.out) as { files: { file: string }[]; errors: string[] };
    expect(doc.files.map((f) => f.file)).toEqual([SHOT]);
    expect(doc.errors).toEqual([
      `${bad}: at byte 3714: trace 1: 1000 samples need 4000 bytes but only 1160 remain`,
      '/nonexistent/x.sgy: no such file',
    ]);

    const none = await run('inspect', bad, '--json');
    expect(none.code).toBe(1);
    expect(JSON.parse(none.out)).toEqual({
      error: { code: 'failed', message: expect.stringContaining(`${bad}: at byte 3714`) },
    });
  });

  it('needs at least one file', async () => {
    const res = await run('inspect');
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/give at least one file\nUsage: pickline inspect FILE\.\.\./);
  });
});
