import { describe, expect, it } from 'vitest';
import { InversionError } from '../../../src-main/inversion/errors';
import { tomography, type TomographyPick } from '../../../src-main/inversion/tomography';
import { syntheticLine } from './helpers/synthetic-line';

const SIGMA = 0.0005;

describe('tomography recovers a hammer line from its own noisy picks', () => {
  // 48 receivers at 2 m, a shot every 4 receivers and 6 m off both ends; times modelled on a
  // 0.25 m grid, inverted on the default grid (1 m), σ = 0.5 ms.
  const line = syntheticLine({
    receivers: 48,
    spacing: 2,
    shotEvery: 4,
    sigma: SIGMA,
    seed: 7,
    cellSize: 0.25,
  });
  const progress: number[] = [];
  const result = tomography(line.picks, line.surface, {
    onProgress: (fraction) => progress.push(fraction),
  });
  const nx = result.x.length;

  it('fits the picks to their uncertainty', () => {
    const final = result.iterations[result.iterations.length - 1]!;
    expect(result.iterations[0]!.chi2).toBeGreaterThan(10);
    expect(final.chi2).toBeGreaterThan(0.5);
    expect(final.chi2).toBeLessThan(2);
    expect(final.rms).toBeGreaterThan(0.7 * SIGMA);
    expect(final.rms).toBeLessThan(1.4 * SIGMA);
    expect(result.iterations.length).toBeLessThanOrEqual(11);
    // modelled is per pick, in the input order: its residuals give the same RMS.
    let sq = 0;
    line.picks.forEach((p, i) => (sq += (p.time - result.modelled[i]!) ** 2));
    expect(Math.sqrt(sq / line.picks.length)).toBeCloseTo(final.rms, 9);
  });

  it('recovers the velocity within 10 % RMS where rays are dense', () => {
    const cell = result.x[1]! - result.x[0]!;
    let sq = 0;
    let n = 0;
    for (let i = 0; i < result.z.length; i++) {
      for (let j = 0; j < nx; j++) {
        const k = i * nx + j;
        if (result.coverage[k]! < 50 * cell) continue;
        const truth = line.velocity(result.x[j]!, result.surface[j]! - result.z[i]!);
        sq += ((result.velocity[k]! - truth) / truth) ** 2;
        n++;
      }
    }
    expect(n).toBeGreaterThan(50);
    expect(Math.sqrt(sq / n)).toBeLessThan(0.1);
  });

  it('lays out the section: NaN in the air, coverage only below ground, progress to 1', () => {
    expect(result.velocity.length).toBe(nx * result.z.length);
    for (let j = 1; j < nx; j++) expect(result.x[j]!).toBeGreaterThan(result.x[j - 1]!);
    for (let i = 1; i < result.z.length; i++) expect(result.z[i]!).toBeLessThan(result.z[i - 1]!);
    for (let i = 0; i < result.z.length; i++) {
      for (let j = 0; j < nx; j++) {
        const k = i * nx + j;
        const air = result.z[i]! > result.surface[j]! + 1e-6;
        expect(Number.isNaN(result.velocity[k]!)).toBe(air);
        if (air) expect(result.coverage[k]).toBe(0);
        else expect(result.velocity[k]!).toBeGreaterThanOrEqual(100);
      }
    }
    expect(progress[progress.length - 1]).toBe(1);
  });
});

describe('tomography options', () => {
  const line = syntheticLine({
    receivers: 24,
    spacing: 3,
    shotEvery: 6,
    sigma: SIGMA,
    seed: 3,
    cellSize: 0.5,
  });

  it('holds velocities within the bounds and stops after the iterations asked', () => {
    const result = tomography(line.picks, line.surface, {
      velocityBounds: [450, 1500],
      iterations: 2,
    });
    expect(result.iterations.length).toBeLessThanOrEqual(3);
    for (const v of result.velocity) {
      if (Number.isNaN(v)) continue;
      expect(v).toBeGreaterThanOrEqual(450 - 1e-6);
      expect(v).toBeLessThanOrEqual(1500 + 1e-6);
    }
  });

  it('with no iterations, returns the starting model: linear in depth from startTop', () => {
    const result = tomography(line.picks, line.surface, {
      iterations: 0,
      startTop: 500,
      startBottom: 1500,
      depth: 20,
      cellSize: 1,
    });
    expect(result.iterations).toHaveLength(1);
    const nx = result.x.length;
    for (let i = 0; i < result.z.length; i++) {
      const below = result.surface[10]! - result.z[i]!;
      if (below < 0 || below > 20) continue;
      expect(result.velocity[i * nx + 10]).toBeCloseTo(500 + 50 * below, 6);
    }
  });

  it('stops with the signal’s reason when aborted', () => {
    const controller = new AbortController();
    controller.abort(new Error('stop now'));
    expect(() => tomography(line.picks, line.surface, { signal: controller.signal })).toThrow(
      'stop now',
    );
    const later = new AbortController();
    let calls = 0;
    expect(() =>
      tomography(line.picks, line.surface, {
        signal: later.signal,
        onProgress: () => {
          if (++calls === 3) later.abort(new Error('cancelled'));
        },
      }),
    ).toThrow('cancelled');
  });
});

describe('tomography refuses bad input with an InversionError', () => {
  const good = syntheticLine({
    receivers: 24,
    spacing: 3,
    shotEvery: 6,
    sigma: SIGMA,
    seed: 5,
    cellSize: 0.5,
  }).picks;
  const withPick = (change: Partial<TomographyPick>) => [{ ...good[5]!, ...change }, ...good];
  const refuses = (picks: TomographyPick[], message: RegExp, options = {}) => {
    expect(() => tomography(picks, [], options)).toThrow(InversionError);
    expect(() => tomography(picks, [], options)).toThrow(message);
  };

  it('names a pick with a non-positive or non-finite time, or a bad σ', () => {
    refuses(withPick({ time: 0 }), /pick 1 .*time must be a positive number/);
    refuses(withPick({ time: -0.01 }), /time must be a positive number/);
    refuses(withPick({ time: NaN }), /time must be a positive number/);
    refuses(withPick({ sigma: 0 }), /uncertainty σ must be positive/);
    refuses(withPick({ receiverX: Infinity }), /receiverX is not a number/);
  });

  it('refuses a source and receiver at the same place with a time, but skips one with 0', () => {
    const at = { receiverX: good[5]!.sourceX, receiverZ: good[5]!.sourceZ };
    refuses(withPick({ ...at, time: 0.004 }), /same place.*must be 0/);
    const result = tomography(withPick({ ...at, time: 0 }), [], { iterations: 0 });
    expect(result.modelled[0]).toBe(0);
  });

  it('needs two shot positions and enough picks for the grid', () => {
    const oneShot = good.filter((p) => p.sourceX === good[0]!.sourceX);
    refuses(oneShot, /at least 2 shot positions; these come from 1/);
    const twoShots = [...new Set(good.map((p) => p.sourceX))].slice(0, 2);
    const few = twoShots.flatMap((x) => good.filter((p) => p.sourceX === x).slice(0, 3));
    refuses(few, /6 picks cannot constrain a section/);
    refuses(good, /more than 1000000/, { cellSize: 0.01 });
  });

  it('refuses options out of range', () => {
    refuses(good, /cellSize must be a positive number/, { cellSize: -1 });
    refuses(good, /velocityBounds/, { velocityBounds: [800, 300] });
    refuses(good, /iterations must be a whole number/, { iterations: 2.5 });
    expect(() => tomography(good, [{ x: NaN, z: 0 }])).toThrow(/surface point/);
  });
});
