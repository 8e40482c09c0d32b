import { describe, expect, it } from 'vitest';
import { InversionError } from '../../../src-main/inversion/errors';
import type { LayerPick } from '../../../src-main/inversion/layer-picks';
import { timeTerms, type TimeTermResult } from '../../../src-main/inversion/time-terms';
import type { VelocityModel } from '../../../src-main/training/synth/velocity-model';
import { rayPicks } from './helpers/ray-picks';
import { layer } from './model-layer';
import {
  arrivals,
  DIPPING,
  FLAT,
  RECEIVERS,
  SHOTS,
  SLOPING,
  THREE_LAYERS,
  THREE_LAYER_SHOTS,
  interfaceZ,
  simulateLine,
  surfaceZ,
  type PlanarModel,
} from './helpers/planar-layers';

/** Relative error of every depth found, per refractor, with whether the station is reversed. */
function depthErrors(
  model: PlanarModel,
  picks: readonly LayerPick[],
  result: TimeTermResult,
): { layer: number; x: number; error: number; reversed: boolean }[] {
  return result.interfaces.flatMap((f) =>
    f.points.map((p) => {
      const truth = surfaceZ(model, p.x) - interfaceZ(model, f.layer, p.x);
      const found = surfaceZ(model, p.x) - p.z;
      // Reversed at a station: its head waves on this refractor came from both sides.
      const sides = new Set(
        picks
          .filter((q) => q.layer === f.layer && (q.receiverX === p.x || q.shotX === p.x))
          .map((q) => Math.sign(q.receiverX - q.shotX) * (q.receiverX === p.x ? 1 : -1)),
      );
      return {
        layer: f.layer,
        x: p.x,
        error: Math.abs(found / truth - 1),
        reversed: sides.size === 2,
      };
    }),
  );
}

function expectVelocities(model: PlanarModel, result: TimeTermResult, tolerance: number): void {
  expect(result.layers.map((l) => l.layer)).toEqual(model.velocities.map((_, i) => i + 1));
  result.layers.forEach((l) =>
    expect(Math.abs(l.velocity / model.velocities[l.layer - 1]! - 1)).toBeLessThan(tolerance),
  );
}

const TWO_LAYER_CASES = [
  ['a flat refractor under a flat surface', FLAT],
  ['a dipping refractor under a flat surface', DIPPING],
  ['a dipping refractor under a sloping surface', SLOPING],
] as const;

describe('timeTerms', () => {
  for (const [name, model] of TWO_LAYER_CASES) {
    it(`recovers ${name} from exact picks`, () => {
      const { picks } = simulateLine(model, { receivers: RECEIVERS, shots: SHOTS });
      const result = timeTerms(picks);
      expectVelocities(model, result, 0.02);
      const errors = depthErrors(model, picks, result);
      // Every station has a depth; shots off the ends are stations of their own.
      expect(errors).toHaveLength(RECEIVERS.length + 2);
      for (const e of errors) expect(e.error).toBeLessThan(e.reversed ? 0.05 : 0.1);
      expect(errors.filter((e) => e.reversed).length).toBeGreaterThan(RECEIVERS.length / 3);
      expect(result.rms).toBeLessThan(1e-9);
      expect(result.modelled.every((t) => Number.isFinite(t))).toBe(true);
      expect(result.warnings).toEqual([]);
    });

    it(`fits ${name} to its noise (σ = 0.5 ms): χ² near 1`, () => {
      for (const seed of [1, 2, 3]) {
        const { picks } = simulateLine(model, {
          receivers: RECEIVERS,
          shots: SHOTS,
          noise: 0.0005,
          seed,
        });
        const result = timeTerms(picks);
        expect(result.chi2).toBeGreaterThan(0.5);
        expect(result.chi2).toBeLessThan(2);
        expect(result.rms).toBeGreaterThan(0.0003);
        expect(result.rms).toBeLessThan(0.0007);
        expectVelocities(model, result, 0.02);
        for (const e of depthErrors(model, picks, result)) {
          expect(e.error).toBeLessThan(e.reversed ? 0.05 : 0.1);
        }
      }
    });
  }

  it('strips the first refractor to find the second', () => {
    const { picks } = simulateLine(THREE_LAYERS, {
      receivers: RECEIVERS,
      shots: THREE_LAYER_SHOTS,
    });
    const result = timeTerms(picks);
    expectVelocities(THREE_LAYERS, result, 0.02);
    const errors = depthErrors(THREE_LAYERS, picks, result);
    expect(new Set(errors.map((e) => e.layer))).toEqual(new Set([2, 3]));
    for (const e of errors) expect(e.error).toBeLessThan(0.1);
    expect(result.rms).toBeLessThan(1e-9);
    // The second refractor's depth adds both layers above it.
    const station = result.stations.find((s) => s.x === 40)!;
    expect(station.depths[1]!).toBeGreaterThan(station.depths[0]!);
  });

  it('finds the second refractor from noisy picks to within 10 % on the whole', () => {
    for (const seed of [1, 2, 3]) {
      const { picks } = simulateLine(THREE_LAYERS, {
        receivers: RECEIVERS,
        shots: THREE_LAYER_SHOTS,
        noise: 0.0005,
        seed,
      });
      const result = timeTerms(picks);
      // Layer 2 is first arrival over 15 m of offset per side: its velocity is off by up to 3.0 %.
      expectVelocities(THREE_LAYERS, result, 0.04);
      expect(result.chi2).toBeGreaterThan(0.5);
      expect(result.chi2).toBeLessThan(2);
      // Single stations scatter more than the line (worst 11 %); the rms error measured 4.7 %.
      for (const layer of [2, 3]) {
        const errors = depthErrors(THREE_LAYERS, picks, result).filter((e) => e.layer === layer);
        const rms = Math.sqrt(errors.reduce((s, e) => s + e.error ** 2, 0) / errors.length);
        expect(rms).toBeLessThan(0.06);
      }
    }
  });

  it('keeps a contrast weaker than 1.25 as its own layer when the picks resolve it', () => {
    // 640 over 780 m/s (1.22): merged into one branch, the picks fitted at χ² 3.4-5.5.
    const weak: PlanarModel = {
      velocities: [380, 640, 780],
      surface: { z0: 100, slope: 0 },
      interfaces: { z0: [96, 89], slope: -0.02 },
    };
    for (const seed of [1, 2, 3]) {
      const { picks } = simulateLine(weak, {
        receivers: RECEIVERS,
        shots: [-4, 10, 30, 50, 70, 90, 98],
        noise: 0.0005,
        seed,
      });
      const result = timeTerms(picks.map((p) => ({ ...p, layer: null })));
      // Measured: χ² 0.65-0.75, layer 2 at 638-640 m/s; layer 3's speed trades off against
      // its delays over its short reach (675-725 m/s; 743-809 with the true branches).
      expect(result.layers).toHaveLength(3);
      expect(result.chi2).toBeGreaterThan(0.5);
      expect(result.chi2).toBeLessThan(1.5);
      expect(Math.abs(result.layers[1]!.velocity / 640 - 1)).toBeLessThan(0.03);
      expect(result.layers[2]!.velocity).toBeGreaterThan(1.04 * result.layers[1]!.velocity);
    }
  });

  it('assigns the layers a person left open', () => {
    const { picks } = simulateLine(SLOPING, { receivers: RECEIVERS, shots: SHOTS });
    const result = timeTerms(picks.map((p) => ({ ...p, layer: null })));
    expectVelocities(SLOPING, result, 0.02);
    // Only picks next to a crossover can land on the other branch (layer-picks.test.ts).
    expect(result.rms).toBeLessThan(0.0005);
  });

  it('warns that one-way coverage cannot resolve dip, and assumes a flat refractor', () => {
    const { picks } = simulateLine(FLAT, { receivers: RECEIVERS, shots: [-1] });
    const result = timeTerms(picks);
    expect(result.warnings).toContain(
      'layer 2: no reverse shot: dip cannot be resolved, depths assume a flat refractor',
    );
    expectVelocities(FLAT, result, 0.02);
    for (const e of depthErrors(FLAT, picks, result)) expect(e.error).toBeLessThan(0.1);
  });

  it('keeps a station with a single bad pick near its neighbours', () => {
    const line = simulateLine(FLAT, { receivers: RECEIVERS, shots: SHOTS });
    // A shot between two receivers, recorded once on the refractor, 2 ms late.
    const lone: LayerPick = {
      ...line.picks[0]!,
      shotX: 47,
      shotId: 99,
      receiverX: 14,
      time: arrivals(FLAT, 47, 14)[1]! + 0.002,
      layer: 2,
    };
    const delayGap = (damping: number): number => {
      const result = timeTerms([...line.picks, lone], { damping });
      expect(result.warnings).toContain(
        'layer 2: 1 station rests on a single pick; their delays follow their neighbours',
      );
      const at = (x: number): number => result.stations.find((s) => s.x === x)!.delays[0]!;
      return at(47) - at(46);
    };
    // Undamped, the lone pick alone sets the station's delay, error and all.
    expect(delayGap(0)).toBeCloseTo(0.002, 5);
    expect(Math.abs(delayGap(3))).toBeLessThan(0.0002);
  });

  it('interpolates the elevation of a station that has none', () => {
    const { picks } = simulateLine(SLOPING, { receivers: RECEIVERS, shots: SHOTS });
    const result = timeTerms(picks.map((p) => (p.receiverX === 40 ? { ...p, receiverZ: NaN } : p)));
    expect(result.stations.find((s) => s.x === 40)!.z).toBeCloseTo(surfaceZ(SLOPING, 40), 9);
    for (const e of depthErrors(SLOPING, picks, result)) expect(e.error).toBeLessThan(0.05);
  });

  it('leaves out picks it cannot assign, and says so', () => {
    const { picks } = simulateLine(FLAT, { receivers: RECEIVERS, shots: SHOTS });
    const stray: LayerPick[] = [60, 62].map((receiverX) => ({
      ...picks[0]!,
      shotX: 50.5,
      shotId: 7,
      receiverX,
      time: 0.02,
      layer: null,
    }));
    const result = timeTerms([...picks, ...stray]);
    expect(Array.from(result.modelled.slice(-2))).toEqual([NaN, NaN]);
    expect(result.warnings).toContain(
      '2 picks left out: too few picks on their side of the shot to tell their branch',
    );
  });

  it('refuses input it cannot invert', () => {
    const { picks } = simulateLine(FLAT, { receivers: RECEIVERS, shots: SHOTS });
    const cases: [LayerPick[], RegExp][] = [
      [[], /no picks/],
      [picks.map((p, i) => (i === 3 ? { ...p, sigma: 0 } : p)), /1 pick has no usable/],
      [picks.filter((p) => p.layer === 1), /no picks of a refractor/],
      [picks.filter((p) => p.layer === 2), /layer 1 has no picks/],
    ];
    for (const [input, message] of cases) {
      expect(() => timeTerms(input)).toThrow(InversionError);
      expect(() => timeTerms(input)).toThrow(message);
    }
    expect(() => timeTerms(picks, { damping: -1 })).toThrow(/damping/);
  });
});

describe('timeTerms on an S line over saturated ground', () => {
  it('merges a "refractor" no faster than the layer above into it, so the bedrock has a depth', () => {
    // Dry 230 m/s over saturated 230 m/s (water carries no S) from 1.5 m over bedrock 1,700
    // m/s from 4.5 m: the branch fits saw a kink in the bedrock's branch, and the line's fit
    // gave it as 1,716 over 1,711 m/s, the deeper one without depths.
    const model: VelocityModel = {
      layers: [layer(450, 230, 'dry'), layer(1600, 230, 'saturated'), layer(3400, 1700, 'bedrock')],
      interfaces: [
        { depth: 1.5, slope: 0, kind: 'water-table' },
        { depth: 4.5, slope: 0, kind: 'geology' },
      ],
      extent: [-10, 110],
    };
    const picks = rayPicks(model, 'S', {
      receivers: Array.from({ length: 48 }, (_, i) => i * 2 + 1),
      shots: [-2, 0, 24, 48, 72, 96],
      seed: 11,
    });
    const result = timeTerms(picks);
    expect(result.layers).toHaveLength(2);
    expect(result.layers[1]!.velocity).toBeGreaterThan(1600);
    expect(result.layers[1]!.velocity).toBeLessThan(1800);
    const depths = result.interfaces[0]!.points.map((q) => -q.z);
    expect(depths.length).toBeGreaterThan(40);
    for (const depth of depths) expect(Math.abs(depth - 4.5)).toBeLessThan(0.5);
    expect(result.warnings).toEqual([]);
  });
});
