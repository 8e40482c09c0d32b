/**
 * The picks an inversion reads, whatever the method and the phase, and which refraction
 * branch (layer) each belongs to.
 *
 * A person assigns branches in the travel-time view; what they leave unassigned is read off
 * the QC's robust branch fit of that gather and side of the source (qc/refraction-branches):
 * its segments are the branches, nearest the source first.
 */
import { fitRefractionBranches } from '../qc/refraction-branches';
import { segmentAt } from '../qc/branch-model';
import { maxOf } from '../numeric/extent';
import { median } from '../qc/robust-stats';

export interface LayerPick {
  shotX: number;
  shotZ: number;
  receiverX: number;
  receiverZ: number;
  time: number;
  /** s */
  sigma: number;
  /** 1 = direct wave, 2 = first refractor, 3 = second; null = not assigned */
  layer: number | null;
  /** the gather it belongs to */
  shotId: number;
}

/** Finite positions and time, σ > 0, and a layer that is a whole number from 1 if any. */
export function isUsablePick(p: LayerPick): boolean {
  return (
    Number.isFinite(p.shotX) &&
    Number.isFinite(p.receiverX) &&
    Number.isFinite(p.time) &&
    p.sigma > 0 &&
    Number.isFinite(p.sigma) &&
    (p.layer === null || (Number.isInteger(p.layer) && p.layer >= 1))
  );
}

/**
 * A first segment whose line passes this far above the origin is not the direct wave, which
 * starts at the source at time 0: it is the first refractor seen from an off-end shot. Picks
 * near a source are often a little late, so the bound allows a few of the fit's scales.
 */
const DIRECT_INTERCEPT_SCALES = 4;
const DIRECT_INTERCEPT_MIN = 0.002;

/**
 * By default neighbouring segments whose apparent velocities differ by less than this factor
 * are one branch: with noisy picks near the source the fit sometimes buys a kink within the
 * direct wave (its criterion nearly ties). A weaker contrast can still be a layer (637 over
 * 808 m/s on a simulated line): time-terms try every kink as its own branch too, and keep
 * that when the picks resolve it (time-terms.ts).
 */
export const MIN_BRANCH_CONTRAST = 1.25;

/**
 * Layers for the picks a person left unassigned, from the QC's robust branch fits per gather
 * and side of the source; assigned ones are kept.
 *
 * A side's first segment is the direct wave, unless it neither starts at the origin nor runs
 * at the direct wave's speed: then the side was shot from off the end (both tests, because a
 * few noisy direct picks far from the source extrapolate to an intercept of several ms). Its
 * later segments, and an off-end side's first, take the layer whose speed on the sides that
 * show every layer is nearest, deeper than the segment before: a side near the line's end
 * may see the bedrock without the saturated layer above it, and must not call it layer 2.
 * Neighbouring segments whose velocities differ by less than `contrast` are one layer; a
 * later segment whose speed is nearest its predecessor's layer stays in it.
 *
 * Every pick of a side takes part in its fit, assigned or not, so that a few unassigned picks
 * still see the whole curve. A pick at the source is the direct wave. 0 marks a pick that
 * could not be assigned: its side has too few picks for a fit (fewer than three).
 */
export function assignLayers(
  picks: readonly LayerPick[],
  contrast: number = MIN_BRANCH_CONTRAST,
): number[] {
  const layers = picks.map((p) => p.layer ?? (p.receiverX === p.shotX ? 1 : 0));
  const sides = new Map<string, number[]>();
  picks.forEach((p, i) => {
    if (p.receiverX === p.shotX) return;
    const key = `${p.shotId}|${p.receiverX > p.shotX ? '+' : '-'}`;
    const members = sides.get(key);
    if (members) members.push(i);
    else sides.set(key, [i]);
  });
  const fits = [...sides.values()]
    .filter((members) => members.some((i) => picks[i]!.layer === null))
    .flatMap((members) => {
      const distances = members.map((i) => Math.abs(picks[i]!.receiverX - picks[i]!.shotX));
      const fit = fitRefractionBranches(
        distances,
        members.map((i) => picks[i]!.time),
      );
      if (!fit) return [];
      const throughOrigin =
        fit.intercept <= Math.max(DIRECT_INTERCEPT_SCALES * fit.scale, DIRECT_INTERCEPT_MIN);
      return [{ members, distances, fit, throughOrigin }];
    });
  // Each side's segments numbered in turn, merging neighbours of nearly the same speed.
  const layersOf = fits.map(({ fit }) => {
    const layerOfSegment = [1];
    for (let j = 1; j < fit.slopes.length; j++) {
      const faster = fit.slopes[j - 1]! / fit.slopes[j]! >= contrast;
      layerOfSegment.push(layerOfSegment[j - 1]! + (faster ? 1 : 0));
    }
    return layerOfSegment;
  });
  // Each layer's slope, from the sides that start at the source and show the most layers:
  // a side that sees fewer (a short spread towards the line's end, where a middle layer's
  // branch is too short to fit) would call its deepest refractor layer 2. "The most" is what
  // a fifth of those sides (and at least two) reach: one noisy side's extra kink is no layer.
  const counts = fits.flatMap(({ throughOrigin }, f) =>
    throughOrigin ? [layersOf[f]!.at(-1)!] : [],
  );
  const enough = Math.max(2, Math.ceil(0.2 * counts.length));
  const deepest = maxOf([
    1,
    ...counts.filter((n) => counts.filter((m) => m >= n).length >= enough),
  ]);
  const slopesOfLayer: number[][] = [];
  fits.forEach(({ fit, throughOrigin }, f) => {
    if (!throughOrigin || layersOf[f]!.at(-1) !== deepest) return;
    layersOf[f]!.forEach((layer, j) => (slopesOfLayer[layer - 1] ??= []).push(fit.slopes[j]!));
  });
  const reference = Array.from(slopesOfLayer, (slopes) => (slopes ? median(slopes) : null));
  fits.forEach(({ members, distances, fit, throughOrigin }, f) => {
    const direct = reference[0] ?? null;
    const offEnd =
      !throughOrigin && (direct === null || direct / fit.slopes[0]! >= MIN_BRANCH_CONTRAST);
    // Later segments take the layer of the nearest speed, never above the one before: a
    // kink the reference sides do not show (a 380 m/s segment after a 280 m/s one, where
    // the next layer runs at 1,800) stays in the layer before.
    const layerOfSegment: number[] = [];
    layersOf[f]!.forEach((sequential, j) => {
      if (j === 0) {
        layerOfSegment.push(offEnd ? (nearestLayer(fit.slopes[0]!, reference, 2) ?? 1) : 1);
        return;
      }
      const previous = layerOfSegment[j - 1]!;
      if (sequential === layersOf[f]![j - 1]) {
        layerOfSegment.push(previous);
        return;
      }
      const deeper = nearestLayer(fit.slopes[j]!, reference, previous + 1);
      const stays =
        deeper === null ||
        misfit(fit.slopes[j]!, reference[previous - 1]) <
          misfit(fit.slopes[j]!, reference[deeper - 1]);
      layerOfSegment.push(stays ? previous : deeper);
    });
    members.forEach((i, k) => {
      if (picks[i]!.layer === null) layers[i] = layerOfSegment[segmentAt(fit, distances[k]!)]!;
    });
  });
  return layers;
}

/** How far a segment's slope is from a layer's reference slope, by ratio (∞ for none). */
const misfit = (slope: number, reference: number | null | undefined): number =>
  reference ? Math.abs(Math.log(slope / reference)) : Infinity;

/**
 * The refractor, from `lowest` down, whose slope on the reference sides is nearest this
 * segment's; null when no reference side shows one that deep.
 */
function nearestLayer(
  slope: number,
  reference: readonly (number | null)[],
  lowest: number,
): number | null {
  let best: number | null = null;
  reference.forEach((r, i) => {
    if (i + 1 >= lowest && misfit(slope, r) < misfit(slope, best && reference[best - 1])) {
      best = i + 1;
    }
  });
  return best;
}
