/**
 * What makes picks bad input for an inversion, checked before any is run. Errors stop the
 * run (the result would be meaningless or cannot be computed); warnings mark a result that
 * holds only in part. Every message names the numbers behind it, so a person can act on it.
 */
import { assignLayers, isUsablePick, type LayerPick } from './layer-picks';
import { coverageOf, isReversed } from './refractor-coverage';
import { POSITION_TOLERANCE } from './stations';
import { reciprocityViolations, triangleViolations } from './travel-time-consistency';
import { maxOf, minOf } from '../numeric/extent';

export interface PickCheck {
  errors: string[];
  warnings: string[];
}

export type InversionMethod = 'timeterm' | 'tomography';

/**
 * Time-terms solve one slowness and a delay per station from a handful of shots; tomography
 * needs rays crossing each cell from several shots, so more of both.
 */
export const MINIMUM_COVERAGE: Record<InversionMethod, { shots: number; picks: number }> = {
  timeterm: { shots: 2, picks: 10 },
  tomography: { shots: 3, picks: 30 },
};

const NEEDS: Record<InversionMethod, string> = {
  timeterm: 'time-terms need',
  tomography: 'tomography needs',
};
const EXAMPLES = 3;

/**
 * Beyond this share of reciprocal pairs, or of picks, caught contradicting each other
 * (reciprocal times, detours through another shot) the line is refused; below it the inversion runs and the result is
 * marked partial. Every real line has a few such picks (formikoj's analyst disagrees with
 * himself by more than 3σ + 1 ms on a few per cent of reciprocal pairs); an inversion fits
 * them as well as it can and its misfit list shows them.
 */
export const INCONSISTENT_SHARE = 0.1;

export function checkPicks(picks: readonly LayerPick[], method: InversionMethod): PickCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  const usable = picks.filter(isUsablePick);
  const unusable = picks.length - usable.length;
  if (unusable > 0) {
    errors.push(
      `${count(unusable, 'pick')} ${unusable === 1 ? 'has' : 'have'} no usable position, time, σ > 0 or layer (a whole number from 1)`,
    );
  }

  const need = MINIMUM_COVERAGE[method];
  const shots = new Set(usable.map((p) => p.shotId)).size;
  if (shots < need.shots) {
    errors.push(
      `${NEEDS[method]} at least ${count(need.shots, 'shot')}; there ${shots === 1 ? 'is' : 'are'} ${shots}`,
    );
  }
  if (usable.length < need.picks) {
    errors.push(
      `${NEEDS[method]} at least ${count(need.picks, 'pick')}; there ${usable.length === 1 ? 'is' : 'are'} ${usable.length}`,
    );
  }
  if (usable.length === 0) return { errors, warnings };

  const oneSided = oneSidedSpread(usable);
  if (oneSided) (method === 'timeterm' ? errors : warnings).push(oneSided);
  else if (method === 'timeterm') checkRefractorCoverage(usable, errors, warnings);
  else if (!isReversed(coverageOf(usable))) {
    warnings.push(
      'no reciprocal coverage: every ray travels the same way along the line, so dipping layers are less certain',
    );
  }

  const { pairs, violations: reciprocity } = reciprocityViolations(usable);
  const triangle = triangleViolations(usable);
  // Two are always forgiven: on a line of four shots one bad pair is a sixth of all pairs.
  const tooMany =
    reciprocity.length > Math.max(2, INCONSISTENT_SHARE * pairs) ||
    triangle.length > Math.max(2, INCONSISTENT_SHARE * usable.length);
  const report = tooMany ? errors : warnings;
  if (reciprocity.length > 0) {
    const examples = reciprocity
      .slice(0, EXAMPLES)
      .map((v) => `${metres(v.a)} ↔ ${metres(v.b)} (${millis(Math.abs(v.difference))})`);
    report.push(
      `${count(reciprocity.length, 'reciprocal pair')} differ${reciprocity.length === 1 ? 's' : ''} by more than 3σ + 1 ms: ${examples.join(', ')}`,
    );
  }
  if (triangle.length > 0) {
    const examples = triangle
      .slice(0, EXAMPLES)
      .map(
        (v) =>
          `${metres(v.a)} → ${metres(v.c)} takes ${millis(v.direct)}, via ${metres(v.b)} ${millis(v.via)}`,
      );
    report.push(
      `${count(triangle.length, 'pick')} take${triangle.length === 1 ? 's' : ''} longer than the way through another shot (t_AC > t_AB + t_BC beyond 3σ + 1 ms): ${examples.join('; ')}`,
    );
  }
  warnings.push(...elevationWarnings(usable));
  return { errors, warnings };
}

/** Every source on the same side of every receiver: rays only ever run one way. */
function oneSidedSpread(picks: readonly LayerPick[]): string | null {
  const sources = picks.map((p) => p.shotX);
  const receivers = picks.map((p) => p.receiverX);
  const [firstReceiver, lastReceiver] = [minOf(receivers), maxOf(receivers)];
  if (maxOf(sources) <= firstReceiver) {
    return `one-sided spread: every source is at or before the first receiver (${metres(firstReceiver)}), so every ray travels towards +x`;
  }
  if (minOf(sources) >= lastReceiver) {
    return `one-sided spread: every source is at or past the last receiver (${metres(lastReceiver)}), so every ray travels towards −x`;
  }
  return null;
}

/**
 * Time-terms need each refractor shot from both ends to tell dip from velocity: none
 * reversed is an error, some is a warning for the others (their depths assume no dip).
 */
function checkRefractorCoverage(
  picks: readonly LayerPick[],
  errors: string[],
  warnings: string[],
): void {
  const layers = assignLayers(picks);
  const deepest = layers.reduce((m, l) => Math.max(m, l), 0);
  const direct = layers.filter((l) => l === 1).length;
  const refracted = layers.filter((l) => l >= 2).length;
  if (direct < 2 || refracted < 3) {
    errors.push(
      `time-terms need at least 2 direct-wave picks (layer 1) and 3 refracted ones (layer 2 or deeper); there are ${direct} and ${refracted}`,
    );
    return;
  }
  const oneWay: string[] = [];
  for (let layer = 2; layer <= deepest; layer++) {
    const coverage = coverageOf(picks.filter((_, i) => layers[i] === layer));
    if (isReversed(coverage)) continue;
    const way = coverage.forward ? 'towards +x' : coverage.reverse ? 'towards −x' : null;
    if (way) oneWay.push(`layer ${layer} is shot only ${way}`);
  }
  if (oneWay.length === deepest - 1) {
    errors.push(
      `no reciprocal coverage: time-terms need shots from both ends of a refractor branch; ${oneWay.join(', ')}`,
    );
  } else if (oneWay.length > 0) {
    warnings.push(
      `${oneWay.join(', ')}: its dip cannot be resolved, and its depths assume a flat refractor`,
    );
  }
}

/**
 * Elevations a survey left out: NaN, or written as 0 beside stations that have one. All 0 is
 * a flat line on a local datum, and fine.
 */
function elevationWarnings(picks: readonly LayerPick[]): string[] {
  const z = new Map<number, { x: number; z: number }>();
  for (const p of picks) {
    for (const [x, zi] of [
      [p.shotX, p.shotZ],
      [p.receiverX, p.receiverZ],
    ] as const) {
      const k = Math.round(x / POSITION_TOLERANCE);
      const seen = z.get(k);
      if (!seen || Number.isNaN(seen.z)) z.set(k, { x, z: zi });
    }
  }
  const stations = [...z.values()].sort((a, b) => a.x - b.x);
  const missing = stations.filter((s) => Number.isNaN(s.z));
  const zero = stations.filter((s) => s.z === 0);
  const given = stations.length - missing.length;
  if (given === 0) return ['no elevations: the line is taken as flat'];
  const warnings: string[] = [];
  if (missing.length > 0) {
    warnings.push(
      `${count(missing.length, 'station')} ${missing.length === 1 ? 'has' : 'have'} no elevation (${atStations(missing)}): interpolated between neighbours`,
    );
  }
  if (zero.length > 0 && zero.length < given) {
    warnings.push(
      `${count(zero.length, 'station')} ${zero.length === 1 ? 'is' : 'are'} at exactly 0 m while others are not (${atStations(zero)}): missing elevations written as 0?`,
    );
  }
  return warnings;
}

function atStations(stations: readonly { x: number }[]): string {
  const shown = stations.slice(0, EXAMPLES).map((s) => metres(s.x));
  return `x = ${shown.join(', ')}${stations.length > EXAMPLES ? ', …' : ''}`;
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function metres(x: number): string {
  return `${Number(x.toFixed(2))} m`;
}

function millis(t: number): string {
  return `${(t * 1000).toFixed(1)} ms`;
}
