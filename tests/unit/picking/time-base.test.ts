import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { seg2 } from '../../../src-main/formats/seg2';
import type { SeismicRecord, Trace } from '../../../src-main/formats/record';
import {
  decideLineTimeBases,
  decideTimeBase,
  describeTimeBase,
  withTimeReading,
} from '../../../src-main/picking/time-base';
import { readAny } from '../../../src-main/formats/registry';
import { fileTimeBases } from '../../../src-main/services/seismic-input';
import { FORMIKOJ, rewrittenShot } from '../../helpers/formikoj';
import { synthFolder } from '../training/synth-folder';
import { contextFor } from '../formats/reference';

/**
 * The time base decided by the data, on real hammer shots (formikoj soda lakes, DMT Summit,
 * 10 ms of pre-trigger; tests/data/refraction/formikoj-soda-lakes-excerpts) written back by the SEG-2 writer with
 * DELAY in either sign: -0.01 as Geometrics and that DMT unit write it, +0.01 as other DMT units
 * write the pre-trigger length.
 */
function readShot(name: string): SeismicRecord {
  const file = path.join(FORMIKOJ, name);
  return seg2.read(fs.readFileSync(file), contextFor(file)).records[0]!;
}

/** The shot's real traces written again: DELAY in the given sign, the samples as they are. */
function rewritten(
  name: string,
  delay: 'geometrics' | 'dmt',
  change?: (t: Trace) => Partial<Trace>,
): SeismicRecord {
  const file = path.join(FORMIKOJ, `${delay}-${name}`);
  return seg2.read(rewrittenShot(name, delay, change), contextFor(file)).records[0]!;
}

describe('time base decided by the first breaks', () => {
  it('reads DELAY -0.01 as 10 ms of pre-trigger: first breaks at 0 s at the source', () => {
    const record = rewritten('shot-1070.sg2', 'geometrics');
    expect(record.timeReadings!.map((r) => r.name)).toEqual(['geometrics', 'dmt']);
    const d = decideTimeBase(record);
    expect(d).toMatchObject({ reading: 'geometrics', decidedBy: 'data', warning: null });
    expect(Math.abs(d.zeroOffsetTime!)).toBeLessThan(0.005);
    // The other reading puts the first breaks 20 ms late, which is why it loses.
    const dmt = d.readings.find((r) => r.name === 'dmt')!;
    expect(dmt.zeroOffsetTime! - d.zeroOffsetTime!).toBeCloseTo(0.02, 6);
    expect(dmt.fits).toBe(false);
    expect(describeTimeBase(d)).toMatch(/chosen by the data.*zero offset.*dmt would put them/);
  });

  it('reads DELAY +0.01 as the pre-trigger length when the data say so', () => {
    const record = rewritten('shot-1070.sg2', 'dmt');
    // The reader applies the Geometrics reading first: first sample 10 ms after the trigger.
    expect(record.traces[0]!.startTime).toBeCloseTo(0.01, 9);
    const d = decideTimeBase(record);
    expect(d).toMatchObject({ reading: 'dmt', decidedBy: 'data', warning: null });
    const applied = withTimeReading(record, d.reading);
    expect(applied.traces.every((t) => Math.abs(t.startTime + 0.01) < 1e-9)).toBe(true);
    expect(applied.timeReadings![0]!.name).toBe('dmt');
  });

  it('decides without positions from the earliest first breaks', () => {
    const unplaced = () => ({ receiver: null, source: null });
    for (const delay of ['geometrics', 'dmt'] as const) {
      const d = decideTimeBase(rewritten('shot-1070.sg2', delay, unplaced));
      expect(d).toMatchObject({ reading: delay, decidedBy: 'data', warning: null });
      expect(d.evidence.every((e) => e.offset === null)).toBe(true);
    }
  });

  it('applies an override, and warns when the first breaks disagree with it', () => {
    const record = rewritten('shot-1070.sg2', 'geometrics');
    const d = decideTimeBase(record, 'dmt');
    expect(d).toMatchObject({ reading: 'dmt', decidedBy: 'override' });
    expect(d.warning).toMatch(/under the reading chosen.*not at about 0 s/);
    expect(() => decideTimeBase(record, 'lag')).toThrow(/no reading "lag"/);
  });

  it('warns when no reading fits (a trigger 50 ms late), naming where each puts them', () => {
    const late = rewritten('shot-1070.sg2', 'geometrics', (t) => ({
      startTime: t.startTime + 0.05,
    }));
    const d = decideTimeBase(late);
    expect(d.warning).toMatch(
      /no reading of the timing header puts the first breaks.*geometrics: \d+\.\d ms, dmt: -?\d+\.\d ms/,
    );
    expect(d.reading).toBe('geometrics');
  });

  it('lets an off-end shot take the line’s reading when its own first breaks allow two', () => {
    const near = rewritten('shot-1070.sg2', 'dmt');
    const off = rewritten('shot-1100.sg2', 'dmt');
    const own = decideTimeBase(off);
    expect(own.atSource).toBe(false);
    expect(own.readings.find((r) => r.name === 'dmt')!.fits).toBe(true);
    const [, settled] = decideLineTimeBases([decideTimeBase(near), own]);
    expect(settled!.reading).toBe('dmt');
    expect(['data', 'line']).toContain(settled!.decidedBy);
  });

  it('checks a header with one reading against the data all the same', () => {
    const record = readShot('shot-1070.sg2');
    delete record.timeReadings;
    const d = decideTimeBase(record);
    expect(d).toMatchObject({ reading: 'header', decidedBy: 'single', warning: null });
  });
});

describe("an S line's time base", () => {
  it('allows the later, slower SH first breaks at the source that a P line would not', async () => {
    const dir = await synthFolder(1, 3, 1, ['--source', 'sh', '--shots', '1', '--dt', '0.00025']);
    const file = readAny(path.join(dir, 's0001-001.sg2'));
    // Guessed from its crossline components: an S line, and its first breaks fit.
    const [own] = fileTimeBases(file);
    expect(own!.warning).toBeNull();
    expect(own!.reading).toBe('geometrics');
    // Held to a P line's 10 ms at the source, the same record fits no reading.
    const [asP] = fileTimeBases(file, { lineType: 'P' });
    expect(asP!.warning).toMatch(/no reading of the timing header/);
  });
});
