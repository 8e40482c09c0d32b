import { describe, expect, it } from 'vitest';
import type { LayerPick } from '../../../src-main/inversion/layer-picks';
import { checkPicks } from '../../../src-main/inversion/pick-checks';
import { FLAT, RECEIVERS, SHOTS, SLOPING, simulateLine } from './helpers/planar-layers';

/** A clean line: both ends and two shots inside, topography, 0.5 ms of noise. */
const clean = (): LayerPick[] =>
  simulateLine(SLOPING, { receivers: RECEIVERS, shots: SHOTS, noise: 0.0005, seed: 1 }).picks;

const only = (picks: LayerPick[], shots: number[]): LayerPick[] =>
  picks.filter((p) => shots.includes(p.shotX));

function late(picks: LayerPick[], shotX: number, receiverX: number, by: number): LayerPick[] {
  const i = picks.findIndex((p) => p.shotX === shotX && p.receiverX === receiverX);
  expect(i).toBeGreaterThanOrEqual(0);
  return picks.map((p, k) => (k === i ? { ...p, time: p.time + by } : p));
}

describe('checkPicks', () => {
  it('finds nothing wrong with a clean line, for either method', () => {
    for (const method of ['timeterm', 'tomography'] as const) {
      expect(checkPicks(clean(), method)).toEqual({ errors: [], warnings: [] });
    }
  });

  it('says how many picks and shots each method needs, and how many there are', () => {
    const few = clean().filter((p) => p.shotX === 30 && p.receiverX >= 40 && p.receiverX < 50);
    expect(checkPicks(few, 'timeterm').errors).toEqual(
      expect.arrayContaining([
        'time-terms need at least 2 shots; there is 1',
        'time-terms need at least 10 picks; there are 5',
      ]),
    );
    expect(checkPicks(only(clean(), [-1, 95]), 'tomography').errors).toEqual([
      'tomography needs at least 3 shots; there are 2',
    ]);
  });

  it('refuses time-terms on a refractor shot from one end only; tomography warns', () => {
    // The shot at 10 m is too close to the start of the spread to see the refractor backwards.
    const picks = simulateLine(FLAT, { receivers: RECEIVERS, shots: [-1, 10] }).picks;
    expect(checkPicks(picks, 'timeterm').errors).toEqual([
      'no reciprocal coverage: time-terms need shots from both ends of a refractor branch; layer 2 is shot only towards +x',
    ]);
    const forward = simulateLine(FLAT, { receivers: RECEIVERS, shots: [-1, 10, 40] }).picks.filter(
      (p) => p.receiverX > p.shotX,
    );
    expect(checkPicks(forward, 'tomography').warnings).toEqual([
      'no reciprocal coverage: every ray travels the same way along the line, so dipping layers are less certain',
    ]);
  });

  it('refuses a one-sided spread for time-terms and warns for tomography', () => {
    const picks = simulateLine(FLAT, { receivers: RECEIVERS, shots: [-1, -20, -40] }).picks;
    const message =
      'one-sided spread: every source is at or before the first receiver (0 m), so every ray travels towards +x';
    expect(checkPicks(picks, 'timeterm').errors).toEqual([message]);
    expect(checkPicks(picks, 'tomography')).toEqual({ errors: [], warnings: [message] });
  });

  it('finds reciprocal times that differ beyond their uncertainty', () => {
    const picks = late(clean(), 30, 64, 0.005);
    // A few contradicting picks: the inversion runs, its result marked partial.
    const { errors, warnings } = checkPicks(picks, 'timeterm');
    expect(errors).toEqual([]);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^1 reciprocal pair differs by more than 3σ \+ 1 ms: 30 m ↔ 64 m \(5\.\d ms\)$/,
    );
    // Within 3σ + 1 ms (3.1 ms for two picks of 0.5 ms) it is not flagged.
    expect(checkPicks(late(clean(), 30, 64, 0.002), 'timeterm')).toEqual({
      errors: [],
      warnings: [],
    });
  });

  it('finds picks slower than the way through another shot, with examples', () => {
    // A detour through another shot costs two more delays (about 40 ms here): 60 ms is past it.
    let picks = late(clean(), 30, 80, 0.06);
    picks = late(picks, 95, 10, 0.06);
    const { warnings } = checkPicks(picks, 'tomography');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /^2 picks take longer than the way through another shot \(t_AC > t_AB \+ t_BC beyond 3σ \+ 1 ms\): 30 m → 80 m takes [\d.]+ ms, via (64|95) m [\d.]+ ms; 95 m → 10 m takes/,
    );
  });

  it('refuses a line whose picks contradict each other too often', () => {
    // A whole gather 60 ms late: more than a tenth of the picks are slower than a detour.
    let picks = clean();
    for (const x of new Set(picks.filter((p) => p.shotX === 30).map((p) => p.receiverX))) {
      picks = late(picks, 30, x, 0.06);
    }
    const { errors, warnings } = checkPicks(picks, 'tomography');
    expect(warnings).toEqual([]);
    expect(errors.join('\n')).toMatch(/reciprocal pairs? differs? by more than 3σ \+ 1 ms/);
  });

  it('reports picks it cannot read', () => {
    const picks = clean().map((p, i) => (i < 2 ? { ...p, time: NaN } : p));
    expect(checkPicks(picks, 'timeterm').errors).toEqual([
      '2 picks have no usable position, time, σ > 0 or layer (a whole number from 1)',
    ]);
  });

  it('warns about missing elevations, but not about a line that is all at 0 m', () => {
    const without = (picks: LayerPick[], xs: number[], z: number): LayerPick[] =>
      picks.map((p) => ({
        ...p,
        shotZ: xs.includes(p.shotX) ? z : p.shotZ,
        receiverZ: xs.includes(p.receiverX) ? z : p.receiverZ,
      }));
    expect(checkPicks(without(clean(), [10, 12], NaN), 'timeterm').warnings).toEqual([
      '2 stations have no elevation (x = 10 m, 12 m): interpolated between neighbours',
    ]);
    expect(checkPicks(without(clean(), [10, 12, 14, 30], 0), 'timeterm').warnings).toEqual([
      '4 stations are at exactly 0 m while others are not (x = 10 m, 12 m, 14 m, …): missing elevations written as 0?',
    ]);
    const nowhere = clean().map((p) => ({ ...p, shotZ: NaN, receiverZ: NaN }));
    expect(checkPicks(nowhere, 'timeterm').warnings).toEqual([
      'no elevations: the line is taken as flat',
    ]);
    const datum = clean().map((p) => ({ ...p, shotZ: 0, receiverZ: 0 }));
    expect(checkPicks(datum, 'timeterm').warnings).toEqual([]);
  });
});
