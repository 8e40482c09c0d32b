/**
 * Velocity of the top layer from the direct-wave picks: one slope shared by every shot's
 * direct branch, t = d / v₁ + c_shot, with d the straight distance from source to receiver
 * (the direct ray runs straight through the top layer, also over a slope).
 *
 * The intercept c_shot takes up what moves a whole gather (a trigger delay, a buried
 * source), which would otherwise tilt the slope. A gather with one direct pick cannot tell
 * its intercept from its time, so each intercept is also drawn towards 0 with the weight of
 * one pick: a lone pick then still counts half towards the slope, and a well-sampled branch
 * keeps its own intercept.
 */
import { InversionError } from './errors';
import { solveSparseLeastSquares, type SparseRow } from './sparse-least-squares';

export interface DirectWavePick {
  shotId: number;
  /** Source to receiver, m. */
  distance: number;
  time: number;
  sigma: number;
}

export interface DirectWaveFit {
  velocity: number;
  /** Per pick, in input order: the fitted time. */
  modelled: Float64Array;
}

export function fitDirectWave(picks: readonly DirectWavePick[]): DirectWaveFit {
  const shots = [...new Set(picks.map((p) => p.shotId))];
  const shotColumn = new Map(shots.map((id, i) => [id, i + 1]));
  // Slowness is solved for as s·D, in seconds like the intercepts, to keep the normal
  // equations balanced.
  let scale = 0;
  for (const p of picks) scale = Math.max(scale, p.distance);
  if (!(scale > 0)) {
    throw new InversionError(
      'the direct-wave picks (layer 1) are all at the source: layer 1 has no velocity',
    );
  }
  const rows: SparseRow[] = picks.map((p) => ({
    columns: [0, shotColumn.get(p.shotId)!],
    values: [p.distance / scale, 1],
    rhs: p.time,
    weight: 1 / p.sigma ** 2,
  }));
  for (const id of shots) {
    const sigmas = picks.filter((p) => p.shotId === id).map((p) => p.sigma);
    const typical = sigmas.reduce((a, b) => a + b, 0) / sigmas.length;
    rows.push({ columns: [shotColumn.get(id)!], values: [1], rhs: 0, weight: 1 / typical ** 2 });
  }
  const solution = solveSparseLeastSquares(shots.length + 1, rows);
  const slowness = solution ? solution[0]! / scale : NaN;
  if (!solution || !(slowness > 0)) {
    throw new InversionError(
      'the direct-wave picks (layer 1) do not rise with distance: layer 1 has no velocity',
    );
  }
  return {
    velocity: 1 / slowness,
    modelled: Float64Array.from(
      picks,
      (p) => p.distance * slowness + solution[shotColumn.get(p.shotId)!]!,
    ),
  };
}
