import fs from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type {
  EditResult,
  Gather,
  PickRecord,
  ShotProbabilities,
  TravelTimePoint,
} from '../../../src-main/api/contract';
import { dispatch } from '../../../src-main/api/dispatch';
import { readSamples } from '../../../src-main/catalogue/samples';
import { readAny } from '../../../src-main/formats/registry';
import { ensureBackend } from '../../../src-main/ml/backend';
import type { Services } from '../../../src-main/services';
import { importFiles } from '../../../src-main/services/import-service';
import { pickProject } from '../../../src-main/services/picking-service';
import { DEFAULT_SYNTH_OPTIONS } from '../../../src-main/training/synth/options';
import { simulateSurvey } from '../../../src-main/training/synth/survey';
import { shotSeg2 } from '../../../src-main/training/synth/survey-output';
import { testServices } from '../../helpers/services';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';
import { smallModel } from '../picking/small-model';

const DATA = testData('refraction/refrapy-ex01/data');
let services: Services;

async function call<T>(method: string, input: unknown = {}): Promise<T> {
  const envelope = await dispatch(services.handlers, method, input);
  if (!envelope.ok) throw new Error(`${envelope.error.code}: ${envelope.error.message}`);
  return envelope.value as T;
}

beforeEach(async () => {
  services = testServices();
  await call('project.create', { dir: path.join(tmpDir(), 'line') });
  importFiles(
    services.projects.require(),
    fs.readdirSync(DATA).map((f) => path.join(DATA, f)),
  );
});
afterEach(() => services.close());

describe('survey API', () => {
  it('returns a gather with offsets and the exact samples', async () => {
    const gather = await call<Gather>('shots.gather', { shotId: 1 });
    expect(gather.shot).toMatchObject({ file: '2001.dat', traces: 24 });
    expect(gather.traces.map((t) => t.offset)).toEqual(
      Array.from({ length: 24 }, (_, i) => 4 * i + 20),
    );
    const read = readAny(path.join(DATA, '2001.dat')).records[0]!.traces;
    expect(readSamples(Buffer.from(gather.traces[7]!.samples, 'base64'))).toEqual(read[7]!.samples);
    await expect(call('shots.gather', { shotId: 99 })).rejects.toThrow(
      'not-found: no shot with id 99',
    );
  });

  it("names the trace each receiver's picks go on: itself, or its first live component", async () => {
    const vertical = await call<Gather>('shots.gather', { shotId: 1 });
    expect(vertical.traces.every((t) => t.pickTraceId === t.id)).toBe(true);

    const survey = simulateSurvey(
      { ...DEFAULT_SYNTH_OPTIONS, shots: 1, channels: [4], components: 3, deadRate: 0 },
      5,
      0,
    );
    const file = path.join(tmpDir(), survey.shots[0]!.file);
    fs.writeFileSync(file, shotSeg2(survey, survey.shots[0]!, 'float32'));
    await call('project.create', { dir: path.join(tmpDir(), 'three') });
    importFiles(services.projects.require(), [file]);
    const { traces } = await call<Gather>('shots.gather', { shotId: 1 });
    expect(traces.map((t) => t.component).join('')).toBe('ZENZENZENZEN');
    expect(traces.map((t) => t.pickTraceId)).toEqual(traces.map((_, i) => traces[i - (i % 3)]!.id));
    // Receiver 2's vertical dead: its picks go on its inline trace; all three dead: its first.
    await call('traces.setStatus', { traceIds: [traces[3]!.id], status: 'dead' });
    await call('traces.setStatus', {
      traceIds: traces.slice(6, 9).map((t) => t.id),
      status: 'dead',
    });
    const after = (await call<Gather>('shots.gather', { shotId: 1 })).traces;
    expect(after.slice(3, 9).map((t) => t.pickTraceId)).toEqual([
      ...Array(3).fill(traces[4]!.id),
      ...Array(3).fill(traces[6]!.id),
    ]);
    // The pickers put their picks there, and a person's pick on another component goes
    // there too, replacing the receiver's proposal.
    await pickProject(services.projects.require(), { method: 'aic' });
    const { picks } = await call<Gather>('shots.gather', { shotId: 1 });
    expect(picks.map((p) => p.traceId)).toEqual([traces[0]!.id, traces[4]!.id, traces[9]!.id]);
    const manual = await call<PickRecord>('picks.setManual', {
      traceId: traces[11]!.id,
      phase: 'P',
      time: 0.05,
    });
    expect(manual.traceId).toBe(traces[9]!.id);
    const fourth = (await call<Gather>('shots.gather', { shotId: 1 })).picks.filter(
      (p) => p.traceId === traces[9]!.id,
    );
    expect(fourth.map((p) => [p.origin, p.status])).toEqual([
      ['auto', 'rejected'],
      ['manual', 'accepted'],
    ]);
  });

  it('edits picks and undoes them, with the travel times following', async () => {
    const { traces } = await call<Gather>('shots.gather', { shotId: 2 });
    const p = await call<PickRecord>('picks.setManual', {
      traceId: traces[3]!.id,
      phase: 'P',
      time: 0.021,
    });
    expect(p).toMatchObject({ origin: 'manual', status: 'accepted', time: 0.021 });
    await call('picks.setManual', { traceId: traces[3]!.id, phase: 'P', time: 0.0215 });
    let tt = await call<TravelTimePoint[]>('picks.travelTimes', { phase: 'P' });
    expect(tt).toEqual([
      expect.objectContaining({
        pickId: p.id,
        shotId: 2,
        sourceX: -4,
        receiverX: 12,
        time: 0.0215,
      }),
    ]);
    expect(await call<EditResult>('picks.undo')).toMatchObject({ pickIds: [p.id] });
    tt = await call<TravelTimePoint[]>('picks.travelTimes', { phase: 'P' });
    expect(tt[0]!.time).toBe(0.021);
    await call('picks.delete', { ids: [p.id] });
    expect(await call('picks.travelTimes', { phase: 'P' })).toEqual([]);
    await expect(call('picks.delete', { ids: [999] })).rejects.toThrow('no pick with id 999');
    await expect(
      call('picks.setManual', { traceId: 99999, phase: 'S', time: 0.1 }),
    ).rejects.toThrow('not-found: no trace with id 99999');
  });

  it("gives each trace the model probabilities: the bundled model's, then the default's", async () => {
    const bundled = await call<ShotProbabilities>('shots.probabilities', { shotId: 1 });
    expect(bundled.model).toBe('near-surface');
    // 8 kHz data on the bundled model's 4 kHz grid.
    expect(readSamples(Buffer.from(bundled.traces[0]!.p, 'base64'))).toHaveLength(8000);
    await ensureBackend();
    const { dir } = smallModel(['Z'], { window: 512, sampleRate: 8000 });
    await call('models.register', { dir, makeDefault: true });
    const probabilities = await call<ShotProbabilities>('shots.probabilities', { shotId: 1 });
    const { traces } = await call<Gather>('shots.gather', { shotId: 1, samples: false });
    expect(probabilities.model).toBe('small');
    expect(probabilities.traces.map((t) => t.traceId)).toEqual(traces.map((t) => t.id));
    const p = readSamples(Buffer.from(probabilities.traces[0]!.p, 'base64'));
    expect(p).toHaveLength(16000);
    expect(Math.min(...p)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...p)).toBeLessThanOrEqual(1);
  });

  it('exports and imports picks through the API', async () => {
    const sgt = testData('refraction/refrapy-ex01/picks/field_example_01.sgt');
    expect(await call('picks.importFile', { file: sgt })).toMatchObject({ matched: 120 });
    const out = path.join(tmpDir(), 'p.vs');
    expect(await call('picks.export', { format: 'vs', out })).toMatchObject({
      files: [out],
      written: 120,
    });
    await expect(call('picks.export', { format: 'xls', out })).rejects.toThrow(/invalid-input/);
  });

  it('accepts a shot, marks traces and shows both in the shot list', async () => {
    const { traces } = await call<Gather>('shots.gather', { shotId: 1 });
    expect(await call('traces.setStatus', { traceIds: [traces[0]!.id], status: 'dead' })).toEqual({
      changed: 1,
    });
    expect((await call<Gather>('shots.gather', { shotId: 1 })).traces[0]!.status).toBe('dead');
    expect(await call('shots.setQc', { shotId: 1, status: 'accepted' })).toMatchObject({
      qcStatus: 'accepted',
    });
    expect(
      await call<EditResult>('picks.setShotStatus', { shotId: 1, status: 'accepted' }),
    ).toEqual({ editGroup: null, pickIds: [] });
  });
});
