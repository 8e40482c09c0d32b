import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PickStore } from '../../../src-main/catalogue/pick-store';
import { Project } from '../../../src-main/catalogue/project';
import { readPicksCsv } from '../../../src-main/export/picks-csv';
import { readAny } from '../../../src-main/formats/registry';
import { normalizeWindow } from '../../../src-main/picking/phasenet/normalize';
import { importFiles } from '../../../src-main/services/import-service';
import { arrivalVisibility, ownArrivalSnr } from '../../../src-main/training/arrival-visibility';
import { DEFAULT_AUGMENT, splitByShot, WindowSampler } from '../../../src-main/training/dataset';
import { rngFor } from '../../../src-main/training/random';
import { loadSource, sourceKind } from '../../../src-main/training/sources';
import { tracesWithShares } from '../../../src-main/training/train-run';
import { arrivalSnrs } from '../../../src-main/training/synth/arrival-snr';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';
import { writeSeedLikeSeismogram } from '../formats/specfem2d-writer';
import { synthFolder } from './synth-folder';

const TARGET = { sampleRate: 4000, channelOrder: ['Z'] };

describe('training data sources', () => {
  it('reads a pickline synth folder: one example per trace, arrivals in model samples', async () => {
    const dir = await synthFolder(3);
    expect(sourceKind(dir)).toBe('synth');
    const { traces } = loadSource(dir, TARGET);
    const truth = readPicksCsv(fs.readFileSync(path.join(dir, 'truth.csv'), 'utf8'), 'truth');
    const files = [...new Set(truth.map((r) => r.file))];
    const traceCount = files.reduce(
      (n, f) => n + readAny(path.join(dir, f)).records[0]!.traces.length,
      0,
    );
    expect(traces).toHaveLength(traceCount);
    expect(new Set(traces.map((t) => t.shot)).size).toBe(files.length);
    // The first trace of the first file: its P row, in samples at 4 kHz after the first sample.
    const first = readAny(path.join(dir, files[0]!)).records[0]!.traces[0]!;
    const p = truth.find((r) => r.file === files[0] && r.trace === 0 && r.phase === 'P')!;
    expect(traces[0]!.picks.P).toBeCloseTo((p.time! - first.startTime) * 4000, 6);
    expect(traces[0]!.sLabelled).toBe(true);
    // Resampled to the model's rate: 0.5 ms data become twice as many samples.
    expect(Math.abs(traces[0]!.data.length - first.samples.length * 2)).toBeLessThanOrEqual(1);
  });

  it('reads a 3-component synth folder: one example per receiver, in the model’s channel order', async () => {
    const vertical = loadSource(await synthFolder(1, 6, 1), TARGET).traces;
    const dir = await synthFolder(1, 6, 3);
    const three = loadSource(dir, { sampleRate: 4000, channelOrder: ['E', 'N', 'Z'] }).traces;
    const zOnly = loadSource(dir, TARGET).traces;
    expect(three).toHaveLength(2 * 24);
    expect(zOnly).toHaveLength(2 * 24);
    three.forEach((t, i) => {
      const z = vertical[i]!;
      expect(t.channels).toBe(3);
      expect(t.picks).toEqual(z.picks);
      // The Z channel is the vertical-only run's trace; a model of Z alone gets just that.
      const zChannel = t.data.filter((_, k) => k % 3 === 2);
      expect(Array.from(zChannel)).toEqual(Array.from(z.data));
      expect(zOnly[i]!.data).toEqual(z.data);
    });
    // The horizontals are there (bar a dead channel now and then).
    const live = three.filter((t) => t.data.some((v, k) => k % 3 === 0 && v !== 0));
    expect(live.length).toBeGreaterThan(40);
  });

  it('reads a SPECFEM2D run with a label CSV as a synth folder, on its own time axis', () => {
    const dir = tmpDir();
    const name = path.basename(writeSeedLikeSeismogram(dir));
    // The labels say where the modeller's arrivals are; times are from the source, and
    // SPECFEM2D's seismograms start before it (t0 = -0.015 s).
    fs.writeFileSync(
      path.join(dir, 'truth.csv'),
      `file,trace,phase,time_s\n${name},0,P,0.1\n${name},0,S,0.25\n`,
    );
    expect(sourceKind(dir)).toBe('synth');
    const { traces } = loadSource(dir, TARGET);
    expect(traces).toHaveLength(1);
    const [example] = traces as [(typeof traces)[number]];
    expect(readAny(path.join(dir, name)).records[0]!.traces[0]!.startTime).toBeCloseTo(-0.015, 9);
    expect(example.picks.P).toBeCloseTo((0.1 + 0.015) * 4000, 6);
    expect(example.picks.S).toBeCloseTo((0.25 + 0.015) * 4000, 6);
    expect(example.sLabelled).toBe(true);
    // 24 000 samples at 40 kHz become 2 400 at 4 kHz.
    expect(Math.abs(example.data.length - 2400)).toBeLessThanOrEqual(1);
  });

  it('reads NumPy gathers with first-break files (GeoStack): P labelled, S unknown', () => {
    // Two of the data set's gathers; `npm run eval -- DIR` reads all twenty.
    const dir = testData('refraction', 'geostack-dataset1');
    expect(sourceKind(dir)).toBe('npy-picks');
    expect(() => loadSource(dir, TARGET)).toThrow(/sample interval/);
    const { traces } = loadSource(dir, { ...TARGET, npySampleInterval: 0.00025 });
    expect(traces).toHaveLength(2 * 48);
    expect(new Set(traces.map((t) => t.shot)).size).toBe(2);
    const times = fs.readFileSync(path.join(dir, '13.txt'), 'utf8').trim().split('\n');
    const example = traces.find((t) => t.shot.endsWith('13.npy'))!;
    expect(example.picks.P).toBeCloseTo(Number(times[1]) * 4000, 6);
    expect(example.picks.S).toBeNull();
    expect(example.sLabelled).toBe(false);
    expect(example.data.length).toBe(4000);
  });

  it('reads a project: manual and accepted picks label, rejected and proposals do not', async () => {
    const synth = await synthFolder(1);
    const dir = path.join(tmpDir(), 'project');
    const project = Project.create(dir);
    const files = fs.readdirSync(synth).filter((f) => f.endsWith('.sg2'));
    importFiles(
      project,
      files.map((f) => path.join(synth, f)),
    );
    const traceIds = (
      project.db.prepare('SELECT id FROM traces ORDER BY shot_id, trace_index').all() as {
        id: number;
      }[]
    ).map((r) => r.id);
    const store = new PickStore(project.db);
    store.setManual({ traceId: traceIds[0]!, phase: 'P', time: 0.01 });
    store.setManual({ traceId: traceIds[1]!, phase: 'P', time: 0.012 });
    store.setManual({ traceId: traceIds[1]!, phase: 'S', time: 0.03 });
    // An automatic proposal on a third trace: not a label.
    store.writeRun({
      origin: 'auto',
      method: 'phasenet',
      modelId: null,
      traceIds: [traceIds[2]!],
      phases: ['P'],
      picks: [{ traceId: traceIds[2]!, phase: 'P', time: 0.02 }],
    });
    project.close();

    expect(sourceKind(dir)).toBe('project');
    const { traces } = loadSource(dir, TARGET);
    expect(traces).toHaveLength(2);
    const rate = 4000;
    const first = readAny(path.join(synth, files.sort()[0]!)).records[0]!.traces[0]!;
    expect(traces[0]!.picks.P).toBeCloseTo((0.01 - first.startTime) * rate, 6);
    // S was picked in this shot, so a receiver without an S pick has none.
    expect(traces[0]!.picks.S).toBeNull();
    expect(traces[0]!.sLabelled).toBe(true);
    expect(traces[1]!.picks.S).toBeCloseTo((0.03 - first.startTime) * rate, 6);
  });

  it("drops simulated labels of buried arrivals by the simulator's measure: P leaves the trace out, S becomes unknown", async () => {
    const dir = await synthFolder(2);
    const all = loadSource(dir, TARGET).traces;
    const kept = loadSource(dir, { ...TARGET, minArrivalSnr: 3 }).traces;
    const snrs = [...arrivalSnrs(dir)!.entries()]
      .sort(([a], [b]) => a.localeCompare(b))
      .flatMap(([, traces]) => traces);
    expect(snrs).toHaveLength(all.length);
    const buried = (db: number | null) => db !== null && db < 3;
    const keptSnrs = snrs.filter((s) => !buried(s.P));
    expect(kept).toHaveLength(keptSnrs.length);
    expect(kept.length).toBeLessThan(all.length);
    const buriedS = keptSnrs.filter((s) => buried(s.S)).length;
    expect(buriedS).toBeGreaterThan(0);
    expect(kept.filter((t) => !t.sLabelled && t.picks.S === null)).toHaveLength(buriedS);
  });

  it('measures buried arrivals on the record when the simulation does not say (SPECFEM2D, older runs)', async () => {
    const dir = await synthFolder(2);
    fs.rmSync(path.join(dir, 'survey.json'));
    const all = loadSource(dir, TARGET).traces;
    const kept = loadSource(dir, { ...TARGET, minArrivalSnr: 3 }).traces;
    // 10 ms at 4 kHz.
    const visible = (t: (typeof all)[number], at: number | null) => {
      const snr = at === null ? null : arrivalVisibility(t.data, 1, at, 40);
      return snr === null || snr >= 3;
    };
    expect(kept).toHaveLength(all.filter((t) => visible(t, t.picks.P)).length);
    const buriedS = all.filter((t) => visible(t, t.picks.P) && !visible(t, t.picks.S));
    expect(buriedS.length).toBeGreaterThan(0);
    expect(kept.filter((t) => !t.sLabelled && t.picks.S === null)).toHaveLength(buriedS.length);
  });

  it('measures how far an arrival stands above what precedes it', () => {
    const data = new Float32Array(400).map((_, i) => (i < 200 ? 0.1 : 1) * Math.sin(i));
    expect(arrivalVisibility(data, 1, 200, 40)).toBeCloseTo(20, 0);
    expect(arrivalVisibility(data, 1, 100, 40)).toBeCloseTo(0, 0);
    // Too near the start to tell.
    expect(arrivalVisibility(data, 1, 5, 40)).toBeNull();
  });

  it("weighs an arrival's own wave against what it competes with, not against the rise it causes", () => {
    // A loud wave rising at sample 200 and a weak arrival under it at the same time: the
    // record rises by 20 dB, but the arrival itself stands 17 dB below the loud wave.
    const loud = new Float64Array(400).map((_, i) => (i < 200 ? 0.1 : 1) * Math.sin(i));
    const weak = new Float64Array(400).map((_, i) => (i < 200 ? 0 : 0.1 * Math.cos(i)));
    const recorded = loud.map((v, i) => v + weak[i]!);
    expect(arrivalVisibility(recorded, 1, 200, 40)).toBeGreaterThan(19);
    // 0.1² against (0.1² + 1²) / 2 over the 40 samples before and after: about −17 dB.
    expect(ownArrivalSnr(weak, loud, 200, 40)).toBeCloseTo(-17, 0);
    // Nothing competing: it stands out without limit. Too near the end: cannot tell.
    expect(ownArrivalSnr(weak, new Float64Array(400), 200, 40)).toBe(Infinity);
    expect(ownArrivalSnr(weak, loud, 395, 40)).toBeNull();
  });

  it('refuses a folder without training data, naming what it looked for', () => {
    expect(() => sourceKind(tmpDir())).toThrow(/no training data.*truth\.csv/);
  });
});

describe('training windows', () => {
  it('splits by shot: no shot gives windows to both sides', async () => {
    const { traces } = loadSource(await synthFolder(2), TARGET);
    const { train, validation } = splitByShot(traces, 0.25, rngFor(1, 'split'));
    const trainShots = new Set(train.map((t) => t.shot));
    expect(validation.length).toBeGreaterThan(0);
    expect(train.length + validation.length).toBe(traces.length);
    expect(validation.every((t) => !trainShots.has(t.shot))).toBe(true);
  });

  it('draws windows from each data folder in its share, whatever its size', async () => {
    const { traces } = loadSource(await synthFolder(2), TARGET);
    // 1 trace of "real" data beside the simulated ones, each folder half of the windows.
    const [real, ...simulated] = traces;
    const setup = {
      window: 256,
      sampleRate: 4000,
      labels: { shape: 'gaussian' as const, width: 6 },
      augment: DEFAULT_AUGMENT,
    };
    const mixed = tracesWithShares([[real!], simulated], [1, 1]);
    // Relative weights: each folder's share over its trace count.
    expect(mixed.map((t) => t.weight)).toEqual([1, ...simulated.map(() => 1 / simulated.length)]);
    const rng = rngFor(9, 'test');
    const draws = 4000;
    const sampler = new WindowSampler(mixed, setup);
    let fromReal = 0;
    for (let k = 0; k < draws; k++) if (sampler.draw(rng) === mixed[0]) fromReal++;
    expect(fromReal / draws).toBeGreaterThan(0.46);
    expect(fromReal / draws).toBeLessThan(0.54);
    // Without weights every trace alike: the single trace comes up about 1 / n of the time.
    const plain = new WindowSampler(traces, setup);
    let plainReal = 0;
    for (let k = 0; k < draws; k++) if (plain.draw(rng) === traces[0]) plainReal++;
    expect(plainReal / draws).toBeLessThan(3 / traces.length);
  });

  it('normalises windows as inference does and labels the arrivals where they are', async () => {
    const { traces } = loadSource(await synthFolder(1), TARGET);
    const window = 512;
    const setup = {
      window,
      sampleRate: 4000,
      labels: { shape: 'gaussian' as const, width: 6 },
      augment: { ...DEFAULT_AUGMENT, alpha: 1, anywhere: 0, noise: 0 },
    };
    const batch = new WindowSampler(traces, setup).batch(16, rngFor(3, 'test'));
    expect(batch.x).toHaveLength(16 * window);
    for (let b = 0; b < 16; b++) {
      const x = batch.x.subarray(b * window, (b + 1) * window);
      // Already normalised: normalising again changes nothing.
      const again = normalizeWindow(x, 1);
      expect(Math.max(...again.map((v, i) => Math.abs(v - x[i]!)))).toBeLessThan(1e-4);
      const y = batch.y.subarray(b * window * 3, (b + 1) * window * 3);
      for (let t = 0; t < window; t++) {
        const sum = y[3 * t]! + y[3 * t + 1]! + y[3 * t + 2]!;
        expect(sum).toBeGreaterThanOrEqual(1 - 1e-6);
      }
      // alpha 1: every window holds a P arrival, labelled with a peak of ~1.
      let peak = 0;
      for (let t = 0; t < window; t++) peak = Math.max(peak, y[3 * t + 1]!);
      expect(peak).toBeGreaterThan(0.9);
    }
    // The same seed draws the same batch.
    const again = new WindowSampler(traces, setup).batch(16, rngFor(3, 'test'));
    expect(again.x).toEqual(batch.x);
    expect(again.y).toEqual(batch.y);
  });

  it('drops horizontal channels of 3-component windows as asked, never the vertical', async () => {
    const { traces } = loadSource(await synthFolder(1, 5, 3), {
      sampleRate: 4000,
      channelOrder: ['E', 'N', 'Z'],
    });
    const window = 512;
    const setup = {
      window,
      sampleRate: 4000,
      labels: { shape: 'gaussian' as const, width: 6 },
      augment: { ...DEFAULT_AUGMENT, alpha: 1, anywhere: 0, noise: 0, channelDropout: 1 },
      keepChannels: [2],
    };
    const batch = new WindowSampler(traces, setup).batch(32, rngFor(8, 'dropout'));
    const silent = (b: number, c: number) => {
      for (let t = 0; t < window; t++) if (batch.x[(b * window + t) * 3 + c] !== 0) return false;
      return true;
    };
    let silentVerticals = 0;
    for (let b = 0; b < 32; b++) {
      expect(silent(b, 0) || silent(b, 1)).toBe(true);
      if (silent(b, 2)) silentVerticals++;
    }
    // A simulated channel is dead now and then; a dropped vertical would be half the windows.
    expect(silentVerticals).toBeLessThanOrEqual(2);
    // Without dropout the horizontals come through (bar a dead channel now and then).
    const kept = new WindowSampler(traces, {
      ...setup,
      augment: { ...setup.augment, channelDropout: 0 },
    });
    const plain = kept.batch(32, rngFor(8, 'dropout'));
    let both = 0;
    for (let b = 0; b < 32; b++) {
      const on = (c: number) =>
        plain.x.some((v, i) => Math.floor(i / (window * 3)) === b && i % 3 === c && v !== 0);
      if (on(0) && on(1)) both++;
    }
    expect(both).toBeGreaterThan(28);
  });
});
