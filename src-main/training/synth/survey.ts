import { noiseRmsForSnr, rms } from '../awgn';
import { ownArrivalSnr } from '../arrival-visibility';
import { rngFor, type Rng } from '../random';
import { lineGeometry, type LineGeometry } from './geometry';
import { addSpikes, ambientNoise } from './noise';
import { checkSynthOptions, SH_DEFAULTS, sourceType, type SynthOptions } from './options';
import {
  receiverArrivals,
  renderParts,
  sampleWavefield,
  sumOfParts,
  type Component,
  type ReceiverArrivals,
  type TraceParts,
  type Wavefield,
} from './wavefield';
import { sampleVelocityModel, type VelocityModel } from './velocity-model';
import { waveletDuration, type WaveletKind } from './wavelets';
import { maxOf, minOf } from '../../numeric/extent';

/**
 * One simulated survey: a velocity model, a line of geophones and its shots, with the true
 * first-arrival times as labels. Every random choice comes from a stream named after the seed,
 * the survey index and what it is for (random.ts `rngFor`), so survey 3 of a run is the same
 * whatever the number of surveys, and a noise option changes only the noise.
 *
 * Labels are the times at which the arrivals start on the record: ray-theory first-arrival
 * time plus the source and receiver statics, which shift the whole trace (the classic static
 * model of a weathered layer under the source and under each geophone).
 */

export interface TraceEffects {
  /** White-noise and ambient-noise SNR of this trace, dB. */
  snr: number;
  ambientSnr: number;
  dead: boolean;
  reversed: boolean;
  /** Sample indices of spikes. */
  spikes: number[];
  /**
   * How far each arrival stands out from what it competes with on the recorded trace, dB
   * (arrival-visibility.ts `ownArrivalSnr` over ARRIVAL_WINDOW): P against the noise, S
   * against the noise, the P waves and the ground roll; null without the arrival.
   */
  arrivalSnr: { P: number | null; S: number | null };
}

/** Seconds after an arrival over which its own energy is weighed against the rest. */
export const ARRIVAL_WINDOW = 0.01;

export interface SimulatedShot {
  /** 1-based within the survey (SEG-2 SHOT_SEQUENCE_NUMBER). */
  number: number;
  file: string;
  sourceX: number;
  sourceStatic: number;
  /** Receiver by receiver, each receiver's components in `SimulatedSurvey.components` order. */
  traces: Float32Array[];
  /**
   * True arrival times per trace, s on the record clock; null = none on this record. The
   * components of a receiver share its times (null only when all of them are dead).
   */
  p: (number | null)[];
  s: (number | null)[];
  effects: TraceEffects[];
}

export interface SimulatedSurvey {
  /** "s0001" for index 0. */
  id: string;
  index: number;
  model: VelocityModel;
  wavefield: Wavefield;
  geometry: LineGeometry;
  spacing: number;
  sampleInterval: number;
  samples: number;
  pretrigger: number;
  /** P statics of the receivers, s (each shot has its own source static). */
  receiverStatics: number[];
  /**
   * S statics over P statics: 1 on a P line (its S waves, if any, share the P statics); on an
   * SH line the top layer's Vp/Vs, since the same weathered layer delays S by that much more.
   */
  sStaticRatio: number;
  ambientBand: { low: number; high: number };
  /**
   * What each receiver records, in trace order: Z, or Z, E (inline), N (crossline); N alone
   * on an SH line.
   */
  components: Component[];
  /**
   * Per receiver, how far its horizontal geophones are turned from the line, radians
   * (empty without horizontals): a planted geophone is never exactly aligned, which leaks
   * some P onto the crossline and some SH onto the inline component.
   */
  orientationErrors: number[];
  shots: SimulatedShot[];
}

/** A margin around the line that covers where rays can go (reflection points move up-dip). */
const MODEL_MARGIN = 30;
/** Automatic record length: the latest label plus half again, plus a fixed tail. */
const RECORD_SLACK = 0.5;
const RECORD_TAIL = 0.1;
/** Standard deviation of a horizontal geophone's misalignment, radians (5°). */
const ORIENTATION_ERROR = (5 * Math.PI) / 180;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function surveyId(index: number): string {
  return `s${pad(index + 1, 4)}`;
}

/** A static delay: half-normal, since a weathered layer only ever slows the wave. */
function staticDelay(rng: Rng, scale: number): number {
  return Math.abs(rng.gaussian(0, scale));
}

function chooseWavelet(rng: Rng, choice: SynthOptions['wavelet']): WaveletKind {
  return choice === 'mixed' ? rng.pick(['ricker', 'minimum-phase'] as const) : choice;
}

interface Layout {
  spacing: number;
  sampleInterval: number;
  pretrigger: number;
  geometry: LineGeometry;
}

function layout(rng: Rng, options: SynthOptions): Layout {
  const channels = rng.pick(options.channels);
  const spacing = rng.pick(options.spacing);
  const sampleInterval = rng.pick(options.sampleInterval);
  const pretrigger = rng.pick(options.pretrigger);
  const geometry = lineGeometry(options.spread, options.shots, channels, spacing);
  return { spacing, sampleInterval, pretrigger, geometry };
}

type DrawnEffects = Omit<TraceEffects, 'spikes' | 'arrivalSnr'> & { spikeCount: number };

/** Dead, reversed and spiky traces and the noise levels, drawn in a fixed order. */
function traceEffects(rng: Rng, options: SynthOptions): DrawnEffects {
  return {
    snr: rng.between(options.snr.min, options.snr.max),
    ambientSnr: rng.between(options.ambientSnr.min, options.ambientSnr.max),
    dead: rng.chance(options.deadRate),
    reversed: rng.chance(options.reversedRate),
    spikeCount: rng.chance(options.spikeRate) ? rng.integer(1, 3) : 0,
  };
}

/**
 * The recorded trace: the noise-free trace plus ambient and white noise, both at SNRs
 * against `signal`, the RMS of the receiver's noise-free vertical trace over all its samples
 * (the report's definition; all components of a geophone hear the same noise level), then
 * spikes, polarity and dead channels.
 */
function recordTrace(
  clean: Float64Array,
  signal: number,
  drawn: DrawnEffects,
  survey: { sampleInterval: number; ambientBand: { low: number; high: number } },
  rng: Rng,
): { samples: Float32Array; spikes: number[]; noisy: Float64Array } {
  const ambient = ambientNoise(
    clean.length,
    survey.sampleInterval,
    survey.ambientBand,
    noiseRmsForSnr(signal, drawn.ambientSnr),
    rng,
  );
  const white = noiseRmsForSnr(signal, drawn.snr);
  const trace = new Float64Array(clean.length);
  let peak = 0;
  for (let i = 0; i < clean.length; i++) {
    trace[i] = clean[i]! + ambient[i]! + white * rng.normal();
    peak = Math.max(peak, Math.abs(clean[i]!));
  }
  // A dead channel records nothing, spikes included.
  const spikes = addSpikes(trace, drawn.dead ? 0 : drawn.spikeCount, peak, rng);
  const samples = new Float32Array(clean.length);
  if (!drawn.dead) {
    const sign = drawn.reversed ? -1 : 1;
    for (let i = 0; i < trace.length; i++) samples[i] = sign * trace[i]!;
  }
  // Before polarity and dead channels: the arrivals are weighed against it (a dead channel's
  // arrivals are not labelled, so nobody asks).
  return { samples, spikes, noisy: trace };
}

/** Simulates survey `index` of a run with this seed. */
export function simulateSurvey(
  options: SynthOptions,
  seed: number,
  index: number,
): SimulatedSurvey {
  checkSynthOptions(options);
  const stream = (...name: (string | number)[]) => rngFor(seed, 'survey', index, ...name);
  const setup = layout(stream('layout'), options);
  const { geometry, sampleInterval, pretrigger } = setup;
  const xs = [...geometry.receivers, ...geometry.sources];
  const extent: [number, number] = [minOf(xs) - MODEL_MARGIN, maxOf(xs) + MODEL_MARGIN];
  const sh = sourceType(options) === 'SH';
  const model = sampleVelocityModel(stream('model'), {
    ...options,
    extent,
    ...(sh ? { topVs: options.topVs ?? SH_DEFAULTS.topVs } : {}),
  });

  const sourceRng = stream('source');
  const wavelet = chooseWavelet(sourceRng, options.wavelet);
  const pFrequency = sourceRng.between(options.frequency.min, options.frequency.max);
  const threeComponent = options.components === 3;
  const wavefield = sampleWavefield(
    stream('wavefield'),
    model,
    {
      wavelet,
      pFrequency,
      // An S line is there for its S waves.
      sWaves: options.sWaves || sh,
      threeComponent,
      groundRoll: options.groundRoll,
      airWave: options.airWave,
      maxFrequency: 1 / (6 * sampleInterval),
      ...(sh ? { source: 'SH', pLeakage: options.pLeakage ?? SH_DEFAULTS.pLeakage } : {}),
      ...(options.headDecay ? { headDecay: options.headDecay } : {}),
    },
    stream('horizontal'),
    stream('head-decay'),
  );
  const components: Component[] = sh ? ['N'] : threeComponent ? ['Z', 'E', 'N'] : ['Z'];
  const orientationRng = stream('orientation');
  const orientationErrors = threeComponent
    ? geometry.receivers.map(() => orientationRng.gaussian(0, ORIENTATION_ERROR))
    : [];
  const staticsRng = stream('statics');
  const receiverStatics = geometry.receivers.map(() => staticDelay(staticsRng, options.statics));
  const sourceStatics = geometry.sources.map(() => staticDelay(staticsRng, options.statics));
  const top = model.layers[0]!;
  const sStaticRatio = sh ? top.vp / top.vs : 1;
  const noiseRng = stream('ambient');
  const ambientBand = { low: noiseRng.between(2, 10), high: noiseRng.between(30, 120) };

  const arrivals: ReceiverArrivals[][] = geometry.sources.map((sx) =>
    geometry.receivers.map((rx) => receiverArrivals(model, wavefield, sx, rx)),
  );
  const shift = (shot: number, trace: number) => sourceStatics[shot]! + receiverStatics[trace]!;
  const sShift = (shot: number, trace: number) => sStaticRatio * shift(shot, trace);
  let latest = 0;
  arrivals.forEach((row, shot) =>
    row.forEach((a, trace) => {
      latest = Math.max(
        latest,
        a.firstP + shift(shot, trace),
        (a.firstS ?? 0) + sShift(shot, trace),
      );
    }),
  );
  // With no leakage drawn an SH line has no P at all.
  const hasP = !sh || wavefield.horizontal?.pLeakage !== 0;
  const after =
    options.recordLength ??
    latest * (1 + RECORD_SLACK) +
      waveletDuration(wavelet, wavefield.signature.sFrequency) +
      RECORD_TAIL;
  const samples = Math.round((pretrigger + after) / sampleInterval);
  const startTime = -pretrigger;
  const endTime = startTime + samples * sampleInterval;
  const onRecord = (t: number | null) => (t !== null && t >= startTime && t < endTime ? t : null);

  const id = surveyId(index);
  const shots = geometry.sources.map((sx, k): SimulatedShot => {
    const rng = stream('shot', k);
    // The horizontals draw from their own stream: the vertical traces stay those of a
    // vertical-only run with the same seed.
    const horizontalRng = stream('shot', k, 'horizontal');
    const traces: Float32Array[] = [];
    const effects: TraceEffects[] = [];
    const p: (number | null)[] = [];
    const s: (number | null)[] = [];
    geometry.receivers.forEach((rx, i) => {
      const a = arrivals[k]![i]!;
      const delay = shift(k, i);
      const sDelay = sShift(k, i);
      const parts = misaligned(
        components.map((component) =>
          renderParts(
            model,
            wavefield,
            a,
            Math.abs(rx - sx),
            delay,
            samples,
            startTime,
            sampleInterval,
            component,
            sDelay,
          ),
        ),
        orientationErrors[i] ?? 0,
      );
      const signal = rms(sumOfParts(parts[0]!));
      let vertical: DrawnEffects | null = null;
      const recorded = parts.map((part, c) => {
        const clean = sumOfParts(part);
        const draws = c === 0 ? rng : horizontalRng;
        const drawn = traceEffects(draws, options);
        // One geophone, one noise level on all its axes (the vertical trace's draw).
        vertical ??= drawn;
        const levels = { ...drawn, snr: vertical.snr, ambientSnr: vertical.ambientSnr };
        const trace = recordTrace(clean, signal, levels, { sampleInterval, ambientBand }, draws);
        return { ...trace, clean, drawn: levels, part };
      });
      const allDead = recorded.every((r) => r.drawn.dead);
      const pTime = allDead || !hasP ? null : onRecord(a.firstP + delay);
      const sTime = allDead || a.firstS === null ? null : onRecord(a.firstS + sDelay);
      const window = Math.max(1, Math.round(ARRIVAL_WINDOW / sampleInterval));
      const standsOut = (own: Float64Array, rest: Float64Array, time: number | null) =>
        time === null
          ? null
          : ownArrivalSnr(own, rest, (time - startTime) / sampleInterval, window);
      // P is the first arrival: only the noise is there when it comes in. S comes in over
      // the P coda and with the ground roll (wavefield.ts `surfaceOnset`). A receiver's
      // arrival shows as well as it does on its clearest live component. On an SH line the
      // weak leaked P is weighed against everything else: near the source SH and the Love
      // waves follow it within the window. There the first break is the onset of SH and the
      // Love waves that start with it, so S is weighed against what comes before: noise and P.
      const live = recorded.filter((r) => !r.drawn.dead);
      const rated = live.length > 0 ? live : recorded;
      const clearest = (values: (number | null)[]) => {
        const known = values.filter((v): v is number => v !== null);
        return known.length > 0 ? maxOf(known) : null;
      };
      const arrivalSnr = {
        P: clearest(
          rated.map((r) =>
            standsOut(
              r.part.p,
              r.noisy.map((v, t) => v - (sh ? r.part.p[t]! : r.clean[t]!)),
              pTime,
            ),
          ),
        ),
        S: clearest(
          rated.map((r) =>
            standsOut(
              r.part.s,
              r.noisy.map((v, t) => v - r.part.s[t]! - (sh ? r.part.surface[t]! : 0)),
              sTime,
            ),
          ),
        ),
      };
      for (const r of recorded) {
        traces.push(r.samples);
        effects.push({
          snr: r.drawn.snr,
          ambientSnr: r.drawn.ambientSnr,
          dead: r.drawn.dead,
          reversed: r.drawn.reversed,
          spikes: r.spikes,
          arrivalSnr,
        });
        p.push(pTime);
        s.push(sTime);
      }
    });
    return {
      number: k + 1,
      file: `${id}-${pad(k + 1, 3)}.sg2`,
      sourceX: sx,
      sourceStatic: sourceStatics[k]!,
      traces,
      p,
      s,
      effects,
    };
  });

  return {
    id,
    index,
    model,
    wavefield,
    geometry,
    spacing: setup.spacing,
    sampleInterval,
    samples,
    pretrigger,
    receiverStatics,
    sStaticRatio,
    ambientBand,
    components,
    orientationErrors,
    shots,
  };
}

/**
 * The parts of a receiver's components with its horizontal geophones turned by `angle`
 * (radians) from the line: E' = E cos a + N sin a, N' = N cos a - E sin a. Z is unchanged, and
 * so is a vertical-only receiver.
 */
function misaligned(parts: TraceParts[], angle: number): TraceParts[] {
  const [z, e, n] = parts;
  if (!e || !n) return parts;
  const c = Math.cos(angle);
  const si = Math.sin(angle);
  const turn = (key: keyof TraceParts): [Float64Array, Float64Array] => [
    e[key].map((v, t) => c * v + si * n[key][t]!),
    n[key].map((v, t) => c * v - si * e[key][t]!),
  ];
  const [ep, np] = turn('p');
  const [es, ns] = turn('s');
  const [eSurface, nSurface] = turn('surface');
  return [z!, { p: ep, s: es, surface: eSurface }, { p: np, s: ns, surface: nSurface }];
}
