/**
 * First arrivals over parallel planar layers under a planar surface, in closed form, and
 * synthetic refraction lines made of them for the inversion tests.
 *
 * Layers and surface may both slope (independently). In a frame turned by the layers' dip δ,
 * the layers are flat: a head wave along the top of layer n + 1 covers the distance L
 * between the feet of the source's and the receiver's perpendiculars on that interface at
 * vₙ₊₁, and crosses each layer i above twice at its critical angle θᵢ (sin θᵢ = vᵢ / vₙ₊₁),
 * t = L / vₙ₊₁ + Σᵢ (wᵢ(S) + wᵢ(R)) cos θᵢ / vᵢ, with wᵢ the thickness of layer i
 * perpendicular to the layering above each end. The head wave exists from L ≥ Σᵢ (wᵢ(S) +
 * wᵢ(R)) tan θᵢ on. The direct wave runs straight along the surface. The first arrival is
 * the earliest of them.
 */
import { seededRandom } from '../../../../src-main/qc/seeded-random';
import type { LayerPick } from '../../../../src-main/inversion/layer-picks';

export interface PlanarModel {
  /** Layer 1 first, m/s. */
  velocities: number[];
  /** Surface elevation at x = 0 and its slope dz/dx. */
  surface: { z0: number; slope: number };
  /** Elevation at x = 0 of the top of layer 2, 3, …, and the common slope dz/dx of them all. */
  interfaces: { z0: number[]; slope: number };
}

export function surfaceZ(model: PlanarModel, x: number): number {
  return model.surface.z0 + model.surface.slope * x;
}

/** Elevation of the top of `layer` (2, 3, …) at x. */
export function interfaceZ(model: PlanarModel, layer: number, x: number): number {
  return model.interfaces.z0[layer - 2]! + model.interfaces.slope * x;
}

/** Every arrival that exists between surface positions a and b: [direct, head 2, head 3, …]. */
export function arrivals(model: PlanarModel, a: number, b: number): number[] {
  const v = model.velocities;
  const za = surfaceZ(model, a);
  const zb = surfaceZ(model, b);
  const dip = Math.atan(model.interfaces.slope);
  const cos = Math.cos(dip);
  const along = Math.abs((b - a) * cos + (zb - za) * Math.sin(dip));
  const thicknesses = (x: number, z: number): number[] =>
    v
      .slice(0, -1)
      .map((_, i) =>
        i === 0
          ? (z - interfaceZ(model, 2, x)) * cos
          : (model.interfaces.z0[i - 1]! - model.interfaces.z0[i]!) * cos,
      );
  const wa = thicknesses(a, za);
  const wb = thicknesses(b, zb);
  const times = [Math.hypot(b - a, zb - za) / v[0]!];
  for (let n = 1; n < v.length; n++) {
    let t = along / v[n]!;
    let critical = 0;
    for (let i = 0; i < n; i++) {
      const sin = v[i]! / v[n]!;
      const cosI = Math.sqrt(1 - sin ** 2);
      t += ((wa[i]! + wb[i]!) * cosI) / v[i]!;
      critical += ((wa[i]! + wb[i]!) * sin) / cosI;
    }
    times.push(along >= critical ? t : Infinity);
  }
  return times;
}

export interface Line {
  picks: LayerPick[];
  /** Per pick: the time without noise, and every arrival (layer 1, 2, …; Infinity if none). */
  truth: number[];
  arrivals: number[][];
}

export interface LineOptions {
  receivers: number[];
  shots: number[];
  /** Gaussian noise added to every pick, s; also every pick's σ (default 0.5 ms). */
  noise?: number;
  sigma?: number;
  seed?: number;
}

/** A line's first-arrival picks, labelled with the true layer; no pick at the source itself. */
export function simulateLine(model: PlanarModel, o: LineOptions): Line {
  const normal = gaussian(seededRandom(o.seed ?? 1));
  const picks: LayerPick[] = [];
  const truth: number[] = [];
  const all: number[][] = [];
  o.shots.forEach((shotX, shotId) => {
    for (const receiverX of o.receivers) {
      if (receiverX === shotX) continue;
      const times = arrivals(model, shotX, receiverX);
      const first = times.reduce((best, t, i) => (t < times[best]! ? i : best), 0);
      const t = times[first]!;
      picks.push({
        shotX,
        shotZ: surfaceZ(model, shotX),
        receiverX,
        receiverZ: surfaceZ(model, receiverX),
        time: t + (o.noise ?? 0) * normal(),
        sigma: o.sigma ?? 0.0005,
        layer: first + 1,
        shotId,
      });
      truth.push(t);
      all.push(times);
    }
  });
  return { picks, truth, arrivals: all };
}

export function gaussian(random: () => number): () => number {
  return () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** Receivers every `spacing` m from 0. */
export function spread(count: number, spacing: number): number[] {
  return Array.from({ length: count }, (_, i) => i * spacing);
}

/** 48 receivers 2 m apart; shots half a spacing off both ends and two inside on receivers. */
export const RECEIVERS = spread(48, 2);
export const SHOTS = [-1, 30, 64, 95];

/** Two layers, refractor 8 m deep under a flat surface. */
export const FLAT: PlanarModel = {
  velocities: [500, 2000],
  surface: { z0: 100, slope: 0 },
  interfaces: { z0: [92], slope: 0 },
};

/** The refractor dips 5.7° (10 %) to +x: 5 m deep at x = 0, 14.4 m at the far end. */
export const DIPPING: PlanarModel = {
  velocities: [500, 2000],
  surface: { z0: 100, slope: 0 },
  interfaces: { z0: [95], slope: -0.1 },
};

/** The surface falls 6 % to +x and the refractor 10 %: 8 m deep at x = 0, 11.8 m at the end. */
export const SLOPING: PlanarModel = {
  velocities: [500, 2000],
  surface: { z0: 100, slope: -0.06 },
  interfaces: { z0: [92], slope: -0.1 },
};

/** Three layers under a 4 % slope, dipping 2 %: 4 m of layer 1 over 8 m of layer 2 at x = 0. */
export const THREE_LAYERS: PlanarModel = {
  velocities: [400, 1200, 3000],
  surface: { z0: 100, slope: -0.04 },
  interfaces: { z0: [96, 88], slope: -0.02 },
};
export const THREE_LAYER_SHOTS = [-1, 22, 46, 70, 95];
