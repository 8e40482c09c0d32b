import { rngFor } from '../random';
import { firstArrival, rayArrivals } from './ray-times';
import { sampleVelocityModel, type VelocityModel, type WaveType } from './velocity-model';

/**
 * A simulated refraction line with its truth, for measuring velocity sections: a layered
 * model drawn by the simulator's own velocity-model code, and P and S first-arrival times
 * over the same stations from its ray theory (the labels `pickline synth` writes), plus
 * Gaussian pick errors of a known σ. No waveforms: what a section is measured on is the
 * inversion, not the picker.
 */
export interface RefractionLineSpec {
  seed: number;
  /** A water table in the model (it adds a saturated layer: Vp up, Vs unchanged). */
  waterTable: boolean;
  receivers?: number;
  /** m */
  spacing?: number;
  /** Shots inside the spread, besides one off each end. */
  innerShots?: number;
  /** Pick error σ per wave, s. */
  sigma?: Record<WaveType, number>;
}

export interface LinePick {
  shotId: number;
  sourceX: number;
  receiverX: number;
  /** s, with the pick error */
  time: number;
  sigma: number;
  /** The true first arrival's head-wave interface, or null for the direct wave. */
  refractor: number | null;
}

export interface RefractionLine {
  model: VelocityModel;
  receivers: number[];
  shots: number[];
  picks: Record<WaveType, LinePick[]>;
}

const DEFAULTS = { receivers: 48, spacing: 2, innerShots: 8, sigma: { P: 0.0005, S: 0.001 } };
/** The model must hold beyond the outermost stations (velocity-model.ts: extent). */
const MARGIN = 30;

/**
 * Two geological units with a water table (dry over saturated over a third unit), or two or
 * three without; gentle dips, the simulator's velocity ranges.
 */
export function refractionLine(spec: RefractionLineSpec): RefractionLine {
  const { receivers: n, spacing, innerShots, sigma } = { ...DEFAULTS, ...spec };
  const receivers = Array.from({ length: n }, (_, i) => i * spacing);
  const end = receivers[n - 1]!;
  // Inner shots halfway between receivers, evenly along the spread; one off each end.
  const step = Math.floor(n / innerShots);
  const shots = [
    -2 * spacing,
    ...Array.from(
      { length: innerShots },
      (_, k) => (k * step + Math.floor(step / 2) - 0.5) * spacing,
    ),
    end + 2 * spacing,
  ];
  const model = sampleVelocityModel(rngFor(spec.seed, 'model'), {
    layers: spec.waterTable ? { min: 1, max: 2 } : { min: 2, max: 3 },
    waterTable: spec.waterTable ? 'always' : 'never',
    maxDip: 6,
    topVp: { min: 300, max: 700 },
    bedrockVp: { min: 2000, max: 4000 },
    extent: [shots[0]! - MARGIN, shots.at(-1)! + MARGIN],
  });
  const picksOf = (wave: WaveType): LinePick[] => {
    const noise = rngFor(spec.seed, 'pick-errors', wave);
    return shots.flatMap((sourceX, s) =>
      receivers.map((receiverX) => {
        const first = firstArrival(rayArrivals(model, wave, sourceX, receiverX));
        return {
          shotId: s + 1,
          sourceX,
          receiverX,
          time: first.time + noise.gaussian(0, sigma[wave]),
          sigma: sigma[wave],
          refractor: first.branch === 'head' ? first.interface : null,
        };
      }),
    );
  };
  return { model, receivers, shots, picks: { P: picksOf('P'), S: picksOf('S') } };
}
