import type { LayerPick } from '../../../../src-main/inversion/layer-picks';
import { seededRandom } from '../../../../src-main/qc/seeded-random';
import { firstArrival, rayArrivals } from '../../../../src-main/training/synth/ray-times';
import type { VelocityModel } from '../../../../src-main/training/synth/velocity-model';

/**
 * First arrivals of a simulator model by its ray theory, with Gaussian errors of σ (0.5 ms
 * for P, 1 ms for S) from a seeded generator: a flat line, every receiver of every shot.
 */
export function rayPicks(
  model: VelocityModel,
  wave: 'P' | 'S',
  line: { receivers: readonly number[]; shots: readonly number[]; seed: number },
): LayerPick[] {
  const random = seededRandom(line.seed);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const sigma = wave === 'P' ? 0.0005 : 0.001;
  return line.shots.flatMap((shotX, s) =>
    line.receivers.map((receiverX) => ({
      shotX,
      shotZ: 0,
      receiverX,
      receiverZ: 0,
      time: firstArrival(rayArrivals(model, wave, shotX, receiverX)).time + sigma * gauss(),
      sigma,
      layer: null,
      shotId: s + 1,
    })),
  );
}
