import { removeRecordHum, type HumSetting } from '../dsp/hum';
import type { SeismicFile } from '../formats/record';
import { hasSignal } from '../dsp/samples';
import { maxOf, minOf } from '../numeric/extent';

/**
 * Power-line hum taken out of a file before any picker reads it (dsp/hum.ts has how and
 * why), record by record: one mains frequency per record, each trace's own amplitude and
 * phase. The picks are made on what is left; the file's own samples are not changed.
 */

/** What was subtracted from one record. */
export interface RecordHum {
  /** Index of the record in the file. */
  record: number;
  /** The fundamental, Hz. */
  frequency: number;
  /** Traces with hum subtracted, of the record's live traces. */
  traces: number;
  of: number;
  /** The largest share of a trace's power that was hum. */
  share: number;
}

/** Traces with equal sample intervals: one call of the hum finder each. */
function byInterval(traces: readonly HumTrace[]): number[][] {
  const groups = new Map<number, number[]>();
  traces.forEach((t, i) => {
    if (!hasSignal(t.samples)) return;
    const group = groups.get(t.sampleInterval) ?? [];
    group.push(i);
    groups.set(t.sampleInterval, group);
  });
  return [...groups.values()];
}

/** What the hum finder reads of a trace. */
export interface HumTrace {
  samples: Float32Array;
  sampleInterval: number;
}

/**
 * One record's traces with their hum subtracted (the same traces where there is none, or the
 * setting is 'off'), and what was found. Dead channels are left alone. The picker reads a
 * record this way, and the gather view draws it this way, so a pick sits on what is drawn.
 */
export function recordWithoutHum<T extends HumTrace>(
  traces: readonly T[],
  setting: HumSetting,
): { traces: readonly T[]; hum: Omit<RecordHum, 'record'> | null } {
  if (setting === 'off') return { traces, hum: null };
  const out = [...traces];
  let live = 0;
  const found: { frequency: number; share: number }[] = [];
  for (const group of byInterval(traces)) {
    live += group.length;
    const fit = removeRecordHum(
      group.map((i) => traces[i]!.samples),
      traces[group[0]!]!.sampleInterval,
      setting,
    );
    group.forEach((i, k) => {
      const h = fit.hums[k];
      if (!h) return;
      out[i] = { ...traces[i]!, samples: Float32Array.from(fit.samples[k]!) };
      found.push({ frequency: h.frequency, share: h.share });
    });
  }
  if (found.length === 0) return { traces, hum: null };
  return {
    traces: out,
    hum: {
      frequency: found[0]!.frequency,
      traces: found.length,
      of: live,
      share: maxOf(found.map((f) => f.share)),
    },
  };
}

/**
 * The file with the hum of its records subtracted (the same file when there is none or the
 * setting is 'off'), and what was found.
 */
export function withoutHum(
  file: SeismicFile,
  setting: HumSetting = 'off',
): { file: SeismicFile; hum: RecordHum[] } {
  if (setting === 'off') return { file, hum: [] };
  const hum: RecordHum[] = [];
  const records = file.records.map((record, r) => {
    const done = recordWithoutHum(record.traces, setting);
    if (!done.hum) return record;
    hum.push({ record: r, ...done.hum });
    return { ...record, traces: [...done.traces] };
  });
  return hum.length ? { file: { ...file, records }, hum } : { file, hum };
}

const percent = (share: number) => (share >= 0.01 ? `${Math.round(share * 100)} %` : 'under 1 %');

/**
 * "50.0 Hz power-line hum subtracted on 22 of 24 traces (up to 12 % of a trace's power)",
 * for one record or, with `shots`, a line: "… on 22 of 24 shots".
 */
export function humLine(hums: readonly Omit<RecordHum, 'record'>[], shots?: number): string {
  const frequencies = hums.map((h) => h.frequency);
  const low = minOf(frequencies);
  const high = maxOf(frequencies);
  const hz = high - low < 0.05 ? `${low.toFixed(1)} Hz` : `${low.toFixed(1)}-${high.toFixed(1)} Hz`;
  const where =
    shots === undefined
      ? `${hums.reduce((n, h) => n + h.traces, 0)} of ${hums.reduce((n, h) => n + h.of, 0)} traces`
      : `${hums.length} of ${shots} shots`;
  const share = maxOf(hums.map((h) => h.share));
  return `${hz} power-line hum subtracted on ${where} (up to ${percent(share)} of a trace's power)`;
}
