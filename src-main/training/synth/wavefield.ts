import type { Rng } from '../random';
import { AIR_VELOCITY, type Range, type SourceType } from './options';
import { rayArrivals, firstArrival, type RayArrival } from './ray-times';
import { velocity, type VelocityModel, type WaveType } from './velocity-model';
import { attenuate, waveletDuration, waveletValue, type WaveletKind } from './wavelets';

/**
 * The noise-free wavefield of a shot at one receiver: body-wave pulses at the ray-theory times
 * (ray-times.ts), a dispersive ground roll and an air wave.
 *
 * Amplitudes, relative to a direct P wave of 1 at 1 m: geometric spreading 1 / r over the ray
 * length r for every body wave, attenuation through t* (wavelets.ts `attenuate`), normal-
 * incidence reflection coefficients for reflections, and a strength per refractor for head
 * waves. A pure head wave decays as r^-1/2 L^-3/2 (L the distance run along the refractor)
 * and would vanish on the far channels; real refractors have velocity gradients below them
 * that turn head waves into diving waves with ~1/r spreading, which is what field records
 * look like, so that is what we use.
 */

export interface Signature {
  wavelet: WaveletKind;
  /** Peak frequency of P and S at the source, Hz. */
  pFrequency: number;
  sFrequency: number;
  /** S amplitude relative to P. */
  sStrength: number;
  /** Head-wave strength per interface. */
  headStrength: number[];
  /**
   * Per interface, the exponent of a head wave's decay with the distance L it runs along the
   * refractor: (1 + L / HEAD_DECAY_LENGTH)^-decay on top of the 1/r spreading. 0 is a diving
   * wave (a refractor with a gradient below); 1.5 nears a pure head wave's L^-3/2, which
   * leaves the far channels' first break weak ahead of stronger later phases. Absent: 0 on
   * every interface (and survey.json as it was before the decay existed).
   */
  headDecay?: number[];
}

/** Where the head-wave decay along the refractor sets in, m. */
const HEAD_DECAY_LENGTH = 10;

export interface GroundRollBand {
  frequency: number;
  phaseVelocity: number;
  groupVelocity: number;
  weight: number;
}

/**
 * Rayleigh waves as a sum of narrow-band wave packets: each band travels at its group
 * velocity and its phase at its phase velocity, both falling with frequency (high
 * frequencies sense only the slow top layer), which makes the train spread with distance.
 * Cylindrical spreading 1 / sqrt(x) and Q of the top layer's S waves.
 */
export interface GroundRoll {
  strength: number;
  bands: GroundRollBand[];
  q: number;
  phase: number;
}

export interface AirWave {
  strength: number;
  velocity: number;
  frequency: number;
}

/**
 * What the horizontal geophones of a 3-component receiver record besides the projections of
 * the P and SV waves: a hammer blow is never purely vertical, so the source also pushes
 * crossline, which radiates SH waves and Love waves (both on the crossline component only in
 * a layered ground).
 */
export interface HorizontalField {
  /** SH amplitude relative to the SV amplitude of the same ray. */
  shStrength: number;
  /** Horizontal over vertical amplitude of the Rayleigh waves (their ellipse's axes). */
  rayleighHv: number;
  /** Love waves: the ground roll's kin on the crossline component. */
  love: GroundRoll;
  /**
   * SH source only: P on the crossline geophone relative to the SH amplitude of a ray of the
   * same length (a blow is never purely horizontal, a geophone never exactly aligned).
   */
  pLeakage?: number;
}

export interface Wavefield {
  signature: Signature;
  groundRoll: GroundRoll;
  airWave: AirWave;
  sWaves: boolean;
  /** Null for a survey of vertical geophones only. */
  horizontal: HorizontalField | null;
  /** What the source shakes (options.ts `SourceType`). */
  source: SourceType;
}

export interface WavefieldOptions {
  wavelet: WaveletKind;
  pFrequency: number;
  sWaves: boolean;
  /** Record 3 components (Z, inline E, crossline N) rather than Z alone. */
  threeComponent: boolean;
  groundRoll: { min: number; max: number };
  airWave: { min: number; max: number };
  /** Highest frequency the sampling carries without aliasing (a third of Nyquist). */
  maxFrequency: number;
  /** Absent = 'P'. An SH source is recorded on crossline geophones (`threeComponent` off). */
  source?: SourceType;
  /** SH only: range of `HorizontalField.pLeakage`. */
  pLeakage?: Range;
  /** Range of `Signature.headDecay`; absent = none. */
  headDecay?: Range;
}

const GROUND_ROLL_BANDS = 6;
/** Rayleigh phase velocity over S velocity of a half-space with Poisson's ratio ~0.3. */
const RAYLEIGH_OVER_S = 0.92;
/**
 * Love waves travel between the S velocities of the top layer (high frequencies) and of the
 * layer below (low frequencies).
 */
const LOVE_OVER_S = 1;
/** Ground roll stays slower than this share of the top layer's P velocity. */
const RAYLEIGH_MAX_OVER_P = 0.85;
const PACKET_CYCLES = 3;

function groundRoll(
  rng: Rng,
  model: VelocityModel,
  strength: number,
  overS = RAYLEIGH_OVER_S,
): GroundRoll {
  const top = model.layers[0]!;
  const below = model.layers[1] ?? top;
  // Phase velocity at high frequency (only the top layer felt) and at low frequency.
  const cHigh = overS * top.vs;
  const cLow = Math.max(cHigh, Math.min(overS * below.vs, RAYLEIGH_MAX_OVER_P * top.vp));
  // Dispersion sets in where the wavelength reaches about twice the top layer's thickness.
  const thickness = model.interfaces[0]?.depth ?? 5;
  const transition = cHigh / (2 * thickness);
  const low = rng.between(5, 12);
  const high = rng.between(20, 45);
  const centre = Math.sqrt(low * high);
  const bands: GroundRollBand[] = [];
  for (let k = 0; k < GROUND_ROLL_BANDS; k++) {
    const f = low * (high / low) ** (k / (GROUND_ROLL_BANDS - 1));
    const u = (f / transition) ** 2;
    const c = cHigh + (cLow - cHigh) / (1 + u);
    const dcdf = (-(cLow - cHigh) * 2 * (f / transition ** 2)) / (1 + u) ** 2;
    // U = dω/dk = c / (1 - (f / c) dc/df); dc/df < 0 makes U < c (normal dispersion).
    const group = c / (1 - (f / c) * dcdf);
    const weight = (f / centre) ** 2 * Math.exp(1 - (f / centre) ** 2);
    bands.push({ frequency: f, phaseVelocity: c, groupVelocity: group, weight });
  }
  const total = bands.reduce((s, b) => s + b.weight, 0);
  for (const b of bands) b.weight /= total;
  return { strength, bands, q: top.qs, phase: rng.between(0, 2 * Math.PI) };
}

/**
 * Draws the per-survey source, ground-roll and air-wave parameters; the horizontal field
 * from `horizontalRng`, a stream of its own, so that asking for 3 components leaves the
 * vertical records of a seed as they were.
 */
export function sampleWavefield(
  rng: Rng,
  model: VelocityModel,
  options: WavefieldOptions,
  horizontalRng?: Rng,
  decayRng?: Rng,
): Wavefield {
  // From a stream of its own, so that simulations without the decay stay as they were.
  const decay = options.headDecay;
  const signature: Signature = {
    wavelet: options.wavelet,
    pFrequency: options.pFrequency,
    // S pulses are lower in frequency than P from the same hammer blow.
    sFrequency: options.pFrequency * rng.between(0.4, 0.7),
    sStrength: rng.between(0.5, 2),
    headStrength: model.interfaces.map(() => rng.between(0.3, 1)),
    ...(decay
      ? { headDecay: model.interfaces.map(() => (decayRng ?? rng).between(decay.min, decay.max)) }
      : {}),
  };
  const roll = groundRoll(rng, model, rng.between(options.groundRoll.min, options.groundRoll.max));
  const airWave: AirWave = {
    strength: rng.between(options.airWave.min, options.airWave.max),
    velocity: rng.between(AIR_VELOCITY.min, AIR_VELOCITY.max),
    frequency: Math.min(options.maxFrequency, rng.between(80, 250)),
  };
  const source = options.source ?? 'P';
  let horizontal: HorizontalField | null = null;
  if (source === 'SH') {
    // A sideways blow: SH is the wave of the source itself (signature.sStrength against the
    // P of a vertical blow), the Love waves its ground roll at the drawn ground-roll strength
    // relative to it. A crossline geophone hardly feels the air blast.
    const h = horizontalRng ?? rng;
    const leakage = options.pLeakage ?? { min: 0, max: 0 };
    horizontal = {
      shStrength: 1,
      // No inline geophone: the Rayleigh waves are not recorded.
      rayleighHv: 0,
      love: groundRoll(h, model, roll.strength * signature.sStrength, LOVE_OVER_S),
      pLeakage: h.between(leakage.min, leakage.max),
    };
    airWave.strength = 0;
  } else if (options.threeComponent) {
    const h = horizontalRng ?? rng;
    const shStrength = h.between(0.3, 1.5);
    horizontal = {
      shStrength,
      rayleighHv: h.between(0.5, 0.9),
      love: groundRoll(h, model, roll.strength * shStrength, LOVE_OVER_S),
    };
  }
  return { signature, groundRoll: roll, airWave, sWaves: options.sWaves, horizontal, source };
}

/** Normal-incidence reflection coefficient of interface j for this wave type. */
function reflectionCoefficient(model: VelocityModel, wave: WaveType, j: number): number {
  const above = model.layers[j]!;
  const below = model.layers[j + 1]!;
  const z1 = above.density * velocity(above, wave);
  const z2 = below.density * velocity(below, wave);
  return (z2 - z1) / (z2 + z1);
}

/** One pulse on a trace: onset time (s, record clock), amplitude, shape. */
interface Pulse {
  time: number;
  amplitude: number;
  frequency: number;
  wavelet: WaveletKind;
}

/** Adds a pulse at its exact (fractional-sample) onset. */
function addPulse(out: Float64Array, startTime: number, dt: number, pulse: Pulse): void {
  const first = Math.max(0, Math.ceil((pulse.time - startTime) / dt));
  const end = pulse.time + waveletDuration(pulse.wavelet, pulse.frequency);
  const last = Math.min(out.length - 1, Math.floor((end - startTime) / dt));
  for (let i = first; i <= last; i++) {
    const tau = startTime + i * dt - pulse.time;
    out[i]! += pulse.amplitude * waveletValue(pulse.wavelet, pulse.frequency, tau);
  }
}

/** The pulse a ray arrival makes, `shift` seconds later (statics). */
function bodyPulse(
  model: VelocityModel,
  field: Wavefield,
  arrival: RayArrival,
  shift: number,
): Pulse {
  const { signature } = field;
  const source = arrival.wave === 'P' ? signature.pFrequency : signature.sFrequency;
  const { frequency, gain } = attenuate(source, arrival.tStar);
  let strength = arrival.wave === 'P' ? 1 : signature.sStrength;
  if (arrival.branch === 'head') {
    strength *= signature.headStrength[arrival.interface!]!;
    const decay = signature.headDecay?.[arrival.interface!] ?? 0;
    if (decay > 0) strength *= (1 + arrival.along! / HEAD_DECAY_LENGTH) ** -decay;
  }
  if (arrival.branch === 'reflection') {
    strength *= reflectionCoefficient(model, arrival.wave, arrival.interface!);
  }
  return {
    time: arrival.time + shift,
    amplitude: (strength * gain) / Math.max(arrival.length, 1),
    frequency,
    wavelet: signature.wavelet,
  };
}

export interface ReceiverArrivals {
  p: RayArrival[];
  s: RayArrival[];
  /** First-arrival travel times (before statics), s; s is null without S waves. */
  firstP: number;
  firstS: number | null;
  /**
   * Earliest time of the ground roll (before statics), s: the first S arrival, whether or not
   * S waves are drawn. Rayleigh waves are made of S waves and travel slower than them, so no
   * part of the train comes before the fastest S path.
   */
  surfaceOnset: number;
  /** +1 when the receiver lies at or beyond the source in +x, else -1. */
  direction: 1 | -1;
  /**
   * Sine of each arrival's emergence angle from the vertical (same order as `p` and `s`);
   * only for 3-component surveys (empty otherwise), whose horizontals need it.
   */
  pEmergence: number[];
  sEmergence: number[];
}

/** Receiver shift (m) for the slowness of a branch by central differences. */
const SLOWNESS_STEP = 0.01;

/**
 * Sine of the angle from the vertical at which each arrival reaches the surface. On a flat
 * surface the horizontal slowness of a ray at the receiver is the derivative of its travel
 * time with receiver position, so sin e = v_top |dt/dx| whatever the layers below; the
 * derivative comes from the same branch a centimetre either side (one side where the other
 * has no such branch, as at a head wave's critical distance).
 */
function emergence(
  model: VelocityModel,
  wave: WaveType,
  sx: number,
  rx: number,
  arrivals: readonly RayArrival[],
): number[] {
  const h = SLOWNESS_STEP;
  const before = rayArrivals(model, wave, sx, rx - h);
  const after = rayArrivals(model, wave, sx, rx + h);
  const top = velocity(model.layers[0]!, wave);
  return arrivals.map((a) => {
    const same = (b: RayArrival) => b.branch === a.branch && b.interface === a.interface;
    const lo = before.find(same);
    const hi = after.find(same);
    const slope =
      lo && hi
        ? (hi.time - lo.time) / (2 * h)
        : hi
          ? (hi.time - a.time) / h
          : lo
            ? (a.time - lo.time) / h
            : // A branch that exists only at this very point: take it as running along the
              // surface, as such grazing head waves do.
              1 / top;
    return Math.min(1, top * Math.abs(slope));
  });
}

export function receiverArrivals(
  model: VelocityModel,
  field: Wavefield,
  sx: number,
  rx: number,
): ReceiverArrivals {
  const p = rayArrivals(model, 'P', sx, rx);
  const s = rayArrivals(model, 'S', sx, rx);
  const firstS = firstArrival(s).time;
  const sKept = field.sWaves ? s : [];
  // The crossline geophone of an SH line takes no emergence angles (bodyGain).
  const threeComponent = field.horizontal !== null && field.source !== 'SH';
  return {
    p,
    s: sKept,
    firstP: firstArrival(p).time,
    firstS: field.sWaves ? firstS : null,
    surfaceOnset: firstS,
    direction: rx >= sx ? 1 : -1,
    pEmergence: threeComponent ? emergence(model, 'P', sx, rx, p) : [],
    sEmergence: threeComponent ? emergence(model, 'S', sx, rx, sKept) : [],
  };
}

/**
 * Adds the ground roll at distance x, from `onset` on (the first S arrival, see
 * `ReceiverArrivals.surfaceOnset`): the Hann packets of the low bands are wider than the
 * time between the S arrival and their centre, so each band is ramped in over a quarter
 * period from there. `gain` scales it and `quarter` turns every band's phase by 90°, as the
 * horizontal motion of a Rayleigh wave is to its vertical motion.
 */
function addGroundRoll(
  out: Float64Array,
  startTime: number,
  dt: number,
  roll: GroundRoll,
  x: number,
  shift: number,
  onset: number,
  { gain = 1, quarter = false }: { gain?: number; quarter?: boolean } = {},
): void {
  if (roll.strength === 0 || gain === 0) return;
  const spread = (gain * roll.strength) / Math.sqrt(Math.max(x, 1));
  const turn = quarter ? -Math.PI / 2 : 0;
  for (const band of roll.bands) {
    const f = band.frequency;
    const loss = Math.exp((-Math.PI * f * x) / (band.phaseVelocity * roll.q));
    const amplitude = spread * band.weight * loss;
    const centre = x / band.groupVelocity + shift;
    const halfWidth = PACKET_CYCLES / f / 2;
    const begin = Math.max(centre - halfWidth, onset);
    const ramp = 1 / (4 * f);
    const first = Math.max(0, Math.ceil((begin - startTime) / dt));
    const last = Math.min(out.length - 1, Math.floor((centre + halfWidth - startTime) / dt));
    for (let i = first; i <= last; i++) {
      const t = startTime + i * dt;
      const hann = Math.cos((Math.PI / 2) * ((t - centre) / halfWidth)) ** 2;
      const into = t - onset;
      const rampIn =
        into <= 0 ? 0 : into >= ramp ? 1 : Math.sin((Math.PI / 2) * (into / ramp)) ** 2;
      const phase = 2 * Math.PI * f * (t - shift - x / band.phaseVelocity) + roll.phase + turn;
      out[i]! += amplitude * hann * rampIn * Math.cos(phase);
    }
  }
}

/**
 * A geophone axis of a simulated receiver: vertical, inline horizontal (along +x, written as
 * E) or crossline horizontal (written as N). A line has no compass direction of its own; the
 * names are the component codes a 3-component network takes.
 */
export type Component = 'Z' | 'E' | 'N';

/** A noise-free trace in its parts, which the simulator keeps apart to tell what shows. */
export interface TraceParts {
  /** Every P branch. */
  p: Float64Array;
  /** Every S branch (zero without S waves). */
  s: Float64Array;
  /** Ground roll (Rayleigh or Love waves) and air wave. */
  surface: Float64Array;
}

/**
 * How much of each body wave a component takes, by the sine of its emergence angle e:
 *
 * - Z keeps the full amplitudes of every body wave, as the single-component simulation always
 *   has. Ray theory would give the P waves cos e, and a wave running along the surface
 *   nothing; field records show the direct wave plainly on vertical geophones, because real
 *   ground stiffens with depth and the "direct" wave dives and emerges at an angle, which
 *   homogeneous layers cannot show. The vertical trace stays the one the bundled model and
 *   its field checks were built on;
 * - E, inline: P moves along its ray, sin e; SV across it, cos e; both with the sign of the
 *   direction of travel (the first motion flips across the source);
 * - N, crossline: SH only, at `shStrength` of the SV amplitude; with an SH source, SH at its
 *   own strength and P at `pLeakage` of it.
 */
function bodyGain(
  component: Component,
  wave: 'P' | 'S',
  sine: number,
  arrivals: ReceiverArrivals,
  field: Wavefield,
): number {
  if (component === 'Z') return 1;
  const { horizontal } = field;
  if (!horizontal) throw new Error(`a ${component} component needs a 3-component wavefield`);
  if (component === 'N') {
    if (wave === 'S') return horizontal.shStrength;
    // A P ray has strength 1 where an S ray has sStrength (bodyPulse).
    return (horizontal.pLeakage ?? 0) * field.signature.sStrength;
  }
  const share = wave === 'P' ? sine : Math.sqrt(1 - sine * sine);
  return arrivals.direction * share;
}

/**
 * The noise-free trace's parts on one component (Z unless asked): every body-wave branch,
 * ground roll and air wave, all delayed by the trace's static shift `shift` (s); the S waves
 * and the ground roll by `sShift` when given (an SH line's S statics, larger than its P ones).
 * `startTime` is the time of sample 0 (negative with a pre-trigger). The Rayleigh waves move
 * Z and E (E a quarter period off, `rayleighHv` as large), the Love waves N; the air wave
 * shakes the ground vertically.
 */
export function renderParts(
  model: VelocityModel,
  field: Wavefield,
  arrivals: ReceiverArrivals,
  distance: number,
  shift: number,
  samples: number,
  startTime: number,
  dt: number,
  component: Component = 'Z',
  sShift = shift,
): TraceParts {
  const p = new Float64Array(samples);
  const s = new Float64Array(samples);
  const surface = new Float64Array(samples);
  const { horizontal } = field;
  const addBody = (out: Float64Array, list: RayArrival[], sines: number[], wave: 'P' | 'S') =>
    list.forEach((arrival, k) => {
      const gain = bodyGain(component, wave, sines[k] ?? 1, arrivals, field);
      if (gain === 0) return;
      const pulse = bodyPulse(model, field, arrival, wave === 'P' ? shift : sShift);
      addPulse(out, startTime, dt, { ...pulse, amplitude: pulse.amplitude * gain });
    });
  addBody(p, arrivals.p, arrivals.pEmergence, 'P');
  addBody(s, arrivals.s, arrivals.sEmergence, 'S');
  const onset = arrivals.surfaceOnset + sShift;
  if (component === 'N') {
    addGroundRoll(surface, startTime, dt, horizontal!.love, distance, sShift, onset);
    return { p, s, surface };
  }
  if (component === 'E') {
    addGroundRoll(surface, startTime, dt, field.groundRoll, distance, sShift, onset, {
      gain: arrivals.direction * horizontal!.rayleighHv,
      quarter: true,
    });
    return { p, s, surface };
  }
  addGroundRoll(surface, startTime, dt, field.groundRoll, distance, sShift, onset);
  const air = field.airWave;
  if (air.strength > 0) {
    addPulse(surface, startTime, dt, {
      time: distance / air.velocity + shift,
      amplitude: air.strength / Math.max(distance, 1),
      frequency: air.frequency,
      wavelet: 'ricker',
    });
  }
  return { p, s, surface };
}

/** The noise-free trace: the sum of its parts. */
export function sumOfParts({ p, s, surface }: TraceParts): Float64Array {
  return p.map((v, i) => v + s[i]! + surface[i]!);
}
