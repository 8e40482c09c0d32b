import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPicksCsv } from '../../../src-main/export/picks-csv';
import { readAny } from '../../../src-main/formats/registry';
import { guessLineType } from '../../../src-main/picking/line-type';
import { previewGeometry } from '../../../src-main/services/geometry-preview';
import { ownArrivalSnr } from '../../../src-main/training/arrival-visibility';
import { loadSource } from '../../../src-main/training/sources';
import { arrivalSnrs } from '../../../src-main/training/synth/arrival-snr';
import {
  checkSynthOptions,
  SH_DEFAULTS,
  type SynthOptions,
} from '../../../src-main/training/synth/options';
import { firstArrival, rayArrivals } from '../../../src-main/training/synth/ray-times';
import { simulateSurvey } from '../../../src-main/training/synth/survey';
import {
  SH_SOURCE_KEYWORD,
  SH_TRUTH_METHOD,
  truthRows,
} from '../../../src-main/training/synth/survey-output';
import type { Layer, VelocityModel } from '../../../src-main/training/synth/velocity-model';
import { receiverArrivals, renderParts } from '../../../src-main/training/synth/wavefield';
import { SMALL_SURVEY, synthFolder } from './synth-folder';

/** A small SH line: one crossline geophone per station, no dead channels. */
const SH: SynthOptions = {
  ...SMALL_SURVEY,
  sWaves: false,
  deadRate: 0,
  source: 'SH',
  pLeakage: SH_DEFAULTS.pLeakage,
  topVs: SH_DEFAULTS.topVs,
};

function folderHash(dir: string): string {
  const hash = crypto.createHash('sha256');
  for (const name of fs.readdirSync(dir).sort()) {
    hash.update(name);
    hash.update(fs.readFileSync(path.join(dir, name)));
  }
  return hash.digest('hex');
}

describe('SH-source (S line) simulation', () => {
  it('leaves P-source output byte for byte as it was before SH lines existed', async () => {
    // Hashes of whole folders (SEG-2 shots, truth.csv, survey.json) written by the simulator
    // before the SH source was added, for the same arguments.
    expect(folderHash(await synthFolder(2, 5, 1))).toBe(
      '01cba3cac09d4ad632f976c65836fd4775e5237203f553cc8503967ae370daf6',
    );
    expect(folderHash(await synthFolder(2, 5, 3))).toBe(
      '6fa6dcc50f7f7919925777a41322133fbcb78fe59dcf796bcf85a0c6a6ab1524',
    );
  });

  it('records one crossline component and labels S at the ray-theory SH first arrival', () => {
    for (const index of [0, 1, 2]) {
      // Not reversed: the measure is recomputed from the recorded samples.
      const survey = simulateSurvey({ ...SH, reversedRate: 0 }, 19, index);
      expect(survey.components).toEqual(['N']);
      expect(survey.wavefield.source).toBe('SH');
      expect(survey.wavefield.airWave.strength).toBe(0);
      const top = survey.model.layers[0]!;
      expect(survey.sStaticRatio).toBe(top.vp / top.vs);
      expect(survey.sStaticRatio).toBeGreaterThan(1.5);
      const { sampleInterval: dt, pretrigger } = survey;
      survey.shots.forEach((shot) => {
        expect(shot.traces).toHaveLength(24);
        survey.geometry.receivers.forEach((rx, i) => {
          const pStatic = shot.sourceStatic + survey.receiverStatics[i]!;
          const sStatic = survey.sStaticRatio * pStatic;
          const first = firstArrival(rayArrivals(survey.model, 'S', shot.sourceX, rx));
          expect(['direct', 'head']).toContain(first.branch);
          expect(shot.s[i]).toBe(first.time + sStatic);
          const firstP = firstArrival(rayArrivals(survey.model, 'P', shot.sourceX, rx));
          expect(shot.p[i]).toBe(firstP.time + pStatic);
          // The noise-free S part is silent before its label and moves right after it.
          const a = receiverArrivals(survey.model, survey.wavefield, shot.sourceX, rx);
          const parts = renderParts(
            survey.model,
            survey.wavefield,
            a,
            Math.abs(rx - shot.sourceX),
            pStatic,
            survey.samples,
            -pretrigger,
            dt,
            'N',
            sStatic,
          );
          const onset = Math.ceil((shot.s[i]! + pretrigger) / dt - 1e-9);
          expect(parts.s.subarray(0, onset).every((v) => v === 0)).toBe(true);
          expect(parts.surface.subarray(0, onset).every((v) => v === 0)).toBe(true);
          const period = Math.ceil(1 / survey.wavefield.signature.sFrequency / dt);
          expect(
            Math.max(...parts.s.subarray(onset, onset + period).map(Math.abs)),
          ).toBeGreaterThan(0);
          // Its arrival SNR is S against what comes before it on the recorded trace, noise and
          // P: the Love waves start with it, they are the same first break.
          const recorded = shot.traces[i]!;
          const expected = ownArrivalSnr(
            parts.s,
            recorded.map((v, t) => v - parts.s[t]! - parts.surface[t]!),
            (shot.s[i]! + pretrigger) / dt,
            Math.round(0.01 / dt),
          );
          expect(shot.effects[i]!.arrivalSnr.S).toBeCloseTo(expected!, 2);
        });
      });
    }
  });

  it('draws the top layer Vs of a field S line, and leaves Vs alone across a water table', () => {
    for (const index of [0, 1, 2, 3, 4, 5]) {
      const { model } = simulateSurvey({ ...SH, shots: 1, waterTable: 'always' }, 3, index);
      const top = model.layers[0]!;
      expect(top.vs).toBeGreaterThanOrEqual(100);
      expect(top.vs).toBeLessThanOrEqual(Math.min(400, top.vp / 1.5));
      const water = model.interfaces.findIndex((f) => f.kind === 'water-table');
      expect(model.layers[water + 1]!.vs).toBe(model.layers[water]!.vs);
      expect(model.layers[water + 1]!.vp).toBeGreaterThan(model.layers[water]!.vp);
    }
  });

  it('leaks P at the drawn share of the SH amplitude, none when the share is 0', () => {
    const survey = simulateSurvey({ ...SH, pLeakage: { min: 0.05, max: 0.15 } }, 4, 0);
    const leakage = survey.wavefield.horizontal!.pLeakage!;
    expect(leakage).toBeGreaterThanOrEqual(0.05);
    expect(leakage).toBeLessThanOrEqual(0.15);
    // A lossless half-space: the direct P and S have rays of the same length, so their
    // peaks differ by the leakage alone.
    const lossless = (vp: number, vs: number): Layer => ({
      vp,
      vs,
      density: 1800,
      qp: 1e9,
      qs: 1e9,
      kind: 'dry',
    });
    const model: VelocityModel = {
      layers: [lossless(600, 200)],
      interfaces: [],
      extent: [-100, 100],
    };
    const a = receiverArrivals(model, survey.wavefield, 0, 30);
    const dt = 1e-5;
    const parts = renderParts(model, survey.wavefield, a, 30, 0, 30_000, 0, dt, 'N');
    const peak = (x: Float64Array) => Math.max(...x.map(Math.abs));
    expect(peak(parts.p) / peak(parts.s)).toBeCloseTo(leakage, 3);

    const silent = simulateSurvey({ ...SH, pLeakage: { min: 0, max: 0 } }, 4, 0);
    expect(silent.shots.every((shot) => shot.p.every((t) => t === null))).toBe(true);
    expect(silent.shots.every((shot) => shot.s.every((t) => t !== null))).toBe(true);
    expect(silent.shots[0]!.effects.every((e) => e.arrivalSnr.P === null)).toBe(true);
  });

  it('writes an S line the import guesses as one, and says its source in the files', async () => {
    const dir = await synthFolder(2, 8, 1, ['--source', 'sh', '--p-leakage', '0.1:0.15']);
    const description = JSON.parse(fs.readFileSync(path.join(dir, 'survey.json'), 'utf8'));
    expect(description.options).toMatchObject({ source: 'SH', pLeakage: { min: 0.1, max: 0.15 } });
    expect(description.conventions.sourceType).toMatch(/SH/);
    for (const survey of description.surveys) {
      expect(survey.sourceType).toBe('SH');
      expect(survey.components).toEqual(['N']);
      expect(survey.sStaticRatio).toBeGreaterThan(1.5);
    }
    const rows = readPicksCsv(fs.readFileSync(path.join(dir, 'truth.csv'), 'utf8'), 'truth.csv');
    expect(new Set(rows.map((r) => r.method))).toEqual(new Set([SH_TRUTH_METHOD]));

    const files = fs.readdirSync(dir).filter((f) => f.endsWith('.sg2'));
    expect(files).toHaveLength(4);
    for (const name of files) {
      const traces = readAny(path.join(dir, name)).records.flatMap((r) => r.traces);
      expect(traces).toHaveLength(24);
      expect(new Set(traces.map((t) => t.component))).toEqual(new Set(['N']));
      expect(traces[0]!.headers.SOURCE).toBe(SH_SOURCE_KEYWORD);
      expect(guessLineType(traces.map((t) => t.component))).toBe('S');
    }
    const preview = previewGeometry({ files: files.map((f) => path.join(dir, f)), geometry: [] });
    for (const file of preview.files) expect(file).toMatchObject({ lineType: 'S' });

    // A P line of the same seed still reads as a P line.
    const pDir = await synthFolder(1, 8, 1);
    const pFile = fs.readdirSync(pDir).find((f) => f.endsWith('.sg2'))!;
    const pTraces = readAny(path.join(pDir, pFile)).records.flatMap((r) => r.traces);
    expect(guessLineType(pTraces.map((t) => t.component))).toBe('P');
    expect(
      JSON.parse(fs.readFileSync(path.join(pDir, 'survey.json'), 'utf8')).surveys[0],
    ).not.toHaveProperty('sourceType');
  });

  it('keeps labels only where the arrivals stand out, a buried leaked P leaving its trace in', async () => {
    const dir = await synthFolder(2, 8, 1, ['--source', 'sh']);
    const snrs = arrivalSnrs(dir)!;
    const minSnr = 3;
    const traces = loadSource(dir, {
      sampleRate: 1000,
      channelOrder: ['Z'],
      minArrivalSnr: minSnr,
    }).traces;
    // Every receiver stays, however buried its leaked P (one P and one S row each).
    const rows = readPicksCsv(fs.readFileSync(path.join(dir, 'truth.csv'), 'utf8'), 'truth.csv');
    expect(traces).toHaveLength(rows.length / 2);
    const expected = { P: 0, S: 0, buriedP: 0 };
    for (const r of rows) {
      if (r.time === null) continue;
      const snr = snrs.get(r.file)![r.trace]!;
      expect(snr.shSource).toBe(true);
      const db = snr[r.phase]!;
      if (db >= minSnr) expected[r.phase]++;
      else if (r.phase === 'P') expected.buriedP++;
    }
    expect(expected.buriedP).toBeGreaterThan(0);
    expect(expected.S).toBeGreaterThan(0);
    expect(traces.filter((t) => t.picks.P !== null)).toHaveLength(expected.P);
    expect(traces.filter((t) => t.picks.S !== null)).toHaveLength(expected.S);
    // What the simulator wrote for them: S rows per survey like the P rows, a row per trace.
    const survey = simulateSurvey({ ...SH, shots: 2, channels: [24] }, 8, 0);
    expect(truthRows(survey)).toHaveLength(2 * 24 * 2);
  });

  it('refuses SH option values it does not model, naming the option', () => {
    const bad = (o: Partial<SynthOptions>) => () => checkSynthOptions({ ...SH, ...o });
    expect(bad({ source: 'SV' as never })).toThrow(
      new RangeError('source must be P or SH, got SV'),
    );
    expect(bad({ pLeakage: { min: 0, max: 1.5 } })).toThrow(
      /^P leakage must lie within 0 to 1, got 0 to 1.5$/,
    );
    expect(bad({ pLeakage: { min: 0.2, max: 0.1 } })).toThrow(/^P leakage must be a range/);
    expect(bad({ topVs: { min: 20, max: 300 } })).toThrow(/^top Vs must lie within 50 to 1000/);
    expect(bad({ components: 3 })).toThrow(/^components must be 1 with an SH source/);
    expect(bad({ source: 'P' })).toThrow(/^P leakage applies to an SH source only/);
    expect(bad({ source: undefined, pLeakage: undefined })).toThrow(
      /^top Vs applies to an SH source only/,
    );
    for (const o of [{ source: 'SV' }, { pLeakage: { min: 0, max: 2 } }] as const) {
      expect(bad(o as Partial<SynthOptions>)).toThrow(RangeError);
    }
  });
});
