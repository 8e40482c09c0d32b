import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readAny } from '../../../src-main/formats/registry';
import { scorePicks, type KeyedTime } from '../../../src-main/metrics/scores';
import { aicPick, staLtaAicPick } from '../../../src-main/picking/classical/aic';
import { merPick } from '../../../src-main/picking/classical/mer';
import type { FirstArrival } from '../../../src-main/picking/classical/pick';
import { staLtaPick } from '../../../src-main/picking/classical/stalta';
import { sharedData } from '../../helpers/shared-data';

/**
 * The classical pickers against manual first breaks on real hammer data: refrapy's field
 * example 01 (5 SEG-2 shots, 24 channels at 4 m, 0.125 ms; MIT, see its LICENSE-MIT) with
 * the manual picks in pyGIMLi's unified format (.sgt): a sensor list `x y`, then `s g t`
 * rows with 1-based sensor indices and seconds.
 */
const root = sharedData('refraction', 'refrapy-ex01');

function readSgt(file: string): {
  sensors: number[];
  picks: { s: number; g: number; t: number }[];
} {
  const lines = fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.split('#')[0]!.trim())
    .filter((l) => l !== '');
  const sensorCount = Number(lines[0]);
  const sensors = lines.slice(1, 1 + sensorCount).map((l) => Number(l.split(/\s+/)[0]));
  const pickCount = Number(lines[1 + sensorCount]);
  const picks = lines.slice(2 + sensorCount, 2 + sensorCount + pickCount).map((l) => {
    const [s, g, t] = l.split(/\s+/).map(Number);
    return { s: s!, g: g!, t: t! };
  });
  return { sensors, picks };
}

type Picker = (x: Float32Array, dt: number, t0: number) => FirstArrival | null;
const pickers: Record<string, Picker> = {
  'STA/LTA': (x, dt, t0) => staLtaPick(x, dt, t0),
  AIC: (x, dt, t0) => aicPick(x, dt, t0),
  MER: (x, dt, t0) => merPick(x, dt, t0),
  'STA/LTA+AIC': (x, dt, t0) => staLtaAicPick(x, dt, t0),
};

describe('classical pickers on refrapy field example 01 (manual picks)', () => {
  const { sensors, picks: manual } = readSgt(path.join(root, 'picks', 'field_example_01.sgt'));
  const sensorAt = (x: number) => sensors.findIndex((s) => Math.abs(s - x) < 1e-6) + 1;
  const shots = fs.readdirSync(path.join(root, 'data')).filter((f) => f.endsWith('.dat'));

  // Reference and predictions keyed by (file, trace): the trace's receiver and the record's
  // source position give the sgt sensor numbers.
  const reference: KeyedTime[] = [];
  const predicted: Record<string, KeyedTime[]> = Object.fromEntries(
    Object.keys(pickers).map((name) => [name, []]),
  );
  for (const file of shots.sort()) {
    const record = readAny(path.join(root, 'data', file)).records[0]!;
    record.traces.forEach((trace, index) => {
      const s = sensorAt(trace.source!.x);
      const g = sensorAt(trace.receiver!.x);
      const label = manual.find((p) => p.s === s && p.g === g);
      reference.push({ file, trace: index, phase: 'P', time: label?.t ?? null });
      for (const [name, pick] of Object.entries(pickers)) {
        const result = pick(trace.samples, trace.sampleInterval, trace.startTime);
        predicted[name]!.push({ file, trace: index, phase: 'P', time: result?.time ?? null });
      }
    });
  }

  it('matches every manual pick to a trace', () => {
    expect(shots).toHaveLength(5);
    expect(reference.filter((r) => r.time !== null)).toHaveLength(manual.length);
  });

  it('gets a share of picks within 2 ms of the manual ones (printed; loose floor)', () => {
    const rows = Object.entries(predicted).map(([name, picks]) => {
      const [score] = scorePicks(picks, reference, { tolerance: 0.002, withinMs: [2, 5] });
      return {
        picker: name,
        picked: score!.picks,
        'within 2 ms': score!.withinMs[0]!.share!,
        'within 5 ms': score!.withinMs[1]!.share!,
        'median |res| ms': median(
          picks.flatMap((p) => {
            const ref = reference.find((r) => r.file === p.file && r.trace === p.trace)?.time;
            return p.time !== null && ref != null ? [Math.abs(p.time - ref) * 1000] : [];
          }),
        ),
      };
    });
    console.table(rows);
    const share = (name: string) => rows.find((r) => r.picker === name)!['within 2 ms'];
    // Honest floors, well under what the pickers reach here: they catch a broken picker,
    // not a small regression.
    expect(share('STA/LTA+AIC')).toBeGreaterThan(0.1);
    expect(share('AIC')).toBeGreaterThan(0.05);
  });
});

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s.length === 0 ? NaN : (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
}
