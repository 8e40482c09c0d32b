import { tomography } from '../src-main/inversion/tomography';
import { syntheticLine } from '../tests/unit/inversion/helpers/synthetic-line';
import type { BenchCase } from './harness';

const RECEIVERS = 96;

/**
 * Refraction tomography of a whole line (issue 19): 96 shots × 96 receivers at 2 m, 9,216
 * picks with σ = 0.5 ms, modelled on a 0.5 m grid and inverted end to end with the defaults
 * (1 m cells, up to 10 Gauss-Newton iterations), single-threaded. The note gives the final
 * chi² and the iterations it took, so a faster run that fits worse shows.
 */
export function tomographyCases(): BenchCase[] {
  const line = syntheticLine({
    receivers: RECEIVERS,
    spacing: 2,
    shotEvery: 1,
    sigma: 0.0005,
    seed: 1,
    cellSize: 0.5,
  });
  // One shot between each pair of receivers and one past the last: 96 shots, none off the ends.
  const picks = line.picks.filter((p) => p.sourceX > 0 && p.sourceX < RECEIVERS * 2);
  let last = '';
  return [
    {
      suite: 'tomography',
      name: `invert a ${picks.length / RECEIVERS} x ${RECEIVERS} line (default grid and options)`,
      items: picks.length,
      unit: 'picks/s',
      target: '≤ 60000 ms',
      warmup: 0,
      rounds: 3,
      note: () => last,
      round: () => () => {
        const result = tomography(picks, line.surface);
        const final = result.iterations[result.iterations.length - 1]!;
        last = `chi² ${final.chi2.toFixed(2)} after ${result.iterations.length - 1} iterations, ${result.x.length} x ${result.z.length} nodes`;
      },
    },
  ];
}
