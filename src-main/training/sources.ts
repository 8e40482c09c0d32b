import fs from 'node:fs';
import path from 'node:path';
import { CATALOGUE_FILE, Project } from '../catalogue/project';
import { listShots } from '../catalogue/queries';
import { shotForPicking } from '../catalogue/shot-record';
import { readSettings } from '../catalogue/settings-store';
import { withoutHum } from '../picking/hum-removal';
import { readPicksCsv } from '../export/picks-csv';
import { readAny } from '../formats/registry';
import { arrivalSnrs, type ArrivalSnrs } from './synth/arrival-snr';
import { TRUTH_FILE } from './synth/survey-output';
import {
  labelledFile,
  withoutBuriedArrivals,
  type ArrivalTimes,
  type LabelledTrace,
  type TraceTarget,
} from './labelled-traces';

/**
 * Where training examples come from, recognised by what a folder holds:
 *
 * - `synth`: seismic files plus `truth.csv` (picks CSV, one P and one S row per trace, an
 *   empty time for "no such arrival"): a `pickline synth` output, or any modelling run in a
 *   format the readers know with its labels written beside it, e.g. SPECFEM2D seismograms
 *   (times in the CSV are from the source; the reader keeps SPECFEM2D's negative t0);
 * - `project`: a Pickline project; manual picks and accepted picks are the labels (the crew's
 *   QC'd picks), rejected and unreviewed proposals are not. Receivers without any such pick
 *   are left out. In a shot where S was picked somewhere, a receiver without an S pick has
 *   none; in a shot without any S pick, S is unknown (only first breaks were picked);
 * - `npy-picks`: NumPy gathers `N.npy` ([samples, traces]) each with `N.txt`, a header line
 *   then one first-break time (P, seconds) per trace, as in the GeoStack refraction data set;
 *   S is unknown. The arrays do not record their sampling, so the caller gives it.
 */

export type SourceKind = 'synth' | 'project' | 'npy-picks';

export interface SourceOptions extends TraceTarget {
  /** Seconds between samples of NumPy gathers (they do not record it). */
  npySampleInterval?: number;
  /**
   * For simulated data (labels from ray theory, visible or not): arrivals that stand out less
   * than this many dB are not labels; a buried P leaves its trace out, a buried S becomes
   * unknown. The measure is the simulator's own (survey.json `arrivalSnr`: the arrival's wave
   * against what it competes with) where the folder has it, else measured on the record
   * (withoutBuriedArrivals). People's picks are of arrivals they saw, so other sources keep
   * all theirs.
   */
  minArrivalSnr?: number | null;
}

/** Seconds after an arrival over which its visibility is measured. */
const VISIBILITY_WINDOW = 0.01;

export interface LoadedSource {
  dir: string;
  kind: SourceKind;
  traces: LabelledTrace[];
}

export function sourceKind(dir: string): SourceKind {
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) {
    throw new Error(`training data ${dir} is not a folder`);
  }
  if (fs.existsSync(path.join(dir, CATALOGUE_FILE))) return 'project';
  if (fs.existsSync(path.join(dir, TRUTH_FILE))) return 'synth';
  if (npyGathers(dir).length > 0) return 'npy-picks';
  throw new Error(
    `${dir} holds no training data: expected a Pickline project, seismic files with labels in ${TRUTH_FILE} (pickline synth, SPECFEM2D) or NumPy gathers with picks (N.npy + N.txt)`,
  );
}

export function loadSource(dir: string, options: SourceOptions): LoadedSource {
  const kind = sourceKind(dir);
  const traces =
    kind === 'project'
      ? loadProject(dir, options)
      : kind === 'synth'
        ? loadSynth(dir, options)
        : loadNpyPicks(dir, options);
  if (traces.length === 0) throw new Error(`${dir}: no labelled traces found`);
  return { dir, kind, traces };
}

/**
 * Labels as the simulator's arrival SNRs allow: null leaves the trace out. A buried P leaves
 * its trace out, except on an SH line, where P is only leaked and the trace shows none.
 */
function standingOut(times: ArrivalTimes, snr: ArrivalSnrs, minSnr: number): ArrivalTimes | null {
  const buried = (db: number | null | undefined) => db != null && db < minSnr;
  if (times.P !== null && buried(snr.P)) {
    if (!snr.shSource) return null;
    times = { ...times, P: null };
  }
  if (times.S !== null && buried(snr.S)) return { ...times, S: null, sUnknown: true };
  return times;
}

function loadSynth(dir: string, options: SourceOptions): LabelledTrace[] {
  const minSnr = options.minArrivalSnr ?? null;
  const snrs = minSnr === null ? null : arrivalSnrs(dir);
  const traces = loadSynthLabels(dir, options, (file, trace, times) => {
    const snr = snrs?.get(file)?.[trace];
    return snr && minSnr !== null ? standingOut(times, snr, minSnr) : times;
  });
  if (minSnr === null || snrs !== null) return traces;
  const length = Math.max(1, Math.round(VISIBILITY_WINDOW * options.sampleRate));
  return traces.flatMap((t) => withoutBuriedArrivals(t, minSnr, length) ?? []);
}

function loadSynthLabels(
  dir: string,
  target: TraceTarget,
  filter: (file: string, trace: number, times: ArrivalTimes) => ArrivalTimes | null,
): LabelledTrace[] {
  const truthFile = path.join(dir, TRUTH_FILE);
  const rows = readPicksCsv(fs.readFileSync(truthFile, 'utf8'), truthFile);
  // file → trace index in the file → arrivals
  const truth = new Map<string, Map<number, ArrivalTimes>>();
  for (const row of rows) {
    const traces = truth.get(row.file) ?? new Map<number, ArrivalTimes>();
    truth.set(row.file, traces);
    const times = traces.get(row.trace) ?? { P: null, S: null };
    times[row.phase] = row.time;
    traces.set(row.trace, times);
  }
  return [...truth.keys()].flatMap((name) => {
    const file = readAny(path.join(dir, name));
    const firstTrace = recordOffsets(file.records.map((r) => r.traces.length));
    const times = truth.get(name)!;
    return labelledFile(
      file,
      (record, trace) => {
        const index = firstTrace[record]! + trace;
        const labels = times.get(index);
        return labels ? filter(name, index, labels) : null;
      },
      target,
      (record) => `${dir}/${name}#${record}`,
    );
  });
}

/** Index in the whole file of each record's first trace (the picks CSV's trace numbering). */
function recordOffsets(lengths: number[]): number[] {
  const offsets: number[] = [];
  lengths.reduce((n, len, i) => ((offsets[i] = n), n + len), 0);
  return offsets;
}

interface LabelRow {
  trace_id: number;
  phase: 'P' | 'S';
  time: number;
}

function loadProject(dir: string, target: TraceTarget): LabelledTrace[] {
  const project = Project.open(dir);
  try {
    return projectTraces(project, target);
  } finally {
    project.close();
  }
}

/**
 * A project's labelled receivers (see SourceKind 'project'), of every shot or of the shots
 * given (catalogue ids): what a crew has picked or accepted, the labels teaching reads.
 */
export function projectTraces(
  project: Project,
  target: TraceTarget,
  shotIds?: readonly number[],
): LabelledTrace[] {
  // Manual and accepted picks, oldest first so that the latest edit wins.
  const rows = project.db
    .prepare(
      `SELECT trace_id, phase, time FROM picks
       WHERE deleted = 0 AND status != 'rejected' AND (origin = 'manual' OR status = 'accepted')
       ORDER BY updated_at, id`,
    )
    .all() as LabelRow[];
  const labels = new Map<number, ArrivalTimes>();
  for (const row of rows) {
    const times = labels.get(row.trace_id) ?? { P: null, S: null };
    times[row.phase] = row.time;
    labels.set(row.trace_id, times);
  }
  const wanted = shotIds ? new Set(shotIds) : null;
  // The records as the project's picker reads them: its hum taken out when it is told to.
  const { hum } = readSettings(project.db).picking;
  return listShots(project.db).flatMap((shot) => {
    if (wanted && !wanted.has(shot.id)) return [];
    const record = shotForPicking(project.db, shot.id);
    if (!record) return [];
    const shotLabels = record.traceIds.map((id) => labels.get(id));
    const sUnknown = shotLabels.every((t) => t?.S == null);
    return labelledFile(
      withoutHum(record.file, hum).file,
      (_, trace) => {
        const times = shotLabels[trace];
        return times ? { ...times, sUnknown } : null;
      },
      target,
      () => `${project.dir}#shot${shot.id}`,
    );
  });
}

function npyGathers(dir: string): string[] {
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.npy') && fs.existsSync(path.join(dir, f.replace(/\.npy$/, '.txt'))))
    .sort();
}

function loadNpyPicks(dir: string, options: SourceOptions): LabelledTrace[] {
  const dt = options.npySampleInterval;
  if (!(dt !== undefined && dt > 0)) {
    throw new Error(
      `${dir}: NumPy gathers do not record their sampling; give the sample interval (e.g. --npy-dt 0.00025)`,
    );
  }
  return npyGathers(dir).flatMap((name) => {
    const pickFile = path.join(dir, name.replace(/\.npy$/, '.txt'));
    const lines = fs
      .readFileSync(pickFile, 'utf8')
      .split(/\r?\n/)
      .map((l) => l.trim())
      .filter((l) => l !== '');
    // A header line (GeoStack: "Time"), then one time per trace.
    const times = lines.slice(/^[-+.\d]/.test(lines[0] ?? '') ? 0 : 1).map((l, i) => {
      const t = Number(l);
      if (!Number.isFinite(t)) throw new Error(`${pickFile}, pick ${i + 1}: not a time: ${l}`);
      return t;
    });
    const file = readAny(path.join(dir, name), { sampleInterval: dt });
    const traces = file.records[0]!.traces.length;
    if (times.length !== traces) {
      throw new Error(`${pickFile}: ${times.length} picks for ${traces} traces in ${name}`);
    }
    return labelledFile(
      file,
      (_, trace) => ({ P: times[trace]!, S: null, sUnknown: true }),
      options,
      () => `${dir}/${name}`,
    );
  });
}
