import { describe, expect, it } from 'vitest';
import { rngFor } from '../../../src-main/training/random';
import {
  directArrival,
  firstArrival,
  headWaveArrival,
  rayArrivals,
  reflectionArrival,
} from '../../../src-main/training/synth/ray-times';
import {
  checkModel,
  interfaceDepth,
  sampleVelocityModel,
  type Layer,
  type VelocityModel,
  type WaveType,
} from '../../../src-main/training/synth/velocity-model';

function layer(vp: number, vs = vp / 2): Layer {
  return { vp, vs, density: 2000, qp: 50, qs: 25, kind: 'dry' };
}

function model(layers: Layer[], faces: [depth: number, dipDeg: number][]): VelocityModel {
  return {
    layers,
    interfaces: faces.map(([depth, dip]) => ({
      depth,
      slope: Math.tan((dip * Math.PI) / 180),
      kind: 'geology',
    })),
    extent: [-500, 500],
  };
}

/** Minimum of a convex function on [lo, hi] by golden-section search. */
function golden(f: (x: number) => number, lo: number, hi: number): { x: number; value: number } {
  const r = (Math.sqrt(5) - 1) / 2;
  let a = lo;
  let b = hi;
  let c = b - r * (b - a);
  let d = a + r * (b - a);
  let fc = f(c);
  let fd = f(d);
  while (b - a > 1e-10) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - r * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + r * (b - a);
      fd = f(d);
    }
  }
  const x = (a + b) / 2;
  return { x, value: f(x) };
}

/**
 * Brute force for a model of three layers: the least time over every path that goes down to
 * interface j, runs along it for |AB| at the speed below, and comes back up, minimised by
 * nested golden-section searches over the crossing points (time is convex in them, so each
 * partial minimum is convex too). With A = B allowed this is the head wave where it exists
 * and the reflection otherwise.
 */
function bruteForce(m: VelocityModel, wave: WaveType, j: 0 | 1, sx: number, rx: number) {
  const v = m.layers.map((l) => (wave === 'P' ? l.vp : l.vs));
  const at = (face: number, x: number): [number, number] => [
    x,
    interfaceDepth(m.interfaces[face]!, x),
  ];
  const dist = (p: [number, number], q: [number, number]) => Math.hypot(p[0] - q[0], p[1] - q[1]);
  const lo = Math.min(sx, rx) - 60;
  const hi = Math.max(sx, rx) + 60;
  /** Least time from the surface point x0 down to point x on interface j. */
  const leg = (x0: number, x: number) => {
    const target = at(j, x);
    if (j === 0) return dist([x0, 0], target) / v[0]!;
    return golden((u) => dist([x0, 0], at(0, u)) / v[0]! + dist(at(0, u), target) / v[1]!, lo, hi)
      .value;
  };
  const runSpeed = v[j + 1]!;
  const stretch = Math.hypot(1, m.interfaces[j]!.slope);
  const withRun = golden(
    (a) =>
      leg(sx, a) + golden((b) => (Math.abs(b - a) * stretch) / runSpeed + leg(rx, b), lo, hi).value,
    lo,
    hi,
  ).value;
  const reflection = golden((a) => leg(sx, a) + leg(rx, a), lo, hi).value;
  return { withRun, reflection };
}

function holds(m: VelocityModel): boolean {
  try {
    checkModel(m);
    return true;
  } catch {
    return false;
  }
}

describe('ray-theory times, closed forms', () => {
  const h = 5;
  const v0 = 500;
  const v1 = 1500;
  const flat = model([layer(v0), layer(v1)], [[h, 0]]);
  const crossover = 2 * h * Math.sqrt((v1 + v0) / (v1 - v0));
  const intercept = (2 * h * Math.sqrt(v1 ** 2 - v0 ** 2)) / (v0 * v1);
  const critical = 2 * h * Math.tan(Math.asin(v0 / v1));

  it('gives the intercept time and crossover distance of a layer over a half-space', () => {
    for (const x of [critical + 0.01, 12, 30, 100]) {
      expect(headWaveArrival(flat, 'P', 0, 0, x)!.time).toBeCloseTo(x / v1 + intercept, 12);
      expect(headWaveArrival(flat, 'P', 0, 50, 50 - x)!.time).toBeCloseTo(x / v1 + intercept, 12);
    }
    expect(crossover).toBeCloseTo(14.1421356, 6);
    const head = headWaveArrival(flat, 'P', 0, 0, crossover)!;
    expect(head.time).toBeCloseTo(directArrival(flat, 'P', 0, crossover).time, 12);
    const before = firstArrival(rayArrivals(flat, 'P', 0, crossover - 0.01));
    const after = firstArrival(rayArrivals(flat, 'P', 0, crossover + 0.01));
    expect([before.branch, after.branch]).toEqual(['direct', 'head']);
  });

  it('has no head wave inside the critical distance, where the reflection is hyperbolic', () => {
    expect(headWaveArrival(flat, 'P', 0, 0, critical - 0.01)).toBeNull();
    expect(headWaveArrival(flat, 'P', 0, 0, critical + 0.01)).not.toBeNull();
    for (const x of [0, 3, critical, 40]) {
      const r = reflectionArrival(flat, 'P', 0, 0, x)!;
      expect(r.time).toBeCloseTo(Math.hypot(x, 2 * h) / v0, 12);
      expect(r.length).toBeCloseTo(Math.hypot(x, 2 * h), 9);
    }
    // At the critical distance the head wave starts on the reflection.
    const atCritical = headWaveArrival(flat, 'P', 0, 0, critical + 1e-9)!;
    expect(atCritical.time).toBeCloseTo(reflectionArrival(flat, 'P', 0, 0, critical)!.time, 9);
  });

  it('sums the delay times of every layer above a deeper refractor', () => {
    const vs = [400, 900, 2500];
    const hs = [3, 7];
    const m = model(
      vs.map((v) => layer(v)),
      [
        [3, 0],
        [10, 0],
      ],
    );
    const delay = hs.reduce(
      (s, hk, k) => s + (2 * hk * Math.sqrt(1 - (vs[k]! / vs[2]!) ** 2)) / vs[k]!,
      0,
    );
    for (const x of [40, 80, 150]) {
      expect(headWaveArrival(m, 'P', 1, 10, 10 + x)!.time).toBeCloseTo(x / vs[2]! + delay, 12);
    }
  });

  it('matches the dipping-layer formulas shooting down-dip and up-dip', () => {
    const dip = 6;
    const phi = (dip * Math.PI) / 180;
    const m = model([layer(v0), layer(v1)], [[8, dip]]); // deepens toward +x
    const theta = Math.asin(v0 / v1);
    const sx = 20;
    const hPerp = interfaceDepth(m.interfaces[0]!, sx) * Math.cos(phi);
    for (const x of [60, 120]) {
      const downDip = (x * Math.sin(theta + phi)) / v0 + (2 * hPerp * Math.cos(theta)) / v0;
      const upDip = (x * Math.sin(theta - phi)) / v0 + (2 * hPerp * Math.cos(theta)) / v0;
      expect(headWaveArrival(m, 'P', 0, sx, sx + x)!.time).toBeCloseTo(downDip, 12);
      expect(headWaveArrival(m, 'P', 0, sx, sx - x)!.time).toBeCloseTo(upDip, 12);
    }
    // Reciprocity: swapping source and receiver keeps every time.
    const ab = headWaveArrival(m, 'P', 0, sx, sx + 90)!;
    const ba = headWaveArrival(m, 'P', 0, sx + 90, sx)!;
    expect(ab.time).toBeCloseTo(ba.time, 12);
    expect(reflectionArrival(m, 'P', 0, sx, sx + 90)!.time).toBeCloseTo(
      reflectionArrival(m, 'P', 0, sx + 90, sx)!.time,
      12,
    );
  });

  it('leaves out paths that cross an interface outside the model extent', () => {
    const narrow = { ...flat, extent: [-5, 5] as [number, number] };
    expect(headWaveArrival(narrow, 'P', 0, 0, 60)).toBeNull();
    expect(reflectionArrival(narrow, 'P', 0, 0, 60)).toBeNull();
    expect(reflectionArrival(narrow, 'P', 0, -4, 4)).not.toBeNull();
    expect(rayArrivals(narrow, 'P', 0, 60).map((a) => a.branch)).toEqual(['direct']);
  });

  it('accumulates t* = sum of segment time / Q along the path', () => {
    const direct = directArrival(flat, 'P', 0, 30);
    expect(direct.tStar).toBeCloseTo(30 / v0 / 50, 14);
    const head = headWaveArrival(flat, 'P', 0, 0, 30)!;
    const slant = (2 * h) / Math.cos(Math.asin(v0 / v1));
    const run = 30 - critical;
    expect(head.length).toBeCloseTo(slant + run, 9);
    expect(head.tStar).toBeCloseTo(slant / v0 / 50 + run / v1 / 50, 12);
  });
});

describe('ray-theory times against a brute-force minimum over refraction paths', () => {
  it('agrees on dipping three-layer models for both refractors, P and S', () => {
    const rng = rngFor(42, 'brute-force');
    for (let trial = 0; trial < 4; trial++) {
      let m: VelocityModel;
      // Planar interfaces must not meet where the rays go: draw until they do not.
      do {
        m = model(
          [
            layer(rng.between(400, 800), rng.between(150, 300)),
            layer(rng.between(900, 1400), rng.between(350, 600)),
            layer(rng.between(2000, 3500), rng.between(800, 1500)),
          ],
          [
            [rng.between(2, 6), rng.between(-4, 4)],
            [rng.between(9, 16), rng.between(-4, 4)],
          ],
        );
        m.extent = [-150, 220];
      } while (!holds(m));
      const sx = rng.between(-10, 30);
      for (const wave of ['P', 'S'] as const) {
        for (const rx of [sx - 70, sx - 15, sx + 4, sx + 35, sx + 110]) {
          for (const j of [0, 1] as const) {
            const brute = bruteForce(m, wave, j, sx, rx);
            const head = headWaveArrival(m, wave, j, sx, rx);
            const reflection = reflectionArrival(m, wave, j, sx, rx)!;
            expect(reflection.time).toBeCloseTo(brute.reflection, 9);
            expect(Math.min(head?.time ?? Infinity, reflection.time)).toBeCloseTo(brute.withRun, 9);
            // A head wave exists exactly where the best path runs along the refractor.
            expect(head !== null).toBe(brute.withRun < brute.reflection - 1e-9);
          }
        }
      }
    }
  });
});

describe('first arrivals in sampled near-surface models', () => {
  it('never lets a reflection arrive first, and has no S head wave on the water table', () => {
    const line: [number, number] = [-30, 150];
    for (let seed = 0; seed < 20; seed++) {
      const m = sampleVelocityModel(rngFor(seed, 'model'), {
        layers: { min: 2, max: 4 },
        waterTable: 'always',
        maxDip: 8,
        topVp: { min: 400, max: 900 },
        bedrockVp: { min: 2000, max: 4500 },
        extent: line,
      });
      const water = m.interfaces.findIndex((f) => f.kind === 'water-table');
      expect(water).toBeGreaterThanOrEqual(0);
      expect(m.layers[water + 1]!.vp).toBeGreaterThanOrEqual(1450);
      expect(m.layers[water + 1]!.vs).toBe(m.layers[water]!.vs);
      for (const rx of [0, 20, 60, 120]) {
        for (const wave of ['P', 'S'] as const) {
          const all = rayArrivals(m, wave, -5, rx);
          const first = firstArrival(all);
          expect(first.branch).not.toBe('reflection');
          expect(first.time).toBe(Math.min(...all.map((a) => a.time)));
        }
        expect(headWaveArrival(m, 'S', water, -5, rx)).toBeNull();
      }
    }
  });
});
