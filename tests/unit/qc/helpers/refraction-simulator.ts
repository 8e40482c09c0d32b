/**
 * First-arrival times over plane layers, and simulated picks with noise and gross errors,
 * for the QC tests.
 */
import { seededRandom } from '../../../../src-main/qc/seeded-random';

export interface LayerModel {
  /** Top layer first, increasing downwards, m/s. */
  velocities: number[];
  /** Thickness of every layer but the half-space, m (vertical, at x = 0 when dipping). */
  thicknesses: number[];
  /** Dip of the single interface of a two-layer model, degrees; depth grows with x. */
  dipDegrees?: number;
}

/** The earliest of the direct wave and every head wave. */
export function firstArrival(model: LayerModel, source: number, receiver: number): number {
  const x = Math.abs(receiver - source);
  const v = model.velocities;
  let t = x / v[0]!;
  if (model.dipDegrees !== undefined) {
    if (v.length !== 2) throw new Error('dip is only simulated for two layers');
    const dip = (model.dipDegrees * Math.PI) / 180;
    const critical = Math.asin(v[0]! / v[1]!);
    const perpendicularDepth = (model.thicknesses[0]! + source * Math.tan(dip)) * Math.cos(dip);
    const downDip = receiver > source;
    const head =
      (x * Math.sin(critical + (downDip ? dip : -dip))) / v[0]! +
      (2 * perpendicularDepth * Math.cos(critical)) / v[0]!;
    return Math.min(t, head);
  }
  for (let n = 1; n < v.length; n++) {
    let delay = 0;
    for (let i = 0; i < n; i++) {
      delay += (2 * model.thicknesses[i]! * Math.sqrt(v[n]! ** 2 - v[i]! ** 2)) / (v[n]! * v[i]!);
    }
    t = Math.min(t, x / v[n]! + delay);
  }
  return t;
}

export function gaussian(random: () => number): () => number {
  return () => {
    const u = 1 - random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
}

export interface SimulatedPick {
  id: string;
  source: number;
  receiver: number;
  truth: number;
  time: number;
  displaced: boolean;
}

export interface SimulationOptions {
  receivers: number[];
  sources: number[];
  sampleInterval: number;
  /** Pick noise before rounding to the sample grid, in samples. */
  noiseSamples: number;
  /** Share of picks displaced by a gross error. */
  displacedShare: number;
  /** Gross error range, samples; the sign is random unless the time would go negative. */
  displacement: [number, number];
  seed: number;
}

/** Picks on the sample grid: truth + Gaussian noise, a share of them displaced grossly. */
export function simulatePicks(model: LayerModel, o: SimulationOptions): SimulatedPick[] {
  const random = seededRandom(o.seed);
  const normal = gaussian(random);
  const dt = o.sampleInterval;
  const picks = o.sources.flatMap((source) =>
    o.receivers.map((receiver) => {
      const truth = firstArrival(model, source, receiver);
      const time = Math.max(0, Math.round((truth + o.noiseSamples * dt * normal()) / dt)) * dt;
      return { id: `${source}:${receiver}`, source, receiver, truth, time, displaced: false };
    }),
  );
  const count = Math.round(o.displacedShare * picks.length);
  const order = picks.map((_, i) => i);
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(random() * (order.length - i));
    [order[i], order[j]] = [order[j]!, order[i]!];
    const pick = picks[order[i]!]!;
    const [lo, hi] = o.displacement;
    const samples = lo + Math.floor(random() * (hi - lo + 1));
    const sign = random() < 0.5 && pick.time - samples * dt >= 0 ? -1 : 1;
    pick.time += sign * samples * dt;
    pick.displaced = true;
  }
  return picks;
}
