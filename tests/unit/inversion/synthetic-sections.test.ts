import { describe, expect, it } from 'vitest';
import { tomography } from '../../../src-main/inversion/tomography';
import { measureSections, SECTION_METHODS } from '../../../src-main/services/synthetic-sections';
import { firstArrival, rayArrivals } from '../../../src-main/training/synth/ray-times';
import { refractionLine } from '../../../src-main/training/synth/refraction-line';

/**
 * Issue 19's checks on a simulated line with its truth (seed 3: dry sediment 419 / 241 m/s
 * over saturated 1,507 / 241 from 1.5 m over bedrock 3,539 / 1,818 from 4.5 m). Bounds have
 * margins over what was measured (in the comments); what the methods do not meet is in
 * docs/velocity-sections.md and the synth-sections eval.
 */
const LINE = refractionLine({ seed: 3, waterTable: true });

describe('a simulated refraction line', () => {
  it('is the simulator’s model and ray-theory first arrivals with picks errors of σ', () => {
    expect(LINE.model.layers.map((l) => l.kind)).toEqual(['dry', 'saturated', 'bedrock']);
    expect(LINE.receivers).toHaveLength(48);
    expect(LINE.shots).toHaveLength(10);
    for (const [wave, sigma] of [
      ['P', 0.0005],
      ['S', 0.001],
    ] as const) {
      const picks = LINE.picks[wave];
      expect(picks).toHaveLength(480);
      const errors = picks.map(
        (p) => p.time - firstArrival(rayArrivals(LINE.model, wave, p.sourceX, p.receiverX)).time,
      );
      const rms = Math.sqrt(errors.reduce((s, e) => s + e * e, 0) / errors.length);
      expect(rms / sigma).toBeGreaterThan(0.9);
      expect(rms / sigma).toBeLessThan(1.1);
      expect(picks.every((p) => p.time > 0 && p.sigma === sigma)).toBe(true);
    }
    // Water carries P, not S: the water table refracts P only.
    expect(LINE.picks.P.some((p) => p.refractor === 0)).toBe(true);
    expect(LINE.picks.S.some((p) => p.refractor === 0)).toBe(false);
  });
});

describe('time-term sections of a simulated P and S line', () => {
  it('fit to within the pick errors and mark Vp/Vs ≥ 2.5 almost only where the model has it', () => {
    const [timeTerms] = measureSections(LINE, [SECTION_METHODS[2]]);
    // Measured: chi² 1.08 (P) and 0.82 (S).
    for (const chi2 of [timeTerms!.chi2.P, timeTerms!.chi2.S]) {
      expect(chi2).toBeGreaterThan(0.5);
      expect(chi2).toBeLessThan(2);
    }
    // Measured: Vs 7.7 % RMS, the S bedrock's depth 2.0 %; 0.7 % of the cells outside the
    // saturated layer marked.
    expect(timeTerms!.vs).toBeLessThan(0.1);
    expect(timeTerms!.depth.S).toBeLessThan(0.05);
    expect(timeTerms!.marked.outside).toBeLessThan(0.03);
    // Not met: the 3 m saturated layer under 1.5 m of dry ground is half missed (54.5 % of
    // its cells marked) and Vp is 54 % off: the P time-terms miss the bedrock's depth by 43 %.
    expect(timeTerms!.marked.inside).toBeGreaterThan(0.4);
    // With the S section at hand, the P section offers the layer it misses.
    expect(timeTerms!.hint).toBe(true);
  });
});

describe('P time-terms with the bedrock of the S line', () => {
  const [tomographyFromLayers, timeTerms] = measureSections(LINE, SECTION_METHODS.slice(3));

  it('place the saturated layer hidden from P and mark it, and little else', () => {
    // Measured: Vp 6.9 % RMS (54.4 % from P alone), Vp/Vs 7.3 %, the saturated layer's cells
    // all marked and 0.5 % of the others; the water table 1.8 m deep (1.5), its speed 1,590 m/s.
    expect(timeTerms!.vp).toBeLessThan(0.1);
    expect(timeTerms!.vpVs).toBeLessThan(0.1);
    expect(timeTerms!.marked.inside).toBeGreaterThan(0.9);
    expect(timeTerms!.marked.outside).toBeLessThan(0.03);
    expect(timeTerms!.chi2.P).toBeLessThan(1.5);
  });

  it('start tomography from those layers (Vp 27.1 → 5.5 % RMS measured)', () => {
    expect(tomographyFromLayers!.vp).toBeLessThan(0.1);
    expect(tomographyFromLayers!.marked.inside).toBeGreaterThan(0.9);
  });
});

describe('time-terms on a simulated line with a weak contrast', () => {
  it('keep the deeper refractor as its own layer (seed 2: 637 over 808 m/s P)', () => {
    const [timeTerms] = measureSections(refractionLine({ seed: 2, waterTable: false }), [
      SECTION_METHODS[2],
    ]);
    // Measured: P chi² 0.88 and the deeper refractor's depth 5.8 % off (merged: 5.4 and
    // 100 %, the refractor missing); Vp 5.0 % RMS (8.9).
    expect(timeTerms!.chi2.P).toBeLessThan(1.5);
    expect(timeTerms!.depth.P).toBeLessThan(0.1);
    expect(timeTerms!.vp).toBeLessThan(0.07);
  });
});

describe('tomography on a line with a thin saturated layer', () => {
  // Seed 7: dry 411 m/s over saturated 1,781 m/s from 1.5 m over bedrock from 2.3 m. On 1 m
  // cells (half the 2 m spacing) Gauss-Newton stalled at chi² 4.0; the default grid tries cells
  // half that size when a fit ends above chi² 2 (measured 0.94 on them).
  const line = refractionLine({ seed: 7, waterTable: true });
  const picks = line.picks.P.map((p) => ({
    sourceX: p.sourceX,
    sourceZ: 0,
    receiverX: p.receiverX,
    receiverZ: 0,
    time: p.time,
    sigma: p.sigma,
  }));
  const surface = [{ x: 0, z: 0 }];
  const finalChi2 = (r: ReturnType<typeof tomography>) => r.iterations.at(-1)!.chi2;

  it('refines the default grid when the fit stalls above chi² 2', () => {
    const result = tomography(picks, surface);
    expect(result.x[1]! - result.x[0]!).toBeCloseTo(0.5, 6);
    expect(finalChi2(result)).toBeGreaterThan(0.5);
    expect(finalChi2(result)).toBeLessThan(1.5);
  });

  it('keeps a cell size asked for', () => {
    const result = tomography(picks, surface, { cellSize: 1 });
    expect(result.x[1]! - result.x[0]!).toBeCloseTo(1, 6);
    expect(finalChi2(result)).toBeGreaterThan(2);
  });
});
