/**
 * Time terms of one refractor: every head-wave pick of it is t = d / v + a_source + a_receiver,
 * with d the horizontal source-receiver distance, v the refractor's velocity and a the delay
 * of the station (the time the ray spends getting down to the refractor and back up, less the
 * time to cover the same horizontal distance along it). Solved by weighted least squares
 * (weights 1/σ²) for the slowness and one delay per station that has picks of this refractor.
 *
 * Over a planar refractor this model is exact, dipping or not, under a planar surface: d
 * then only needs a factor set by the two dips (cos δ for a flat surface) that the velocity
 * takes up, a fraction of a percent at the dips of a refraction line. Two things
 * the picks alone may leave open are closed by regularisation rows:
 *
 * - Smoothness: each delay is drawn towards the line through its two neighbours, with
 *   weight `damping`² relative to one pick at its σ. A planar refractor under a planar
 *   surface has delays on a line, so exact picks pay nothing for it; a station with one or
 *   two picks (or a shot between receivers, which alone could trade its delay against every
 *   receiver's) follows its neighbours instead of exploding.
 * - Without reversed coverage, a tilt of all delays trades exactly against the velocity
 *   (the dip cannot be resolved); neighbouring delays are then also drawn towards each other,
 *   which picks the solution without tilt: a refractor parallel to the surface's general
 *   trend (flat under a flat surface), as the warning of time-terms.ts says.
 *
 * A last ridge towards 0, a 10⁻⁹ share of one pick, keeps the system solvable with damping 0
 * without moving any delay the picks or the smoothness determine (10⁻⁴ moved them by µs).
 */
import { InversionError } from './errors';
import { solveSparseLeastSquares, type SparseRow } from './sparse-least-squares';
import { median } from '../qc/robust-stats';

export interface HeadWavePick {
  source: number;
  receiver: number;
  /** Horizontal source-receiver distance, m. */
  distance: number;
  time: number;
  sigma: number;
}

export interface RefractorTimeTerms {
  velocity: number;
  /** Per station (of all the line's stations): its delay, s, or NaN without picks here. */
  delays: Float64Array;
  /** Per station: how many picks of this refractor it took part in. */
  picks: Int32Array;
  /** Per pick, in input order. */
  modelled: Float64Array;
}

const RIDGE_SHARE = 1e-9;

/**
 * @param stationX x of every station of the line, ascending.
 * @param reversed whether the refractor was shot from both ends (see refractor-coverage.ts).
 */
export function refractorTimeTerms(
  picks: readonly HeadWavePick[],
  stationX: readonly number[],
  options: { damping: number; reversed: boolean; layer: number },
): RefractorTimeTerms {
  const counts = new Int32Array(stationX.length);
  for (const p of picks) {
    counts[p.source]!++;
    counts[p.receiver]!++;
  }
  const involved = stationX.flatMap((_, i) => (counts[i]! > 0 ? [i] : []));
  const column = new Map(involved.map((s, k) => [s, k + 1]));
  let scale = 0;
  for (const p of picks) scale = Math.max(scale, p.distance);
  const sigmaRef = median(picks.map((p) => p.sigma));
  const rows: SparseRow[] = picks.map((p) => ({
    columns: [0, column.get(p.source)!, column.get(p.receiver)!],
    values: [p.distance / scale, 1, 1],
    rhs: p.time,
    weight: 1 / p.sigma ** 2,
  }));
  const smoothWeight = options.damping ** 2 / sigmaRef ** 2;
  if (smoothWeight > 0) {
    for (let k = 1; k + 1 < involved.length; k++) {
      const [a, b, c] = [involved[k - 1]!, involved[k]!, involved[k + 1]!];
      const span = stationX[c]! - stationX[a]!;
      rows.push({
        columns: [column.get(a)!, column.get(b)!, column.get(c)!],
        values: [-(stationX[c]! - stationX[b]!) / span, 1, -(stationX[b]! - stationX[a]!) / span],
        rhs: 0,
        weight: smoothWeight,
      });
    }
    if (!options.reversed) {
      for (let k = 1; k < involved.length; k++) {
        rows.push({
          columns: [column.get(involved[k - 1]!)!, column.get(involved[k]!)!],
          values: [1, -1],
          rhs: 0,
          weight: smoothWeight,
        });
      }
    }
  }
  for (const s of involved) {
    rows.push({
      columns: [column.get(s)!],
      values: [1],
      rhs: 0,
      weight: RIDGE_SHARE / sigmaRef ** 2,
    });
  }
  const solution = solveSparseLeastSquares(involved.length + 1, rows);
  const slowness = solution ? solution[0]! / scale : NaN;
  if (!solution || !(slowness > 0)) {
    throw new InversionError(
      `the picks of layer ${options.layer} do not rise with distance: layer ${options.layer} has no velocity`,
    );
  }
  const delays = new Float64Array(stationX.length).fill(NaN);
  involved.forEach((s) => (delays[s] = solution[column.get(s)!]!));
  return {
    velocity: 1 / slowness,
    delays,
    picks: counts,
    modelled: Float64Array.from(
      picks,
      (p) => p.distance * slowness + delays[p.source]! + delays[p.receiver]!,
    ),
  };
}
