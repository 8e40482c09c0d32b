import type { GeometryComparison, TimeBasePreview } from '../../api/contract';
import { applyGeometry } from '../../formats/geometry';
import { compareGeometry } from '../../formats/geometry-comparison';
import type { ReadOptions } from '../../formats/plugin';
import type { Position, SeismicFile, Trace } from '../../formats/record';
import { readAny } from '../../formats/registry';
import { timeBasePreview } from '../../picking/time-base';
import { readGeometry } from '../../services/import-service';
import { fileTimeBases, settled } from '../../services/seismic-input';
import { EXIT_FAILED, EXIT_OK, UsageError, type Command } from '../command';
import { delayOption } from './options';
import { maxOf, minOf } from '../../numeric/extent';

/** One file as `inspect` reports it: everything but the samples. */
export interface FileSummary {
  file: string;
  format: string;
  byteOrder: 'big' | 'little' | null;
  records: number;
  traces: number;
  /** Seconds; one value when every trace agrees, else [min, max]. */
  sampleInterval: number | [number, number];
  samplesPerTrace: number | [number, number];
  startTime: number | [number, number];
  notes: string[];
  recordList: {
    id: string;
    startDate: string | null;
    headerKeys: string[];
    traces: {
      channel: number;
      component: string;
      receiver: Position | null;
      source: Position | null;
      samples: number;
      sampleInterval: number;
      startTime: number;
    }[];
  }[];
  traceHeaderKeys: string[];
  /** With --geometry: header positions beside those an import would store. */
  geometry?: GeometryComparison;
  /** Per record: the reading of its timing header the first breaks chose (see the notes). */
  timeBases: TimeBasePreview[];
}

function range(values: number[]): number | [number, number] {
  const min = minOf(values);
  const max = maxOf(values);
  return min === max ? min : [min, max];
}

function summarize(file: SeismicFile, timeBases: TimeBasePreview[]): FileSummary {
  const traces: Trace[] = file.records.flatMap((r) => r.traces);
  return {
    timeBases,
    file: file.file,
    format: file.format,
    byteOrder: file.byteOrder,
    records: file.records.length,
    traces: traces.length,
    sampleInterval: range(traces.map((t) => t.sampleInterval)),
    samplesPerTrace: range(traces.map((t) => t.samples.length)),
    startTime: range(traces.map((t) => t.startTime)),
    notes: file.notes,
    recordList: file.records.map((r) => ({
      id: r.id,
      startDate: r.startDate,
      headerKeys: Object.keys(r.headers),
      traces: r.traces.map((t) => ({
        channel: t.channel,
        component: t.component,
        receiver: t.receiver,
        source: t.source,
        samples: t.samples.length,
        sampleInterval: t.sampleInterval,
        startTime: t.startTime,
      })),
    })),
    traceHeaderKeys: [...new Set(traces.flatMap((t) => Object.keys(t.headers)))],
  };
}

/**
 * The file as an import would store it: overrides applied (with what they changed) and each
 * record's time base decided by its first breaks, unless --delay says.
 */
function asImported(
  header: SeismicFile,
  overrides: ReturnType<typeof readGeometry>,
  read: ReadOptions,
): FileSummary {
  const positioned = overrides.length ? applyGeometry(header, overrides).file : header;
  const timeBases = fileTimeBases(positioned, { read });
  const summary = summarize(
    settled(positioned, timeBases),
    timeBases.map((d, i) => timeBasePreview(positioned.records[i]!.id, d)),
  );
  return overrides.length ? { ...summary, geometry: compareGeometry(header, positioned) } : summary;
}

/** A value or a range, scaled for display (seconds to milliseconds, say). */
function show(v: number | [number, number], unit = '', factor = 1): string {
  const [a, b] = typeof v === 'number' ? [v, v] : v;
  const fmt = (x: number) => `${Number((x * factor).toPrecision(12))}${unit}`;
  return a === b ? fmt(a) : `${fmt(a)} to ${fmt(b)} (varies)`;
}
const coord = (p: Position | null) => (p ? `${p.x} ${p.y} ${p.z}` : '-');

/** Aligns rows of cells into columns, numbers right-aligned. */
function table(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, c) => maxOf(rows.map((r) => (r[c] ?? '').length))) ?? [];
  return rows.map((r) => '    ' + r.map((cell, c) => cell.padStart(widths[c] ?? 0)).join('  '));
}

const moved = (from: string, header: Position | null) =>
  from === 'override' ? `override (header ${coord(header)})` : from;

function summaryText(s: FileSummary): string {
  const lines = [
    s.file,
    `  format: ${s.format}${s.byteOrder ? ` (${s.byteOrder}-endian)` : ''}`,
    `  records: ${s.records}, traces: ${s.traces}`,
    `  sample interval: ${show(s.sampleInterval, ' ms', 1e3)}`,
    `  samples per trace: ${show(s.samplesPerTrace)}`,
    `  start time: ${show(s.startTime, ' s')}`,
    ...s.notes.map((n) => `  note: ${n}`),
  ];
  for (const r of s.recordList) {
    lines.push(
      `  record ${r.id}${r.startDate ? ` (${r.startDate})` : ''}: ${r.traces.length} traces`,
    );
    const geometry = s.geometry?.records.find((g) => g.record === r.id);
    if (geometry) {
      lines.push(
        `  source ${coord(geometry.source.stored)}: ${moved(geometry.source.from, geometry.source.header)}`,
      );
    }
    lines.push(
      ...table([
        [
          '#',
          'chan',
          'comp',
          'receiver x y z',
          'source x y z',
          ...(geometry ? ['receiver from'] : []),
        ],
        ...r.traces.map((t, i) => {
          const change = geometry?.receivers[i];
          return [
            String(i + 1),
            String(t.channel),
            t.component || '-',
            coord(t.receiver),
            coord(t.source),
            ...(change ? [moved(change.from, change.header)] : []),
          ];
        }),
      ]),
    );
    lines.push(`  record header keys: ${r.headerKeys.join(', ') || '-'}`);
  }
  lines.push(`  trace header keys: ${s.traceHeaderKeys.join(', ') || '-'}`);
  return lines.join('\n');
}

export const inspect: Command = {
  name: 'inspect',
  summary: 'show the format, geometry, timing and header keys of seismic files',
  usage: 'inspect FILE... [--geometry CSV]... [--json] [--delay geometrics|dmt]',
  options: {
    delay: { type: 'string' },
    /** Shows the positions an import with these overrides would store, beside the headers'. */
    geometry: { type: 'string', multiple: true },
  },
  positionals: true,
  async run({ positionals, values, json, io }) {
    if (positionals.length === 0) throw new UsageError('give at least one file');
    const seg2Delay = delayOption(values.delay);
    const overrides = readGeometry((values.geometry as string[] | undefined) ?? []);
    const summaries: FileSummary[] = [];
    const errors: string[] = [];
    for (const file of positionals) {
      try {
        const read = seg2Delay ? { seg2Delay } : {};
        const summary = asImported(readAny(file, read), overrides, read);
        summaries.push(summary);
        // Text goes out as each file is read, so the good ones show even when another fails.
        if (!json) io.out(summaryText(summary));
      } catch (err) {
        const message = err instanceof Error ? err.message : String(err);
        errors.push(message);
        if (!json) io.err(`pickline: ${message}`);
      }
    }
    if (summaries.length === 0) throw new Error(errors.join('\n'));
    const failed = errors.length > 0 ? EXIT_FAILED : EXIT_OK;
    if (failed && !json)
      io.err(`pickline: ${errors.length} of ${positionals.length} files could not be read`);
    // Text has been printed file by file above; JSON carries the good files and the errors.
    return { text: '', data: { files: summaries, errors }, exitCode: failed };
  },
};
