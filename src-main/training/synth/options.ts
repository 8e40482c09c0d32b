import type { Seg2Coding } from '../../formats/seg2-writer';
import { minOf } from '../../numeric/extent';

/** A closed interval [min, max]; min = max fixes the value. */
export interface Range {
  min: number;
  max: number;
}

export type SpreadLayout = 'off-end' | 'split' | 'mixed';
export type WaveletChoice = 'ricker' | 'minimum-phase' | 'mixed';
/**
 * What the source shakes: 'P', a vertical blow recorded on vertical geophones (a P line);
 * 'SH', a beam struck sideways, crossline, recorded on crossline horizontal geophones (an S
 * line), where SH is the strong first arrival, Love waves the ground roll and P only leaks.
 */
export type SourceType = 'P' | 'SH';

/**
 * Everything that shapes a simulated survey. Lists are choices drawn per survey; ranges are
 * drawn per survey (velocities, frequencies, strengths) or per trace (SNRs). The defaults
 * describe a hammer refraction line: 24-96 channels at 1-5 m, 0.125-0.5 ms sampling.
 */
export interface SynthOptions {
  surveys: number;
  shots: number;
  spread: SpreadLayout;
  channels: readonly number[];
  /** Geophone spacing, m. */
  spacing: readonly number[];
  /** Sample interval, s. */
  sampleInterval: readonly number[];
  /** Recording before the trigger, s (written as a negative SEG-2 DELAY). */
  pretrigger: readonly number[];
  /** Record length after the trigger, s; null = long enough for every labelled arrival. */
  recordLength: number | null;
  /** Geological units, half-space included; a water table adds a layer. */
  layers: Range;
  waterTable: 'always' | 'never' | 'random';
  /** Largest interface dip, degrees. */
  maxDip: number;
  /** P velocity of the top layer, m/s. */
  topVp: Range;
  /** P velocity of a bedrock half-space, m/s. */
  bedrockVp: Range;
  /** Simulate S waves too (and label them); otherwise every S label is "no arrival". */
  sWaves: boolean;
  /**
   * Geophone axes per receiver: 1 = vertical only; 3 = vertical, inline and crossline
   * horizontals (written as Z, E, N), where S waves show without the P waves over them.
   */
  components: 1 | 3;
  wavelet: WaveletChoice;
  /** Peak frequency of the P wavelet, Hz. */
  frequency: Range;
  /** White Gaussian noise, dB, per trace (the report's SNR definition, see awgn.ts). */
  snr: Range;
  /** Band-limited ambient noise, dB against the same signal RMS, per trace. */
  ambientSnr: Range;
  /** Ground-roll amplitude relative to the direct P wave; {0, 0} for none. */
  groundRoll: Range;
  /** Air-wave amplitude relative to the direct P wave; {0, 0} for none. */
  airWave: Range;
  /** Scale (s) of the half-normal source and receiver statics. */
  statics: number;
  /** Share of traces that are dead, reversed, or carry spikes. */
  deadRate: number;
  reversedRate: number;
  spikeRate: number;
  coding: Seg2Coding;
  /**
   * The source; absent = 'P'. The SH-only options below are absent on a P line, so that the
   * options (and survey.json) of a P run are those of a simulator without SH lines.
   */
  source?: SourceType;
  /** SH only: P leaking onto the crossline geophone, relative to the SH amplitude, per survey. */
  pLeakage?: Range;
  /** SH only: S velocity of the top layer, m/s (its Vp/Vs then follows from topVp). */
  topVs?: Range;
  /**
   * Exponent of the head waves' decay along their refractor, drawn per refractor (wavefield.ts
   * `headDecay`); absent = 0, head waves spread as diving waves do.
   */
  headDecay?: Range;
}

export const DEFAULT_SYNTH_OPTIONS: SynthOptions = {
  surveys: 1,
  shots: 5,
  spread: 'mixed',
  channels: [24, 48, 72, 96],
  spacing: [1, 1.5, 2, 2.5, 3, 4, 5],
  sampleInterval: [0.000125, 0.00025, 0.0005],
  pretrigger: [0, 0.002, 0.005, 0.01, 0.02],
  recordLength: null,
  layers: { min: 2, max: 4 },
  waterTable: 'random',
  maxDip: 8,
  topVp: { min: 400, max: 900 },
  bedrockVp: { min: 2000, max: 4500 },
  sWaves: false,
  components: 1,
  wavelet: 'mixed',
  frequency: { min: 30, max: 150 },
  snr: { min: 10, max: 40 },
  ambientSnr: { min: 20, max: 50 },
  groundRoll: { min: 0.2, max: 3 },
  airWave: { min: 0.05, max: 0.5 },
  statics: 0.0003,
  deadRate: 0.01,
  reversedRate: 0.01,
  spikeRate: 0.02,
  coding: 'float32',
};

/** What an SH line draws unless told: field S lines show a top-layer Vs of 100-400 m/s. */
export const SH_DEFAULTS = {
  pLeakage: { min: 0, max: 0.15 },
  topVs: { min: 100, max: 400 },
} as const satisfies { pLeakage: Range; topVs: Range };

/** The source of a survey with these options (P unless an SH source is asked for). */
export function sourceType(o: Pick<SynthOptions, 'source'>): SourceType {
  return o.source ?? 'P';
}

/** Speed of sound in air at 0-25 °C, m/s. */
export const AIR_VELOCITY: Range = { min: 331, max: 346 };
/**
 * The slowest top layer the simulator accepts: 15 % faster than sound in air, so the air
 * wave never arrives before the direct P wave and the P label is the first energy on a trace.
 */
export const MIN_TOP_VP = Math.ceil(1.15 * AIR_VELOCITY.max);

function fail(name: string, reason: string): never {
  throw new RangeError(`${name} ${reason}`);
}

function checkRange(name: string, r: Range, lo: number, hi: number): void {
  if (!(Number.isFinite(r.min) && Number.isFinite(r.max) && r.min <= r.max)) {
    fail(name, `must be a range min <= max, got ${r.min} to ${r.max}`);
  }
  if (r.min < lo || r.max > hi)
    fail(name, `must lie within ${lo} to ${hi}, got ${r.min} to ${r.max}`);
}

function checkChoices(name: string, list: readonly number[], lo: number, hi: number): void {
  if (list.length === 0) fail(name, 'needs at least one value');
  for (const v of list) {
    if (!(Number.isFinite(v) && v >= lo && v <= hi)) {
      fail(name, `values must lie within ${lo} to ${hi}, got ${v}`);
    }
  }
}

function checkShare(name: string, p: number): void {
  if (!(p >= 0 && p <= 1)) fail(name, `must be a share from 0 to 1, got ${p}`);
}

/** Throws a RangeError naming the option when a value is outside what the simulator models. */
export function checkSynthOptions(o: SynthOptions): void {
  if (!Number.isInteger(o.surveys) || o.surveys < 1)
    fail('surveys', `must be ≥ 1, got ${o.surveys}`);
  if (!Number.isInteger(o.shots) || o.shots < 1) fail('shots', `must be ≥ 1, got ${o.shots}`);
  checkChoices('channels', o.channels, 2, 1024);
  if (!o.channels.every(Number.isInteger)) fail('channels', 'must be whole numbers');
  if (o.shots > minOf(o.channels)) {
    fail('shots', `(${o.shots}) must not exceed the channel count (${minOf(o.channels)})`);
  }
  checkChoices('spacing', o.spacing, 0.1, 50);
  checkChoices('sample interval', o.sampleInterval, 1e-5, 0.004);
  checkChoices('pretrigger', o.pretrigger, 0, 1);
  if (o.recordLength !== null && !(o.recordLength > 0 && o.recordLength <= 30)) {
    fail('record length', `must be from 0 to 30 s, got ${o.recordLength}`);
  }
  checkRange('layers', o.layers, 1, 8);
  if (!Number.isInteger(o.layers.min) || !Number.isInteger(o.layers.max)) {
    fail('layers', 'must be whole numbers');
  }
  if (!(o.maxDip >= 0 && o.maxDip <= 30))
    fail('max dip', `must be 0 to 30 degrees, got ${o.maxDip}`);
  checkRange('top Vp', o.topVp, MIN_TOP_VP, 1400);
  checkRange('bedrock Vp', o.bedrockVp, 2000, 7000);
  if (o.components !== 1 && o.components !== 3) {
    fail('components', `must be 1 or 3, got ${o.components}`);
  }
  checkRange('frequency', o.frequency, 5, 500);
  for (const interval of o.sampleInterval) {
    // The attenuated pulse keeps energy up to ~3x its peak frequency.
    if (3 * o.frequency.max >= 0.5 / interval) {
      fail('frequency', `up to ${o.frequency.max} Hz aliases at a ${interval} s sample interval`);
    }
  }
  checkRange('SNR', o.snr, -20, 100);
  checkRange('ambient SNR', o.ambientSnr, -20, 100);
  checkRange('ground roll', o.groundRoll, 0, 100);
  checkRange('air wave', o.airWave, 0, 100);
  if (!(o.statics >= 0 && o.statics <= 0.05))
    fail('statics', `must be 0 to 0.05 s, got ${o.statics}`);
  checkShare('dead rate', o.deadRate);
  checkShare('reversed rate', o.reversedRate);
  checkShare('spike rate', o.spikeRate);
  if (o.source !== undefined && o.source !== 'P' && o.source !== 'SH') {
    fail('source', `must be P or SH, got ${String(o.source)}`);
  }
  if (o.headDecay) checkRange('head-wave decay', o.headDecay, 0, 3);
  if (o.source === 'SH') {
    if (o.components !== 1) {
      fail('components', `must be 1 with an SH source (crossline geophones), got ${o.components}`);
    }
    if (o.pLeakage) checkRange('P leakage', o.pLeakage, 0, 1);
    if (o.topVs) checkRange('top Vs', o.topVs, 50, 1000);
  } else {
    if (o.pLeakage) fail('P leakage', 'applies to an SH source only');
    if (o.topVs) fail('top Vs', 'applies to an SH source only');
  }
}
