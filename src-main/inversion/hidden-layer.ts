/**
 * A layer hidden from P, placed with the bedrock an S line sees.
 *
 * Saturated ground between a dry top and the bedrock is often a few metres thin: its P head
 * wave is the first arrival at two or three receivers a side, too few for a branch, so P
 * time-terms see dry ground straight over bedrock and put the bedrock where the bedrock's
 * delays say with the dry layer's speed — too shallow, by 30-40 % on the simulated lines with
 * a water table (docs/velocity-sections.md). Shear waves do not feel the water: the S line's
 * time-terms see one layer down to the bedrock and place it well. The bedrock's P delay at a
 * station is a sum over what lies above it,
 *
 *   δ = Σᵢ hᵢ √(1/vᵢ² − 1/v_b²),
 *
 * so with the bedrock's depth H from S and a speed v_h for the hidden layer, the thickness of
 * the layer above it follows at every station; v_h is the one whose model fits the P picks
 * best as first arrivals (the few picks on the hidden layer's own head wave decide it).
 */
import { median } from '../qc/robust-stats';
import type { LayerPick } from './layer-picks';
import { InversionError } from './errors';
import { indexStations, interpolateAt, type Station } from './stations';
import type { TimeTermResult } from './time-terms';

export interface HiddenLayerResult extends TimeTermResult {
  /** The hidden layer's number (1-based) and speed, m/s. */
  hidden: { layer: number; velocity: number };
}

/**
 * Below this median gap between the S bedrock and P's deepest refractor there is nothing to
 * place: the two see one interface (a fraction of the bedrock's depth, or at least 0.3 m, a
 * third of a cell of the sections drawn at 2 m receiver spacing).
 */
const SAME_INTERFACE = { fraction: 0.1, metres: 0.3 };
/**
 * Stations whose P delay the layer cannot take up (it would be thinner than nothing, or
 * thicker than the room above the S bedrock): past this share the P and S layers disagree.
 * On the simulated saturated lines none is.
 */
const MAX_CLAMPED = 0.2;
/**
 * χ² (summed) a placed layer may add to the P picks' first arrivals: one parameter more at
 * one in a thousand. A hidden layer fits its few picks no worse than the plain model (it
 * fitted them by the bedrock's delays); one that fits worse is placed over another interface.
 */
const WORSE_FIT = 10.8;
/** Candidate speeds for the hidden layer, spread evenly in slowness between its neighbours'. */
const CANDIDATES = 60;
/** A candidate at least this much faster than the layer above and slower than the bedrock. */
const CONTRAST = 1.05;

/**
 * The P time-terms with a layer inserted above the deepest refractor, whose bottom is the S
 * bedrock (`bedrock`: elevations along the line). Throws InversionError when the P model has
 * no refractor or the S bedrock is not below P's deepest refractor (nothing is hidden there).
 */
export function withHiddenLayer(
  picks: readonly LayerPick[],
  p: TimeTermResult,
  bedrock: readonly { x: number; z: number }[],
): HiddenLayerResult {
  const velocities = p.layers.map((l) => l.velocity);
  const n = velocities.length;
  if (n < 2) throw new InversionError('the P time-terms have no refractor to place a layer over');
  if (bedrock.length === 0) throw new InversionError('the S section has no bedrock interface');
  // The same stations, in the same order, as the time-terms were fitted on.
  const { stations, source, receiver } = indexStations(picks);
  if (stations.length !== p.stations.length) {
    throw new Error('the time-terms given were not fitted on these picks');
  }
  const x = stations.map((s) => s.x);
  const vb = velocities[n - 1]!;
  const above = velocities[n - 2]!;
  // Depth of each refractor (top of layer 2 … n) below each station; where a station has
  // none, from its neighbours.
  const depths = p.layers.slice(1).map((_, j) =>
    filledAlongLine(
      x,
      p.stations.map((s) => s.depths[j] ?? NaN),
      `depth to refractor ${j + 2}`,
    ),
  );
  const bedrockDepth = stations.map((s) => s.z - elevationAt(bedrock, s.x));
  const pDepth = depths[n - 2]!;
  const gap = median(stations.map((_, s) => bedrockDepth[s]! - pDepth[s]!));
  const deep = median(bedrockDepth);
  if (!(gap > Math.max(SAME_INTERFACE.fraction * deep, SAME_INTERFACE.metres))) {
    throw new InversionError(
      `the S bedrock (${deep.toFixed(1)} m deep) is not below the deepest P refractor ` +
        `(${Math.round(vb)} m/s, ${median(pDepth).toFixed(1)} m deep): nothing is hidden between them`,
    );
  }
  const slow = { from: 1 / (above * CONTRAST), to: 1 / (vb / CONTRAST) };
  if (slow.to >= slow.from) {
    throw new InversionError(
      `the P refractor (${Math.round(vb)} m/s) is too close in speed to the layer above ` +
        `(${Math.round(above)} m/s) for a layer between them`,
    );
  }
  const refractorDelays = p.layers
    .slice(1)
    .map((_, j) => Float64Array.from(p.stations, (s) => s.delays[j] ?? NaN));
  const bedrockDelay = filledAlongLine(x, [...refractorDelays[n - 2]!], 'delay on the P bedrock');
  // The layers above the one the hidden layer sits in keep their thicknesses.
  const top = stations.map((_, s) => (n > 2 ? depths[n - 3]![s]! : 0));
  /** A station's delay on a refractor of `speed` from the layers above `top`. */
  const delayAbove = (s: number, speed: number) => {
    let delay = 0;
    for (let i = 0; i < n - 2; i++) {
      const thickness = depths[i]![s]! - (i > 0 ? depths[i - 1]![s]! : 0);
      delay += thickness * slownessGap(velocities[i]!, speed);
    }
    return delay;
  };

  /** The model with a hidden layer of speed vh, and how it fits the P picks. */
  const candidate = (vh: number) => {
    let clamped = 0;
    const waterDepth = new Float64Array(stations.length);
    const hiddenDelays = new Float64Array(stations.length);
    stations.forEach((_, s) => {
      const room = Math.max(0, bedrockDepth[s]! - top[s]!);
      // δ = above + h·gap(layer above) + (room − h)·gap(hidden), solved for h.
      const h =
        (bedrockDelay[s]! - delayAbove(s, vb) - room * slownessGap(vh, vb)) /
        (slownessGap(above, vb) - slownessGap(vh, vb));
      if (h < 0 || h > room) clamped++;
      const thickness = Math.min(room, Math.max(0, h));
      waterDepth[s] = top[s]! + thickness;
      hiddenDelays[s] = delayAbove(s, vh) + thickness * slownessGap(above, vh);
    });
    const speeds = [...velocities.slice(0, n - 1), vh, vb];
    const delays = [...refractorDelays.slice(0, n - 2), hiddenDelays, refractorDelays[n - 2]!];
    const fit = firstArrivals(picks, stations, source, receiver, speeds, delays);
    return { vh, waterDepth, clamped, speeds, delays, fit };
  };

  let best: ReturnType<typeof candidate> | null = null;
  for (let c = 0; c < CANDIDATES; c++) {
    const next = candidate(1 / (slow.from + ((slow.to - slow.from) * c) / (CANDIDATES - 1)));
    if (!best || next.fit.chi2 < best.fit.chi2) best = next;
  }
  const { vh, waterDepth, clamped, speeds, delays, fit } = best!;
  if (clamped > MAX_CLAMPED * stations.length) {
    throw new InversionError(
      `the P delays leave no room for a layer between the P refractors and the S bedrock at ` +
        `${clamped} of ${stations.length} stations: the two disagree, or the S refractor ` +
        'is another interface',
    );
  }
  const plain = firstArrivals(picks, stations, source, receiver, velocities, refractorDelays);
  if ((fit.chi2 - plain.chi2) * picks.length > WORSE_FIT) {
    throw new InversionError(
      `a layer over the S bedrock fits the P picks worse than none (χ² ${fit.chi2.toFixed(2)} ` +
        `against ${plain.chi2.toFixed(2)} per pick): the S refractor is not the P bedrock`,
    );
  }
  const interfaceDepths = [...depths.slice(0, n - 2), waterDepth, bedrockDepth];
  return {
    layers: speeds.map((velocity, l) => ({
      layer: l + 1,
      velocity,
      picks: fit.branch.filter((b) => b === l).length,
    })),
    stations: stations.map((s, i) => ({
      x: s.x,
      z: s.z,
      delays: delays.map((d) => (Number.isFinite(d[i]!) ? d[i]! : null)),
      depths: interfaceDepths.map((d) => d[i]!),
    })),
    interfaces: interfaceDepths.map((d, r) => ({
      layer: r + 2,
      points: stations.map((s, i) => ({ x: s.x, z: s.z - d[i]! })),
    })),
    modelled: fit.modelled,
    rms: fit.rms,
    chi2: fit.chi2,
    warnings: p.warnings,
    hidden: { layer: n, velocity: vh },
  };
}

/** √(1/v² − 1/v_b²): a layer of speed v's delay per metre on a refractor of speed v_b. */
function slownessGap(v: number, vb: number): number {
  return Math.sqrt(Math.max(0, 1 / v ** 2 - 1 / vb ** 2));
}

/**
 * Each pick's modelled first arrival: the earliest of the direct wave and every refractor's
 * head wave whose delays both its stations have, with the branch it came from.
 */
function firstArrivals(
  picks: readonly LayerPick[],
  stations: readonly Station[],
  source: Int32Array,
  receiver: Int32Array,
  speeds: readonly number[],
  delays: readonly Float64Array[],
): { modelled: Float64Array; branch: Int32Array; rms: number; chi2: number } {
  const modelled = new Float64Array(picks.length);
  const branch = new Int32Array(picks.length);
  let squares = 0;
  let chi = 0;
  picks.forEach((pick, i) => {
    const s = stations[source[i]!]!;
    const r = stations[receiver[i]!]!;
    let t = Math.hypot(r.x - s.x, r.z - s.z) / speeds[0]!;
    let b = 0;
    const distance = Math.abs(r.x - s.x);
    delays.forEach((d, j) => {
      const a = d[source[i]!]!;
      const c = d[receiver[i]!]!;
      if (!Number.isFinite(a) || !Number.isFinite(c)) return;
      const head = distance / speeds[j + 1]! + a + c;
      if (head < t) {
        t = head;
        b = j + 1;
      }
    });
    modelled[i] = t;
    branch[i] = b;
    squares += (pick.time - t) ** 2;
    chi += ((pick.time - t) / pick.sigma) ** 2;
  });
  const count = Math.max(1, picks.length);
  return { modelled, branch, rms: Math.sqrt(squares / count), chi2: chi / count };
}

/** Values per station, those missing (NaN) interpolated from their neighbours along the line. */
function filledAlongLine(x: readonly number[], values: readonly number[], what: string): number[] {
  const known = values.flatMap((v, i) => (Number.isFinite(v) ? [i] : []));
  if (known.length === 0) throw new InversionError(`no station has a ${what}`);
  return values.map((v, i) => (Number.isFinite(v) ? v : interpolateAt(x, values, known, x[i]!)));
}

function elevationAt(points: readonly { x: number; z: number }[], x: number): number {
  const sorted = [...points].sort((a, b) => a.x - b.x);
  return interpolateAt(
    sorted.map((p) => p.x),
    sorted.map((p) => p.z),
    sorted.map((_, i) => i),
    x,
  );
}
