import { describe, expect, it } from 'vitest';
import { readPicksCsv, writePicksCsv } from '../../../src-main/export/picks-csv';
import { seg2 } from '../../../src-main/formats/seg2';
import { rms } from '../../../src-main/training/awgn';
import { simulateSurvey, type SimulatedSurvey } from '../../../src-main/training/synth/survey';
import {
  describeSurvey,
  shotSeg2,
  truthRows,
} from '../../../src-main/training/synth/survey-output';
import { ownArrivalSnr } from '../../../src-main/training/arrival-visibility';
import {
  receiverArrivals,
  renderParts,
  sumOfParts,
} from '../../../src-main/training/synth/wavefield';
import { contextFor } from '../formats/reference';
import { SMALL_SURVEY } from './synth-folder';

/** The noise-free trace of shot k, trace i, rebuilt from the survey's own parameters. */
function clean(survey: SimulatedSurvey, k: number, i: number): Float64Array {
  const shot = survey.shots[k]!;
  const rx = survey.geometry.receivers[i]!;
  const arrivals = receiverArrivals(survey.model, survey.wavefield, shot.sourceX, rx);
  return sumOfParts(
    renderParts(
      survey.model,
      survey.wavefield,
      arrivals,
      Math.abs(rx - shot.sourceX),
      shot.sourceStatic + survey.receiverStatics[i]!,
      survey.samples,
      -survey.pretrigger,
      survey.sampleInterval,
    ),
  );
}

describe('simulated surveys', () => {
  it('labels the first energy on every noise-free trace, P and S', () => {
    for (const index of [0, 1, 2, 3]) {
      const survey = simulateSurvey({ ...SMALL_SURVEY, deadRate: 0 }, 21, index);
      const { sampleInterval: dt, pretrigger } = survey;
      survey.shots.forEach((shot, k) => {
        shot.traces.forEach((_, i) => {
          const trace = clean(survey, k, i);
          const p = shot.p[i]!;
          const onset = Math.ceil((p + pretrigger) / dt - 1e-9);
          for (let t = 0; t < onset; t++) expect(trace[t]).toBe(0);
          const period = 1 / survey.wavefield.signature.pFrequency;
          const firstPeriod = trace.subarray(onset, onset + Math.ceil(period / dt) + 1);
          expect(Math.max(...firstPeriod.map(Math.abs))).toBeGreaterThan(0);
          // S follows P; the static shifts both labels alike.
          expect(shot.s[i]!).toBeGreaterThan(p);
          const shift = shot.sourceStatic + survey.receiverStatics[i]!;
          const rx = survey.geometry.receivers[i]!;
          const a = receiverArrivals(survey.model, survey.wavefield, shot.sourceX, rx);
          expect(p).toBe(a.firstP + shift);
          expect(shot.s[i]).toBe(a.firstS! + shift);
        });
      });
    }
  });

  it('adds white noise at the drawn per-trace SNR, measured against the noise-free trace', () => {
    const survey = simulateSurvey(
      {
        ...SMALL_SURVEY,
        ambientSnr: { min: 100, max: 100 },
        spikeRate: 0,
        deadRate: 0,
        reversedRate: 0,
      },
      5,
      0,
    );
    const errors: number[] = [];
    survey.shots.forEach((shot, k) =>
      shot.traces.forEach((recorded, i) => {
        const signal = clean(survey, k, i);
        const noise = recorded.map((v, t) => v - signal[t]!);
        const measured = 10 * Math.log10(rms(signal) ** 2 / rms(noise) ** 2);
        errors.push(measured - shot.effects[i]!.snr);
        expect(shot.effects[i]!.snr).toBeGreaterThanOrEqual(10);
        expect(shot.effects[i]!.snr).toBeLessThan(40);
      }),
    );
    // Each estimate from ~1000 samples has a standard error of ~0.2 dB.
    expect(Math.max(...errors.map(Math.abs))).toBeLessThan(1);
    expect(Math.abs(errors.reduce((a, b) => a + b) / errors.length)).toBeLessThan(0.1);
  });

  it('makes dead, reversed and spiky traces as asked', () => {
    const dead = simulateSurvey({ ...SMALL_SURVEY, shots: 1, deadRate: 1 }, 2, 0).shots[0]!;
    expect(dead.traces.every((t) => t.every((v) => v === 0))).toBe(true);
    expect([...dead.p, ...dead.s].every((t) => t === null)).toBe(true);

    const options = { ...SMALL_SURVEY, shots: 1, reversedRate: 1, spikeRate: 1, deadRate: 0 };
    const survey = simulateSurvey(options, 2, 0);
    const shot = survey.shots[0]!;
    shot.traces.forEach((recorded, i) => {
      expect(shot.effects[i]).toMatchObject({ reversed: true, dead: false });
      const spikes = shot.effects[i]!.spikes;
      expect(spikes.length).toBeGreaterThanOrEqual(1);
      expect(spikes.length).toBeLessThanOrEqual(3);
      // Reversed: anti-correlated with the noise-free trace.
      const signal = clean(survey, 0, i);
      const dot = recorded.reduce((s, v, t) => s + v * signal[t]!, 0);
      expect(dot).toBeLessThan(0);
      // A spike stands out from the trace it sits on.
      const peak = Math.max(...signal.map(Math.abs));
      expect(Math.max(...spikes.map((t) => Math.abs(recorded[t]!)))).toBeGreaterThan(peak);
    });
  });

  it('is deterministic for a seed and keeps each stream to its purpose', () => {
    const a = simulateSurvey(SMALL_SURVEY, 9, 1);
    const b = simulateSurvey(SMALL_SURVEY, 9, 1);
    expect(b.shots.map((s) => s.traces)).toEqual(a.shots.map((s) => s.traces));
    expect(describeSurvey(b)).toEqual(describeSurvey(a));
    const other = simulateSurvey(SMALL_SURVEY, 10, 1);
    expect(other.model).not.toEqual(a.model);
    // Another noise level changes the noise, not the model, geometry or labels.
    const quieter = simulateSurvey({ ...SMALL_SURVEY, snr: { min: 50, max: 60 } }, 9, 1);
    expect(quieter.model).toEqual(a.model);
    expect(quieter.geometry).toEqual(a.geometry);
    expect(quieter.shots.map((s) => s.p)).toEqual(a.shots.map((s) => s.p));
    expect(quieter.shots[0]!.traces).not.toEqual(a.shots[0]!.traces);
  });

  it('follows a fixed record length, leaving arrivals after its end unlabelled', () => {
    const survey = simulateSurvey(
      { ...SMALL_SURVEY, recordLength: 0.03, pretrigger: [0.01] },
      4,
      0,
    );
    expect(survey.samples).toBe(80);
    expect(survey.shots[0]!.traces[0]!.length).toBe(80);
    const times = survey.shots.flatMap((s) => [...s.p, ...s.s]);
    expect(times.some((t) => t === null)).toBe(true);
    for (const t of times) if (t !== null) expect(t).toBeLessThan(0.03);
  });

  it('writes shots the SEG-2 reader reads back exactly, with matching true-pick rows', () => {
    const survey = simulateSurvey({ ...SMALL_SURVEY, pretrigger: [0.005] }, 12, 0);
    const rows = truthRows(survey);
    expect(rows).toHaveLength(3 * 24 * 2);
    expect(readPicksCsv(writePicksCsv(rows), 'truth.csv').map(({ line: _, ...r }) => r)).toEqual(
      rows,
    );
    for (const coding of ['float32', 'int32'] as const) {
      survey.shots.forEach((shot) => {
        const file = seg2.read(shotSeg2(survey, shot, coding), contextFor(`/x/${shot.file}`));
        const record = file.records[0]!;
        expect(record.id).toBe(String(shot.number));
        record.traces.forEach((trace, i) => {
          expect(trace.startTime).toBe(-0.005);
          expect(trace.sampleInterval).toBe(0.0005);
          expect(trace.receiver).toEqual({ x: survey.geometry.receivers[i], y: 0, z: 0 });
          expect(trace.source).toEqual({ x: shot.sourceX, y: 0, z: 0 });
          if (coding === 'float32') expect(trace.samples).toEqual(shot.traces[i]);
          const row = rows.find((r) => r.file === shot.file && r.trace === i && r.phase === 'P')!;
          expect(row).toMatchObject({
            channel: trace.channel,
            time: shot.p[i],
            method: 'truth',
            status: 'accepted',
            sourceX: shot.sourceX,
            offsetM: Math.abs(survey.geometry.receivers[i]! - shot.sourceX),
          });
        });
      });
    }
  });

  it('leaves S unlabelled (no arrival) when S waves are not simulated', () => {
    const survey = simulateSurvey({ ...SMALL_SURVEY, sWaves: false, deadRate: 0 }, 3, 0);
    const rows = truthRows(survey);
    expect(rows.filter((r) => r.phase === 'S').every((r) => r.time === null)).toBe(true);
    expect(rows.filter((r) => r.phase === 'P').every((r) => r.time !== null)).toBe(true);
  });

  it('starts the ground roll no earlier than the first S arrival, S waves drawn or not', () => {
    for (const sWaves of [true, false]) {
      const survey = simulateSurvey({ ...SMALL_SURVEY, sWaves, deadRate: 0 }, 8, 1);
      const { sampleInterval: dt, pretrigger } = survey;
      let checked = 0;
      survey.shots.forEach((shot) =>
        survey.geometry.receivers.forEach((rx, i) => {
          const a = receiverArrivals(survey.model, survey.wavefield, shot.sourceX, rx);
          const shift = shot.sourceStatic + survey.receiverStatics[i]!;
          const withoutAir = {
            ...survey.wavefield,
            airWave: { ...survey.wavefield.airWave, strength: 0 },
          };
          const { surface } = renderParts(
            survey.model,
            withoutAir,
            a,
            Math.abs(rx - shot.sourceX),
            shift,
            survey.samples,
            -pretrigger,
            dt,
          );
          const onset = Math.ceil((a.surfaceOnset + shift + pretrigger) / dt - 1e-9);
          expect(surface.subarray(0, onset).every((v) => v === 0)).toBe(true);
          if (surface.some((v) => v !== 0)) checked++;
          expect(a.surfaceOnset).toBeGreaterThan(a.firstP);
          if (sWaves) expect(a.surfaceOnset).toBe(a.firstS);
        }),
      );
      expect(checked).toBeGreaterThan(0);
    }
  });

  it('says how far each arrival stands out from the rest of its recorded trace', () => {
    const survey = simulateSurvey({ ...SMALL_SURVEY, deadRate: 0.1, reversedRate: 0 }, 4, 0);
    const { sampleInterval: dt, pretrigger } = survey;
    const window = Math.round(0.01 / dt);
    const seen = { P: [] as number[], S: [] as number[] };
    survey.shots.forEach((shot) =>
      shot.traces.forEach((recorded, i) => {
        const snr = shot.effects[i]!.arrivalSnr;
        if (shot.effects[i]!.dead) {
          expect(snr).toEqual({ P: null, S: null });
          return;
        }
        const rx = survey.geometry.receivers[i]!;
        const a = receiverArrivals(survey.model, survey.wavefield, shot.sourceX, rx);
        const parts = renderParts(
          survey.model,
          survey.wavefield,
          a,
          Math.abs(rx - shot.sourceX),
          shot.sourceStatic + survey.receiverStatics[i]!,
          survey.samples,
          -pretrigger,
          dt,
        );
        // Recomputed from the parts and the recorded (float32) trace: P against the noise,
        // S against everything but itself.
        const noise = recorded.map((v, t) => v - parts.p[t]! - parts.s[t]! - parts.surface[t]!);
        const underS = recorded.map((v, t) => v - parts.s[t]!);
        for (const phase of ['P', 'S'] as const) {
          const time = phase === 'P' ? shot.p[i]! : shot.s[i]!;
          const own = phase === 'P' ? parts.p : parts.s;
          const rest = phase === 'P' ? noise : underS;
          const expected = ownArrivalSnr(own, rest, (time + pretrigger) / dt, window)!;
          expect(snr[phase]).toBeCloseTo(expected, 2);
          seen[phase].push(snr[phase]!);
        }
      }),
    );
    // Both buried and clear arrivals occur, and survey.json carries the numbers.
    expect(Math.min(...seen.S)).toBeLessThan(0);
    expect(Math.max(...seen.P)).toBeGreaterThan(10);
    const described = describeSurvey(survey).shots[0]!.arrivalSnr;
    expect(described.P[1]).toBeCloseTo(survey.shots[0]!.effects[1]!.arrivalSnr.P!, 1);
  });
});
