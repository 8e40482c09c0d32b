import fs from 'node:fs';
import path from 'node:path';
import { readSgt } from '../src-main/export/sgt';
import { readAny } from '../src-main/formats/registry';
import { scorePicks, type KeyedTime } from '../src-main/metrics/scores';
import { aicPick, staLtaAicPick } from '../src-main/picking/classical/aic';
import { merPick } from '../src-main/picking/classical/mer';
import type { FirstArrival } from '../src-main/picking/classical/pick';
import { staLtaPick } from '../src-main/picking/classical/stalta';
import { Floors, type EvalSuite } from './suite';
import { formatTable } from './table';

/**
 * The classical pickers against manual first breaks on real hammer data: refrapy's field
 * example 01 (5 SEG-2 shots, 24 channels at 4 m, 0.125 ms; MIT) with the 120 manual picks of
 * its pyGIMLi .sgt, each matched to the trace with its source and receiver x. Default
 * parameters (docs/picking-accuracy.md).
 */
type Picker = (x: Float32Array, dt: number, t0: number) => FirstArrival | null;
const PICKERS: Record<string, Picker> = {
  'STA/LTA (`stalta`)': (x, dt, t0) => staLtaPick(x, dt, t0),
  'AIC (`aic`)': (x, dt, t0) => aicPick(x, dt, t0),
  'MER (`mer`)': (x, dt, t0) => merPick(x, dt, t0),
  'STA/LTA + AIC (`stalta-aic`)': (x, dt, t0) => staLtaAicPick(x, dt, t0),
};

/**
 * Honest floors, well under what the pickers reach here (31.7 % and 28.3 % within 2 ms):
 * they catch a broken picker, not a small regression.
 */
const WITHIN_2_MS_FLOORS: Record<string, number> = {
  'STA/LTA + AIC (`stalta-aic`)': 0.1,
  'AIC (`aic`)': 0.05,
};
const SAME_POSITION = 1e-3;

export const classicalRefrapy: EvalSuite = {
  name: 'classical-refrapy',
  title: 'the classical pickers against the 120 manual picks of refrapy field example 01',
  needs: ['refraction/refrapy-ex01/data', 'refraction/refrapy-ex01/picks/field_example_01.sgt'],
  async run({ data, print }) {
    const sgt = data('refraction', 'refrapy-ex01', 'picks', 'field_example_01.sgt');
    const manual = readSgt(fs.readFileSync(sgt, 'utf8'), sgt).picks.filter((p) => p.phase === 'P');
    const dataDir = data('refraction', 'refrapy-ex01', 'data');
    const shots = fs
      .readdirSync(dataDir)
      .filter((f) => f.endsWith('.dat'))
      .sort();

    const reference: KeyedTime[] = [];
    const predicted: Record<string, KeyedTime[]> = Object.fromEntries(
      Object.keys(PICKERS).map((name) => [name, []]),
    );
    for (const file of shots) {
      const record = readAny(path.join(dataDir, file)).records[0]!;
      record.traces.forEach((trace, index) => {
        const label = manual.find(
          (p) =>
            Math.abs(p.source.x - trace.source!.x) < SAME_POSITION &&
            Math.abs(p.receiver.x - trace.receiver!.x) < SAME_POSITION,
        );
        reference.push({ file, trace: index, phase: 'P', time: label?.time ?? null });
        for (const [name, pick] of Object.entries(PICKERS)) {
          const result = pick(trace.samples, trace.sampleInterval, trace.startTime);
          predicted[name]!.push({ file, trace: index, phase: 'P', time: result?.time ?? null });
        }
      });
    }

    const floors = new Floors();
    floors.equal(
      'manual picks matched to a trace',
      reference.filter((r) => r.time !== null).length,
      manual.length,
    );
    const rows = Object.entries(predicted).map(([name, picks]) => {
      const [score] = scorePicks(picks, reference, { tolerance: 0.002, withinMs: [2, 5] });
      const within2 = score!.withinMs[0]!.share ?? 0;
      if (name in WITHIN_2_MS_FLOORS) {
        floors.atLeast(`${name} within 2 ms`, within2, WITHIN_2_MS_FLOORS[name]!);
      }
      return {
        picker: name,
        'within 2 ms': `${(within2 * 100).toFixed(1)} %`,
        'within 5 ms': `${((score!.withinMs[1]!.share ?? 0) * 100).toFixed(1)} %`,
        'median abs. residual': `${median(absResidualsMs(picks, reference)).toFixed(1)} ms`,
      };
    });
    print(formatTable(rows));
    print(`${shots.length} shots, ${manual.length} manual picks`);
    return floors.missed;
  },
};

function absResidualsMs(picks: KeyedTime[], reference: KeyedTime[]): number[] {
  return picks.flatMap((p) => {
    const ref = reference.find((r) => r.file === p.file && r.trace === p.trace)?.time;
    return p.time !== null && ref != null ? [Math.abs(p.time - ref) * 1000] : [];
  });
}

function median(v: number[]): number {
  const s = [...v].sort((a, b) => a - b);
  return s.length === 0 ? NaN : (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
}
