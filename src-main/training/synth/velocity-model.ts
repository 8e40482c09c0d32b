import type { Rng } from '../random';

/**
 * A 2-D near-surface model under a flat free surface: layers separated by planar interfaces
 * that may dip, each layer homogeneous. x runs along the line (metres, 0 at the first
 * geophone), depth z is positive down. Interface j is the bottom of layer j and the top of
 * layer j + 1; the last layer is a half-space.
 *
 * Planar interfaces cannot pinch out, so the model holds only over `extent`: every layer
 * keeps at least MIN_THICKNESS there, which is what the ray tracing relies on.
 */

export type WaveType = 'P' | 'S';

export interface Layer {
  /** Metres per second. */
  vp: number;
  vs: number;
  /** kg/m³, from Gardner's relation on vp. */
  density: number;
  /** Quality factors for the attenuation of P and S. */
  qp: number;
  qs: number;
  kind: 'dry' | 'saturated' | 'bedrock';
}

export interface Interface {
  /** Depth (m) at x = 0. */
  depth: number;
  /** Depth change per metre of x, tan(dip); positive deepens toward +x. */
  slope: number;
  kind: 'geology' | 'water-table';
}

export interface VelocityModel {
  layers: Layer[];
  /** layers.length - 1 interfaces, shallowest first. */
  interfaces: Interface[];
  /** [xmin, xmax] where the interfaces are guaranteed not to touch. */
  extent: [number, number];
}

export const MIN_THICKNESS = 0.25;

export function interfaceDepth(face: Interface, x: number): number {
  return face.depth + face.slope * x;
}

export function velocity(layer: Layer, wave: WaveType): number {
  return wave === 'P' ? layer.vp : layer.vs;
}

export function quality(layer: Layer, wave: WaveType): number {
  return wave === 'P' ? layer.qp : layer.qs;
}

/** Gardner et al. (1974): rho = 310 vp^0.25 kg/m³ with vp in m/s. */
export function gardnerDensity(vp: number): number {
  return 310 * vp ** 0.25;
}

export interface ModelOptions {
  /** Geological units including the half-space (the water table adds one more layer). */
  layers: { min: number; max: number };
  waterTable: 'always' | 'never' | 'random';
  /** Largest dip of a geological interface, degrees. */
  maxDip: number;
  /** P velocity of the top layer, m/s. */
  topVp: { min: number; max: number };
  /** P velocity of the bedrock half-space, when there is one, m/s. */
  bedrockVp: { min: number; max: number };
  /**
   * S velocity of the top layer, m/s, drawn in place of its Vp/Vs ratio (SH lines, whose
   * top-layer Vs the field puts at 100-400 m/s); absent = from the dry Vp/Vs range. Vp/Vs
   * stays above 1.5 either way.
   */
  topVs?: { min: number; max: number };
  /** x range the model must hold over (sources and receivers plus a margin). */
  extent: [number, number];
}

/**
 * Ranges of a near-surface section (Reynolds 2011, "An introduction to applied and
 * environmental geophysics", tables 5.1-5.2; Uyanık 2011 for Vp/Vs of unconsolidated soils):
 * dry soil and sediment Vp up to ~1400 m/s with Vp/Vs 1.6-2.6, saturated sediment Vp
 * 1450-1900 m/s (the pore water carries P; the grain skeleton, hence Vs, is unchanged),
 * bedrock Vp 2000-4500 m/s with Vp/Vs 1.7-2.2; Q of 10-40 when dry, more when saturated or
 * in rock.
 */
const DRY_VP_MAX = 1400;
const DRY_VP_STEP = [1.15, 1.8] as const;
const DRY_VP_VS = [1.6, 2.6] as const;
const SATURATED_VP = [1450, 1900] as const;
const BEDROCK_VP_VS = [1.7, 2.2] as const;
const FIRST_THICKNESS = [1.5, 5] as const;
const THICKNESS = [2, 12] as const;
/** A sediment half-space has no thickness; a water table goes this deep into it at most. */
const HALF_SPACE_WATER_DEPTH = 10;
const BEDROCK_CHANCE = 0.6;
const WATER_TABLE_CHANCE = 0.5;
/**
 * The water table follows the flat surface within half a degree, unless a dipping layer
 * boundary above or below would cross it: planar layers cannot cross, so it dips with them
 * there (feasibleSlope).
 */
const WATER_TABLE_DIP = 0.5;

interface Unit {
  layer: Layer;
  /** Thickness at x = 0; Infinity for the half-space. */
  thickness: number;
}

function dryLayer(
  rng: Rng,
  vp: number,
  above: Layer | null,
  topVs?: { min: number; max: number },
): Layer {
  // One draw either way, so the rest of the model draws as it would.
  let vs = topVs ? rng.between(topVs.min, topVs.max) : vp / rng.between(...DRY_VP_VS);
  if (above) vs = Math.max(vs, above.vs * 1.05);
  // Vp/Vs stays above 1.5 (Poisson's ratio above 0.1).
  vs = Math.min(vs, vp / 1.5);
  return {
    vp,
    vs,
    density: gardnerDensity(vp),
    qp: rng.between(10, 40),
    qs: rng.between(5, 25),
    kind: 'dry',
  };
}

function geologicalUnits(rng: Rng, options: ModelOptions): Unit[] {
  const count = rng.integer(options.layers.min, options.layers.max);
  const bedrock = count >= 2 && rng.chance(BEDROCK_CHANCE);
  const units: Unit[] = [];
  let vp = rng.between(options.topVp.min, options.topVp.max);
  for (let i = 0; i < count; i++) {
    const last = i === count - 1;
    const above = units[i - 1]?.layer ?? null;
    let layer: Layer;
    if (last && bedrock) {
      const rockVp = rng.between(options.bedrockVp.min, options.bedrockVp.max);
      const vs = Math.max(rockVp / rng.between(...BEDROCK_VP_VS), (above?.vs ?? 0) * 1.2);
      layer = {
        vp: rockVp,
        vs: Math.min(vs, rockVp / 1.5),
        density: gardnerDensity(rockVp),
        qp: rng.between(50, 200),
        qs: rng.between(25, 100),
        kind: 'bedrock',
      };
    } else {
      if (i > 0) vp = Math.min(DRY_VP_MAX, vp * rng.between(...DRY_VP_STEP));
      const vs = i === 0 ? options.topVs : undefined;
      layer = dryLayer(rng, Math.max(vp, above?.vp ?? 0), above, vs);
    }
    const thickness = last
      ? Infinity
      : i === 0
        ? rng.between(...FIRST_THICKNESS)
        : rng.between(...THICKNESS);
    units.push({ layer, thickness });
  }
  return units;
}

/** The same sediment below the water table: water raises Vp and density, not Vs. */
function saturate(rng: Rng, dry: Layer, above: Layer): Layer {
  const vp = Math.max(rng.between(...SATURATED_VP), dry.vp * 1.1, above.vp);
  return { ...dry, vp, density: gardnerDensity(vp), qp: rng.between(30, 100), kind: 'saturated' };
}

/**
 * Splits a sediment unit at a water table, saturating everything below it down to the
 * bedrock. Returns layers with their thicknesses at x = 0 and the index of the water-table
 * interface.
 */
function addWaterTable(rng: Rng, units: Unit[]): { units: Unit[]; waterTable: number } {
  const sediments = units.filter((u) => u.layer.kind !== 'bedrock');
  const host = rng.integer(0, sediments.length - 1);
  const out: Unit[] = [];
  let waterTable = -1;
  units.forEach((unit, i) => {
    const previous = out[out.length - 1]?.layer;
    if (i < host || unit.layer.kind === 'bedrock') {
      out.push(unit);
    } else if (i === host) {
      const span = Number.isFinite(unit.thickness) ? unit.thickness : HALF_SPACE_WATER_DEPTH;
      const dryPart = span * rng.between(0.25, 0.75);
      out.push({ layer: unit.layer, thickness: dryPart });
      waterTable = out.length - 1;
      out.push({
        layer: saturate(rng, unit.layer, unit.layer),
        thickness: unit.thickness - dryPart,
      });
    } else {
      out.push({ layer: saturate(rng, unit.layer, previous!), thickness: unit.thickness });
    }
  });
  return { units: out, waterTable };
}

/**
 * Slope of the next interface down: near `wanted`, within ±maxSlope, and such that the layer
 * above it (between `upper` and this interface, `thickness` thick at x = 0) stays at least
 * MIN_THICKNESS thick over the extent. The slope of `upper` itself always qualifies, so the
 * range is never empty.
 */
function feasibleSlope(
  wanted: number,
  upper: { depth: number; slope: number },
  thickness: number,
  maxSlope: number,
  [xmin, xmax]: [number, number],
): number {
  const spare = thickness - MIN_THICKNESS;
  // thickness(x) = thickness + (slope - upper.slope) x must stay >= MIN_THICKNESS at both ends.
  let lo = -maxSlope;
  let hi = maxSlope;
  if (xmax > 0) lo = Math.max(lo, upper.slope - spare / xmax);
  if (xmin < 0) hi = Math.min(hi, upper.slope + spare / -xmin);
  if (xmax < 0) hi = Math.min(hi, upper.slope + spare / -xmax);
  if (xmin > 0) lo = Math.max(lo, upper.slope - spare / xmin);
  return Math.min(hi, Math.max(lo, wanted));
}

/** A random near-surface model (see the ranges above). */
export function sampleVelocityModel(rng: Rng, options: ModelOptions): VelocityModel {
  const geology = geologicalUnits(rng, options);
  const hasWater =
    options.waterTable === 'always' ||
    (options.waterTable === 'random' && rng.chance(WATER_TABLE_CHANCE));
  const { units, waterTable } = hasWater
    ? addWaterTable(rng, geology)
    : { units: geology, waterTable: -1 };

  const maxSlope = Math.tan((options.maxDip * Math.PI) / 180);
  // Interfaces of one section tend to dip together: a regional dip plus a local one each.
  const regional = rng.gaussian(0, options.maxDip / 2);
  const interfaces: Interface[] = [];
  let upper = { depth: 0, slope: 0 };
  for (let j = 0; j < units.length - 1; j++) {
    const water = j === waterTable;
    const dip = water
      ? rng.between(-WATER_TABLE_DIP, WATER_TABLE_DIP)
      : regional + rng.gaussian(0, options.maxDip / 4);
    const thickness = units[j]!.thickness;
    const slope = feasibleSlope(
      Math.tan((dip * Math.PI) / 180),
      upper,
      thickness,
      maxSlope,
      options.extent,
    );
    const face: Interface = {
      depth: upper.depth + thickness,
      slope,
      kind: water ? 'water-table' : 'geology',
    };
    interfaces.push(face);
    upper = face;
  }
  const model = { layers: units.map((u) => u.layer), interfaces, extent: options.extent };
  checkModel(model);
  return model;
}

/** Throws unless velocities are physical and every layer keeps MIN_THICKNESS over the extent. */
export function checkModel(model: VelocityModel): void {
  const { layers, interfaces, extent } = model;
  if (layers.length !== interfaces.length + 1) {
    throw new RangeError(`${layers.length} layers need ${layers.length - 1} interfaces`);
  }
  for (const layer of layers) {
    if (!(layer.vp > layer.vs && layer.vs > 0)) {
      throw new RangeError(
        `layer velocities must satisfy vp > vs > 0, got ${layer.vp}, ${layer.vs}`,
      );
    }
  }
  for (const x of extent) {
    let above = 0;
    interfaces.forEach((face, j) => {
      const z = interfaceDepth(face, x);
      if (z - above < MIN_THICKNESS - 1e-9) {
        throw new RangeError(`layer ${j} is thinner than ${MIN_THICKNESS} m at x = ${x} m`);
      }
      above = z;
    });
  }
}
