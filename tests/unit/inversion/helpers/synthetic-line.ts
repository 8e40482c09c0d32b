/**
 * A synthetic hammer line for the tomography tests and benchmark: receivers every `spacing`
 * metres on a gently sloping surface, shots every few receivers and off both ends, first
 * arrivals modelled on a grid four times finer than the inversion's, plus Gaussian noise.
 */
import {
  modelledTimes,
  sectionGrid,
  type SurfacePoint,
  type TomographyPick,
} from '../../../../src-main/inversion/tomography';
import { seededRandom } from '../../../../src-main/qc/seeded-random';

export interface SyntheticLine {
  picks: TomographyPick[];
  surface: SurfacePoint[];
  /** The true velocity at a depth below the surface and an x. */
  velocity: (x: number, depth: number) => number;
}

export interface LineSpec {
  receivers: number;
  spacing: number;
  /** Receivers between shots. */
  shotEvery: number;
  sigma: number;
  seed: number;
  /** Cell size of the modelling grid, m. */
  cellSize: number;
}

/**
 * Velocity from 400 m/s at the surface towards 2,500 m/s at depth (1,900 at 8 m, 2,300 at
 * 15 m), compaction-like, with a lateral ripple of ±40 m/s.
 */
export const hammerLineVelocity = (x: number, depth: number) =>
  2500 - 2100 * Math.exp(-depth / 7) + 40 * Math.sin(x / 15);

const elevation = (x: number) => 0.03 * x + 0.5 * Math.sin(x / 20);

export function syntheticLine(spec: LineSpec): SyntheticLine {
  const receiverX = Array.from({ length: spec.receivers }, (_, i) => i * spec.spacing);
  const end = receiverX[receiverX.length - 1]!;
  const shotX = [-3 * spec.spacing, end + 3 * spec.spacing];
  for (let i = 0; i < spec.receivers; i += spec.shotEvery) shotX.push((i + 0.5) * spec.spacing);
  const surface = Array.from({ length: 41 }, (_, i) => {
    const x = -5 * spec.spacing + ((end + 10 * spec.spacing) * i) / 40;
    return { x, z: elevation(x) };
  });
  const grid = sectionGrid({
    xMin: shotX[0]!,
    xMax: shotX[1]!,
    surface,
    depth: end / 2,
    cellSize: spec.cellSize,
  });
  const velocity = new Float64Array(grid.nx * grid.nz);
  for (let i = 0; i < grid.nz; i++) {
    for (let j = 0; j < grid.nx; j++) {
      velocity[i * grid.nx + j] = hammerLineVelocity(grid.x[j]!, grid.surface[j]! - grid.z[i]!);
    }
  }
  const pairs = shotX.flatMap((s) =>
    receiverX.map((r) => ({
      sourceX: s,
      sourceZ: elevation(s),
      receiverX: r,
      receiverZ: elevation(r),
    })),
  );
  const times = modelledTimes(grid, velocity, pairs);
  const random = seededRandom(spec.seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  return {
    picks: pairs.map((p, i) => ({
      ...p,
      time: times[i]! + spec.sigma * gaussian(),
      sigma: spec.sigma,
    })),
    surface,
    velocity: hammerLineVelocity,
  };
}
