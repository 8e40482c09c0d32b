import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPicksCsv } from '../../../src-main/export/picks-csv';
import { runPickline } from '../../helpers/cli';
import { FORMIKOJ, writeRewrittenShot } from '../../helpers/formikoj';
import { tmpDir } from '../../helpers/tmp';

/**
 * `pickline pick FILE` as a new user runs it, on a real shot whose DELAY is the pre-trigger
 * length (+0.01, as some DMT units write it; tests/data/refraction/formikoj-soda-lakes-excerpts rewritten by the
 * SEG-2 writer): with no flags the first breaks decide the time base, so no pick lands 20 ms
 * late or before the shot; `--delay` still overrides, with a warning when the data disagree.
 */
const dmtShot = () => writeRewrittenShot('shot-1070.sg2', 'dmt', tmpDir());

describe('pick on files with a DELAY of either sign', () => {
  it('decides the time base without flags, and every pick is after the shot', async () => {
    const file = dmtShot();
    const out = path.join(tmpDir(), 'picks.csv');
    const { code, out: printed } = await runPickline('pick', file, '--out', out, '--json');
    expect(code).toBe(0);
    const summary = JSON.parse(printed);
    expect(summary.files[0].timeBases[0]).toMatchObject({ reading: 'dmt', decidedBy: 'data' });
    const rows = readPicksCsv(fs.readFileSync(out, 'utf8'), out).filter(
      (r) => r.phase === 'P' && r.time !== null,
    );
    expect(rows.length).toBeGreaterThan(15);
    expect(rows.every((r) => r.time! >= 0)).toBe(true);
    // The analyst's picks of these traces (seconds after the shot): the picks are near them,
    // not 20 ms late.
    const analyst = readPicksCsv(
      fs.readFileSync(path.join(FORMIKOJ, 'picks.csv'), 'utf8'),
      'picks',
    );
    const late = rows.filter((r) => {
      const a = analyst.find((p) => p.file === 'shot-1070.sg2' && p.trace === r.trace)!;
      return r.time! - a.time! > 0.01;
    });
    expect(late.length).toBeLessThanOrEqual(1);
  });

  it('applies --delay and warns, naming the file, when the first breaks disagree', async () => {
    const file = dmtShot();
    const out = path.join(tmpDir(), 'picks.csv');
    const { code, err } = await runPickline('pick', file, '--out', out, '--delay', 'geometrics');
    expect(code).toBe(0);
    expect(err).toContain(`${file}: warning: the first breaks nearest the source sit at`);
  });
});
