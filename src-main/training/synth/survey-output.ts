import type { PickRow } from '../../export/picks-csv';
import { writeSeg2, type Seg2Coding } from '../../formats/seg2-writer';
import { sourceType, type SynthOptions } from './options';
import type { SimulatedShot, SimulatedSurvey } from './survey';

/**
 * What a simulated survey becomes on disk: one SEG-2 file per shot, ground-truth rows in the
 * picks-CSV format (method `truth`, status `accepted`), and a JSON description of everything
 * that was drawn, so a label can be traced back to its model.
 */

export const TRUTH_FILE = 'truth.csv';
export const DESCRIPTION_FILE = 'survey.json';
/** The truth rows' `method` on an SH line (P lines keep the plain 'truth'). */
export const SH_TRUTH_METHOD = 'truth SH';
/** SEG-2 SOURCE keyword (the source type) of an SH line's traces. */
export const SH_SOURCE_KEYWORD = 'SH HAMMER (HORIZONTAL, CROSSLINE)';

const isSh = (survey: SimulatedSurvey) => survey.wavefield.source === 'SH';

export function shotSeg2(
  survey: SimulatedSurvey,
  shot: SimulatedShot,
  coding: Seg2Coding,
): Uint8Array {
  const source = { x: shot.sourceX, y: 0, z: 0 };
  return writeSeg2({
    coding,
    keywords: {
      INSTRUMENT: 'PICKLINE SYNTH',
      TRACE_SORT: 'AS_ACQUIRED',
      UNITS: 'METERS',
      NOTE: [
        `Simulated survey ${survey.id}, shot ${shot.number} of ${survey.shots.length}.`,
        ...(isSh(survey)
          ? ['SH source (struck crossline), crossline horizontal geophones: an S line.']
          : []),
        `True arrival times: ${TRUTH_FILE}; model and noise: ${DESCRIPTION_FILE}.`,
      ].join('\n'),
    },
    traces: shot.traces.map((samples, i) => ({
      samples,
      sampleInterval: survey.sampleInterval,
      startTime: -survey.pretrigger,
      channel: i + 1,
      receiver: { x: receiverOf(survey, i), y: 0, z: 0 },
      source,
      keywords: {
        SHOT_SEQUENCE_NUMBER: String(shot.number),
        STACK: '1',
        // Vertical-only receivers do not say which axis a trace is; the others do (the
        // reader's codes), which is what tells an S line's crossline geophones apart.
        ...(survey.components.some((c) => c !== 'Z')
          ? { REGISTRATION_DIRECTION: survey.components[i % survey.components.length]! }
          : {}),
        ...(isSh(survey) ? { SOURCE: SH_SOURCE_KEYWORD } : {}),
      },
    })),
  });
}

/** x of the receiver that recorded trace `i` of a shot (its components are adjacent). */
function receiverOf(survey: SimulatedSurvey, i: number): number {
  return survey.geometry.receivers[Math.floor(i / survey.components.length)]!;
}

/**
 * Two rows per trace, P and S; an empty time says the trace has no such arrival. The
 * components of a receiver carry its times alike. The method says the source: 'truth' on a
 * P line, SH_TRUTH_METHOD on an SH line (whose P rows are the weak leaked P).
 */
export function truthRows(survey: SimulatedSurvey): PickRow[] {
  const method = isSh(survey) ? SH_TRUTH_METHOD : 'truth';
  return survey.shots.flatMap((shot) =>
    shot.traces.flatMap((_, i) => {
      const receiverX = receiverOf(survey, i);
      const row = (phase: 'P' | 'S', time: number | null): PickRow => ({
        file: shot.file,
        trace: i,
        channel: i + 1,
        shot: String(shot.number),
        sourceX: shot.sourceX,
        receiverX,
        offsetM: Math.abs(receiverX - shot.sourceX),
        phase,
        time,
        probability: null,
        uncertainty: null,
        method,
        status: 'accepted',
      });
      return [row('P', shot.p[i]!), row('S', shot.s[i]!)];
    }),
  );
}

/** dB to 0.1; JSON has no infinities, so those become ±999. */
const roundedDb = (db: number | null) =>
  db === null ? null : Math.round(Math.max(-999, Math.min(999, db)) * 10) / 10;

const indicesWhere = (flags: boolean[]) => flags.flatMap((f, i) => (f ? [i] : []));

/** The survey as survey.json lists it. */
export function describeSurvey(survey: SimulatedSurvey) {
  const { model, wavefield } = survey;
  return {
    id: survey.id,
    model: {
      layers: model.layers,
      interfaces: model.interfaces.map((face) => ({
        depthAtX0: face.depth,
        dipDegrees: (Math.atan(face.slope) * 180) / Math.PI,
        slope: face.slope,
        kind: face.kind,
      })),
      extent: model.extent,
    },
    line: {
      channels: survey.geometry.receivers.length,
      spacing: survey.spacing,
      receivers: survey.geometry.receivers,
      sources: survey.geometry.sources,
    },
    recording: {
      sampleInterval: survey.sampleInterval,
      samples: survey.samples,
      pretrigger: survey.pretrigger,
    },
    source: wavefield.signature,
    // Only on SH lines, so that a P run's survey.json stays what it was: absent = 'P'.
    ...(isSh(survey) ? { sourceType: 'SH' as const, sStaticRatio: survey.sStaticRatio } : {}),
    sWaves: wavefield.sWaves,
    components: survey.components,
    horizontal: wavefield.horizontal,
    orientationErrorsDegrees: survey.orientationErrors.map(
      (a) => Math.round(((a * 180) / Math.PI) * 10) / 10,
    ),
    groundRoll: wavefield.groundRoll,
    airWave: wavefield.airWave,
    ambientBand: survey.ambientBand,
    receiverStatics: survey.receiverStatics,
    shots: survey.shots.map((shot) => ({
      file: shot.file,
      number: shot.number,
      sourceX: shot.sourceX,
      sourceStatic: shot.sourceStatic,
      snr: shot.effects.map((e) => e.snr),
      ambientSnr: shot.effects.map((e) => e.ambientSnr),
      deadTraces: indicesWhere(shot.effects.map((e) => e.dead)),
      reversedTraces: indicesWhere(shot.effects.map((e) => e.reversed)),
      arrivalSnr: {
        P: shot.effects.map((e) => roundedDb(e.arrivalSnr.P)),
        S: shot.effects.map((e) => roundedDb(e.arrivalSnr.S)),
      },
      spikes: shot.effects.flatMap((e, trace) =>
        e.spikes.length > 0 ? [{ trace, samples: e.spikes }] : [],
      ),
    })),
  };
}

export type SurveyDescription = ReturnType<typeof describeSurvey>;

/** The whole survey.json document of a run. */
export function describeRun(seed: number, options: SynthOptions, surveys: SurveyDescription[]) {
  return {
    generator: 'pickline synth',
    seed,
    options,
    conventions: {
      x: 'metres along the line, 0 at the first geophone; all positions at the surface (z = 0)',
      depth: 'metres, positive down; an interface is depthAtX0 + slope * x',
      time: 'seconds after the source time; the first sample is at -pretrigger',
      labels: `${TRUTH_FILE}: ray-theory first arrival + source static + receiver static`,
      snr: '10 log10(RMS_signal^2 / RMS_noise^2) per trace, signal = the noise-free trace',
      arrivalSnr:
        "per trace and phase, dB: the arrival's own wave over its first 10 ms against what it competes with from 10 ms before to 10 ms after (P: the noise; S: the noise, the P waves and the ground roll); a multi-component receiver's traces all carry the value of its clearest live component; null = no arrival",
      components:
        'per receiver, adjacent traces in this order: Z vertical, E inline horizontal (+x), N crossline horizontal; a receiver with one component is vertical',
      ...(sourceType(options) === 'SH'
        ? {
            sourceType:
              "per survey: 'SH' = a crossline (SH) source recorded on crossline horizontal geophones (N), an S line whose P rows are the leaked P, rated in arrivalSnr against everything but the P waves; absent = 'P', a vertical source",
            sStatics:
              'S labels carry the source and receiver statics times sStaticRatio (the top layer Vp/Vs); P labels the statics themselves',
          }
        : {}),
    },
    surveys,
  };
}
