/**
 * The QC on real manual picks: refrapy's field example 01 (5 shots into 24 geophones at 4 m,
 * one 2 m gap around the centre shot; MIT licence beside the data).
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { qcGather } from '../../../src-main/qc/gather-qc';
import {
  reciprocalPairs,
  summariseReciprocity,
  type ShotGather,
} from '../../../src-main/qc/reciprocity';
import { testData } from '../../helpers/test-data';
import { parseSgt } from './helpers/sgt';

function gathers(): ShotGather[] {
  const picks = parseSgt(
    fs.readFileSync(testData('refraction/refrapy-ex01/picks/field_example_01.sgt'), 'utf8'),
  );
  return [...new Set(picks.map((p) => p.source))].map((source) => ({
    source,
    picks: picks
      .filter((p) => p.source === source)
      .map((p) => ({ id: `${source}>${p.receiver}`, receiver: p.receiver, time: p.time })),
  }));
}

describe('refrapy field example 01, manual picks', () => {
  it('has 120 picks in 5 shot gathers', () => {
    const g = gathers();
    expect(g.map((s) => s.source)).toEqual([-20, -4, 46, 96, 112]);
    expect(g.reduce((n, s) => n + s.picks.length, 0)).toBe(120);
  });

  it('has no shot on a picked receiver, and three reciprocal pairs within one spacing', () => {
    // Shots at -4, 46 and 96 lie 4, 2 and 4 m from the nearest picked receiver; -20 and 112
    // are too far off the spread to be reached from the other shots.
    expect(reciprocalPairs(gathers(), { positionTolerance: 1.9 })).toEqual([]);
    const pairs = reciprocalPairs(gathers(), { positionTolerance: 4 });
    expect(pairs.map((p) => [p.a, p.b])).toEqual([
      [-4, 46],
      [-4, 96],
      [46, 96],
    ]);
    // Measured: -0.59, +3.74 and -0.53 ms. The pair of the two end shots is read 4 m past
    // both ends of the spread and is the only one above 1.5 ms.
    const summary = summariseReciprocity(pairs);
    expect(summary.count).toBe(3);
    expect(summary.flagged).toBe(1);
    expect(pairs.find((p) => p.flagged)).toMatchObject({ a: -4, b: 96 });
    expect(summary.medianAbs!).toBeGreaterThan(0.0003);
    expect(summary.medianAbs!).toBeLessThan(0.001);
    expect(summary.p90Abs!).toBeLessThan(0.004);
    expect(summary.maxAbs!).toBeLessThan(0.005);
  });

  it('flags few of the manual picks, none for an implausible velocity, and corrects them all', () => {
    let total = 0;
    let flagged = 0;
    for (const gather of gathers()) {
      const qc = qcGather(
        gather.picks.map((p) => ({ id: p.id, offset: p.receiver - gather.source, time: p.time })),
      );
      for (const side of qc.fit.sides) expect(side.count).toBeGreaterThanOrEqual(12);
      total += qc.picks.length;
      for (const pick of qc.picks.filter((p) => p.flags.length > 0)) {
        flagged++;
        expect(pick.flags).toEqual(['residual']);
        // Manual picks are off by a few milliseconds at worst, never tens.
        expect(Math.abs(pick.corrected! - pick.time!)).toBeLessThan(0.004);
      }
    }
    // Measured: 9 of 120 (7.5 %), residuals of 0.4 to 2.9 ms.
    expect(total).toBe(120);
    expect(flagged / total).toBeLessThanOrEqual(0.1);
  });
});
