import fs from 'node:fs';
import path from 'node:path';
import type { Pick } from '../export/pick-table';
import { readPicksCsv } from '../export/picks-csv';
import type { SeismicFile } from '../formats/record';
import { readAny } from '../formats/registry';
import { residualStats, type ResidualStats } from '../metrics/residual-stats';
import { scorePicks, type KeyedTime, type Phase, type PhaseScore } from '../metrics/scores';
import type { LoadedModel } from '../picking/model-dir';
import { groupComponents } from '../picking/group';
import { pickFile, pickRows, type PickFileOptions } from '../picking/pick-file';
import { arrivalVisibility } from './arrival-visibility';
import { arrivalSnrs } from './synth/arrival-snr';
import { TRUTH_FILE } from './synth/survey-output';

/** Seconds after an arrival over which its visibility is measured. */
export const VISIBILITY_WINDOW = 0.01;

/**
 * How well a model picks, measured through the same path as `pickline pick` (pickFile on
 * whole files as read, default options): against manual picks of a field line given by
 * source and receiver position (a pyGIMLi .sgt, say), and against the true arrivals of a
 * `pickline synth` folder.
 */

/** Positions closer than this (metres) are the same station. */
const SAME_POSITION = 1e-3;

export interface FieldAgreement {
  /** Manual picks that matched a trace of the files. */
  matched: number;
  /** Manual picks in all. */
  manual: number;
  /** P score against the manual picks (tolerance and within-ms shares as asked). */
  score: PhaseScore;
  /** Model pick minus manual pick, seconds, per matched pick (null = no pick). */
  residuals: (number | null)[];
}

/**
 * Picks every file (with a network or a classical picker, as `pick` says) and compares its P
 * picks with manual P picks, each manual pick matched to the trace with its source and
 * receiver x.
 */
export async function fieldAgreement(
  files: readonly SeismicFile[],
  manual: readonly Pick[],
  pick: PickFileOptions,
  options: { tolerance: number; withinMs: number[] },
): Promise<FieldAgreement> {
  const reference: KeyedTime[] = [];
  const predicted: KeyedTime[] = [];
  const residuals: (number | null)[] = [];
  let matched = 0;
  for (const file of files) {
    const result = await pickFile(file, { ...pick, phases: ['P'] });
    const rows = pickRows(file, result);
    for (const row of rows) {
      if (row.sourceX === null || row.receiverX === null) continue;
      const label = manual.find(
        (p) =>
          p.phase === 'P' &&
          Math.abs(p.source.x - row.sourceX!) < SAME_POSITION &&
          Math.abs(p.receiver.x - row.receiverX!) < SAME_POSITION,
      );
      const key = { file: row.file, trace: row.trace, phase: 'P' as const };
      reference.push({ ...key, time: label?.time ?? null });
      predicted.push({ ...key, time: row.time });
      if (label) {
        matched++;
        residuals.push(row.time === null ? null : row.time - label.time);
      }
    }
  }
  const [score] = scorePicks(predicted, reference, {
    tolerance: options.tolerance,
    withinMs: options.withinMs,
  });
  return {
    matched,
    manual: manual.filter((p) => p.phase === 'P').length,
    score: score!,
    residuals,
  };
}

export interface SyntheticScores {
  /** Every trace, including those whose arrival cannot be seen. */
  all: PhaseScore[];
  /**
   * Only the arrivals that stand out by at least `minSnr` dB, and traces without an arrival:
   * what a person could pick. Keys of buried arrivals are left out. The measure is the
   * simulator's own where the folder has it (survey.json `arrivalSnr`), else measured on the
   * record (arrival-visibility.ts over 10 ms; those too near a record's end to tell are kept).
   */
  visible: PhaseScore[];
  minSnr: number;
  /** Which measure `visible` used. */
  visibility: 'simulator' | 'record';
}

/**
 * P and S scores of a model on a `pickline synth` folder, tolerance in seconds. A trace
 * without an arrival counts too (a pick there is a false positive). A multi-component
 * receiver counts once: the picker gives it one set of picks, on its first trace, so that is
 * the trace whose true times they are scored against.
 */
export async function syntheticScores(
  dir: string,
  model: LoadedModel,
  tolerance: number,
  { minSnr = 6, pick = {} }: { minSnr?: number; pick?: Partial<PickFileOptions> } = {},
): Promise<SyntheticScores> {
  const truthFile = path.join(dir, TRUTH_FILE);
  const truth = readPicksCsv(fs.readFileSync(truthFile, 'utf8'), truthFile);
  const names = [...new Set(truth.map((r) => r.file))];
  const predicted: KeyedTime[] = [];
  const reference: KeyedTime[] = [];
  const buried = new Set<string>();
  const keyOf = (k: { file: string; trace: number; phase: string }) =>
    `${k.file}#${k.trace}#${k.phase}`;
  const simulated = arrivalSnrs(dir);
  for (const name of names) {
    const file = readAny(path.join(dir, name));
    const traces = file.records.flatMap((r) => r.traces);
    const result = await pickFile(file, { ...pick, method: 'phasenet', model });
    predicted.push(...pickRows(file, result));
    const receivers = receiverTraces(file);
    for (const row of truth) {
      if (row.file !== name || !receivers.has(row.trace)) continue;
      reference.push(row);
      if (row.time === null) continue;
      if (simulated) {
        const snr = simulated.get(name)?.[row.trace]?.[row.phase];
        if (snr != null && snr < minSnr) buried.add(keyOf(row));
        continue;
      }
      const trace = traces[row.trace]!;
      const snr = arrivalVisibility(
        trace.samples,
        1,
        (row.time - trace.startTime) / trace.sampleInterval,
        Math.max(1, Math.round(VISIBILITY_WINDOW / trace.sampleInterval)),
      );
      if (snr !== null && snr < minSnr) buried.add(keyOf(row));
    }
  }
  const visible = (rows: readonly KeyedTime[]) => rows.filter((r) => !buried.has(keyOf(r)));
  return {
    all: scorePicks(predicted, reference, { tolerance }),
    visible: scorePicks(visible(predicted), visible(reference), { tolerance }),
    minSnr,
    visibility: simulated ? 'simulator' : 'record',
  };
}

/** Index in the whole file of the first trace of every receiver (its component group). */
function receiverTraces(file: SeismicFile): Set<number> {
  const firsts = new Set<number>();
  let offset = 0;
  for (const record of file.records) {
    for (const group of groupComponents(record.traces)) firsts.add(offset + group[0]!);
    offset += record.traces.length;
  }
  return firsts;
}

/**
 * How a picker's first breaks sit against the true arrivals of one phase of a `pickline
 * synth` folder, as docs/field-accuracy.md scores real lines: residual statistics over the
 * arrivals that stand out by at least `minSnr` dB (survey.json), and the picks before the
 * shot. `picked` is the phase of the run's first-break picks: on an S line, S from a model
 * made for S lines, or P from any other picker whose first break is read as S.
 */
export async function syntheticFirstBreaks(
  dir: string,
  pick: PickFileOptions,
  { truth: truthPhase, picked, minSnr = 0 }: { truth: Phase; picked: Phase; minSnr?: number },
): Promise<ResidualStats & { beforeShot: number }> {
  const truthFile = path.join(dir, TRUTH_FILE);
  const truth = readPicksCsv(fs.readFileSync(truthFile, 'utf8'), truthFile);
  const simulated = arrivalSnrs(dir);
  const residuals: (number | null)[] = [];
  let beforeShot = 0;
  for (const name of [...new Set(truth.map((r) => r.file))]) {
    const file = readAny(path.join(dir, name));
    const rows = pickRows(file, await pickFile(file, pick));
    const times = new Map(rows.filter((r) => r.phase === picked).map((r) => [r.trace, r.time]));
    beforeShot += rows.filter((r) => r.time !== null && r.time < 0).length;
    for (const row of truth) {
      if (row.file !== name || row.phase !== truthPhase || row.time === null) continue;
      const snr = simulated?.get(name)?.[row.trace]?.[truthPhase];
      if (snr != null && snr < minSnr) continue;
      const time = times.get(row.trace) ?? null;
      residuals.push(time === null ? null : time - row.time);
    }
  }
  return { ...residualStats(residuals), beforeShot };
}
