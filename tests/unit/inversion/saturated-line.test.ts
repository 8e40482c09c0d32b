import { describe, expect, it } from 'vitest';
import { assignLayers, type LayerPick } from '../../../src-main/inversion/layer-picks';
import { timeTerms } from '../../../src-main/inversion/time-terms';
import { seededRandom } from '../../../src-main/qc/seeded-random';
import { firstArrival, rayArrivals } from '../../../src-main/training/synth/ray-times';
import { SATURATED_LINE } from './model-layer';

/**
 * Time-terms on what the crews look for: dry sediment (500 m/s) over water-saturated sediment
 * (1,700 m/s) over bedrock (3,000 m/s), both interfaces dipping, first arrivals from the
 * simulator's ray tracer with 0.5 ms of noise; 48 receivers at 2 m, 14 shots along the line
 * and off both ends. Shots near an end see the saturated layer's branch too briefly for the
 * QC's fit, so their sides show the bedrock as their only refractor: numbered in turn, it
 * became "layer 2" and pulled the saturated layer's velocity to 2,400 m/s.
 */
// Only the P velocities matter here.
const { model: MODEL, receivers: RECEIVERS, shots: SHOTS } = SATURATED_LINE;

function line(seed: number): { picks: LayerPick[]; truth: number[] } {
  const random = seededRandom(seed);
  const gauss = () => {
    let u = 0;
    while (u === 0) u = random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const picks: LayerPick[] = [];
  const truth: number[] = [];
  SHOTS.forEach((shotX, s) =>
    RECEIVERS.forEach((receiverX) => {
      if (receiverX === shotX) return;
      const first = firstArrival(rayArrivals(MODEL, 'P', shotX, receiverX));
      picks.push({
        shotX,
        shotZ: 0,
        receiverX,
        receiverZ: 0,
        time: first.time + 0.0005 * gauss(),
        sigma: 0.0005,
        layer: null,
        shotId: s + 1,
      });
      truth.push(first.branch === 'direct' ? 1 : first.interface! + 2);
    }),
  );
  return { picks, truth };
}

describe('time-terms on a saturated layer over bedrock', () => {
  it.each([7, 8, 9])('tell the three branches apart and recover them (seed %i)', (seed) => {
    const { picks, truth } = line(seed);
    const assigned = assignLayers(picks);
    const wrong = assigned.filter((l, i) => l !== 0 && l !== truth[i]).length;
    // Measured 3.6-7.6 % over seeds 7-11 (before: 11 %), all near crossovers.
    expect(wrong / picks.length).toBeLessThan(0.08);

    const result = timeTerms(picks);
    expect(result.layers.map((l) => l.layer)).toEqual([1, 2, 3]);
    // Measured over seeds 7-11: 0.1-1.4 %, 0.2-4.4 % and 2-13 % (the bedrock comes out slow:
    // crossover picks of the saturated layer go to it).
    const truthV = [500, 1700, 3000];
    const bounds = [0.02, 0.05, 0.15];
    result.layers.forEach((l, k) => {
      expect(Math.abs(l.velocity / truthV[k]! - 1), `layer ${k + 1}`).toBeLessThan(bounds[k]!);
    });
    // Depths where shots on both sides reach the refractor: the water table within 10 %
    // everywhere; the bedrock, slow and so shallow towards the ends, within 15 % at the
    // median station (up to 25 % at the worst one, seed 8).
    const errors = (face: (typeof result.interfaces)[number]) => {
      const model = MODEL.interfaces[face.layer - 2]!;
      return face.points
        .filter((q) => q.x >= 10 && q.x <= 84)
        .map((q) => Math.abs(-q.z / (model.depth + model.slope * q.x) - 1))
        .sort((a, b) => a - b);
    };
    const [waterTable, bedrock] = result.interfaces.map(errors);
    expect(waterTable!.length).toBeGreaterThan(20);
    expect(waterTable!.at(-1)).toBeLessThan(0.1);
    expect(bedrock![Math.floor(bedrock!.length / 2)]).toBeLessThan(0.15);
    expect(result.chi2).toBeGreaterThan(0.5);
    expect(result.chi2).toBeLessThan(2);
  });
});
