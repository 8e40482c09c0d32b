/**
 * The real refraction lines with an analyst's P picks that the field-accuracy measurements
 * use, read from the shared data folder (`../shared/data`, see its README for the licences),
 * each as its seismic files (through Pickline's own reading path: geometry, time base) and
 * its picks keyed to the traces:
 *
 * - refrapy-ex01: 5 SEG-2 shots x 24 channels at 4 m, picks in a pyGIMLi .sgt matched by
 *   source and receiver x;
 * - geostack-dataset1: 20 NumPy gathers x 48 traces at 0.25 ms, no positions, one pick per
 *   trace in N.txt;
 * - formikoj-soda-lakes: 116 SEG-2 shots x 96 channels at 2 m on two crossing lines,
 *   positions only in formikoj's geometry.csv, picks.csv in seconds after the shot (its
 *   README); picks on dead (all-zero) traces are left out.
 */
import fs from 'node:fs';
import path from 'node:path';
import { readSgt } from '../../src-main/export/sgt';
import { parseGeometryCsv } from '../../src-main/formats/geometry';
import type { SeismicFile } from '../../src-main/formats/record';
import { readSeismicLine } from '../../src-main/services/seismic-input';

export interface ReferencePick {
  /** Index into the line's files. */
  file: number;
  /** Index of the trace in the file's only record. */
  trace: number;
  /** Seconds after the shot. */
  time: number;
}

export interface FieldLine {
  name: string;
  /** What it is, in a few words, for tables. */
  kind: string;
  files: SeismicFile[];
  reference: ReferencePick[];
  /** Where it is. */
  dir: string;
}

export const LINE_NAMES = ['refrapy-ex01', 'geostack-dataset1', 'formikoj-soda-lakes'] as const;
export type LineName = (typeof LINE_NAMES)[number];

function readLine(paths: string[], options: Parameters<typeof readSeismicLine>[1] = {}) {
  return readSeismicLine(paths, options).map((r) => {
    if (!r.input) throw r.error!;
    return r.input.file;
  });
}

const sorted = (dir: string, ext: string) =>
  fs
    .readdirSync(dir)
    .filter((f) => f.endsWith(ext))
    .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }))
    .map((f) => path.join(dir, f));

function refrapy(data: string): FieldLine {
  const root = path.join(data, 'refraction/refrapy-ex01');
  const files = readLine(sorted(path.join(root, 'data'), '.dat'));
  const sgt = path.join(root, 'picks/field_example_01.sgt');
  const manual = readSgt(fs.readFileSync(sgt, 'utf8'), sgt).picks;
  const reference: ReferencePick[] = [];
  files.forEach((file, f) =>
    file.records[0]!.traces.forEach((t, trace) => {
      const m = manual.find(
        (p) =>
          Math.abs(p.source.x - t.source!.x) < 1e-3 &&
          Math.abs(p.receiver.x - t.receiver!.x) < 1e-3,
      );
      if (m) reference.push({ file: f, trace, time: m.time });
    }),
  );
  return { name: 'refrapy-ex01', kind: 'Geometrics SEG-2, 4 m', files, reference, dir: root };
}

function geostack(data: string): FieldLine {
  const root = path.join(data, 'refraction/geostack-dataset1');
  const gathers = sorted(root, '.npy');
  const files = readLine(gathers, { read: { sampleInterval: 0.00025 } });
  const reference = gathers.flatMap((g, f) =>
    fs
      .readFileSync(g.replace(/\.npy$/, '.txt'), 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => /^[-+.\d]/.test(l))
      .map((l, trace) => ({ file: f, trace, time: Number(l) })),
  );
  return {
    name: 'geostack-dataset1',
    kind: 'NumPy gathers, no positions',
    files,
    reference,
    dir: root,
  };
}

/** formikoj's geometry.csv (x, y, z, geophone flag, shot file, ...; row n = station n) as overrides. */
export function formikojGeometryCsv(text: string): string {
  const rows = text
    .trim()
    .split(/\r?\n/)
    .map((l) => l.split(','));
  const lines = ['file,channel,source_x,source_y,source_z,receiver_x,receiver_y,receiver_z'];
  rows.forEach(([x, y, z], i) => lines.push(`Shot_0${1001 + i}.sg2,,${x},${y},${z},,,`));
  rows
    .filter((r) => r[3] === '1')
    .forEach(([x, y, z], i) => lines.push(`,${i + 1},,,,${x},${y},${z}`));
  return `${lines.join('\n')}\n`;
}

function formikoj(data: string): FieldLine {
  const root = path.join(data, 'refraction/formikoj-soda-lakes');
  const csv = path.join(root, 'geometry.csv');
  const geometry = parseGeometryCsv(formikojGeometryCsv(fs.readFileSync(csv, 'utf8')), csv);
  const shots = sorted(path.join(root, 'data'), '.sg2');
  const files = readLine(shots, { geometry: [geometry] });
  const index = new Map(shots.map((s, f) => [path.basename(s), f]));
  const reference = fs
    .readFileSync(path.join(root, 'picks.csv'), 'utf8')
    .trim()
    .split(/\r?\n/)
    .slice(1)
    .map((l) => l.split(','))
    .flatMap(([name, trace, , , time]) => {
      const f = index.get(name!)!;
      const samples = files[f]!.records[0]!.traces[Number(trace)]!.samples;
      return samples.every((v) => v === 0)
        ? []
        : [{ file: f, trace: Number(trace), time: Number(time) }];
    });
  return {
    name: 'formikoj-soda-lakes',
    kind: 'DMT SEG-2, 2 m, crossed lines',
    files,
    reference,
    dir: root,
  };
}

export function loadLine(name: LineName, data: string): FieldLine {
  return {
    'refrapy-ex01': refrapy,
    'geostack-dataset1': geostack,
    'formikoj-soda-lakes': formikoj,
  }[name](data);
}
