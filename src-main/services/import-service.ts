import fs from 'node:fs';
import path from 'node:path';
import {
  JobParamsSchemas,
  type GeometryFileSummary,
  type ImportFileReport,
  type ImportReport,
} from '../api/contract';
import { Project } from '../catalogue/project';
import { insertFile } from '../catalogue/insert-file';
import { sha256, storeRaw } from '../catalogue/raw-store';
import { applyGeometry, type GeometryOverrides } from '../formats/geometry';
import { parseGeometryFile } from '../formats/geometry-files';
import type { ReadOptions } from '../formats/plugin';
import { readAny } from '../formats/registry';
import { throwIfCancelled, type Task, type TaskContext } from '../jobs/task';

export interface ImportOptions {
  /** Geometry override CSV files (see formats/geometry.ts for the layout). */
  geometry?: string[];
  seg2Delay?: ReadOptions['seg2Delay'];
  sampleInterval?: number;
}

type Progress = Pick<TaskContext, 'progress'> & Partial<Pick<TaskContext, 'signal'>>;

function range(values: number[]): [number, number] | null {
  return values.length ? [Math.min(...values), Math.max(...values)] : null;
}

function readBytes(file: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const why: Record<string, string> = {
      ENOENT: 'no such file',
      EISDIR: 'is a folder, not a file',
    };
    throw new Error(`${file}: ${why[code ?? ''] ?? `cannot be read (${code})`}`, { cause: err });
  }
}

/**
 * Reads and parses geometry files of any layout geometry-files.ts knows, naming the file that
 * cannot be read.
 */
export function readGeometry(files: string[]): GeometryOverrides[] {
  return files.map((csv) => {
    let text: string;
    try {
      text = fs.readFileSync(csv, 'utf8');
    } catch {
      throw new Error(`${csv}: cannot read the geometry file`);
    }
    return parseGeometryFile(text, csv);
  });
}

/** What each geometry file was read as, for the import's and the preview's reports. */
export function geometrySummaries(sets: GeometryOverrides[]): GeometryFileSummary[] {
  return sets.map((g) => ({
    file: g.csv,
    format: g.format,
    sources: g.sources.length,
    receivers: g.receivers.length,
    elevations: g.elevations?.points.length ?? 0,
  }));
}

/**
 * Imports seismic files into a project: each file is read (format by content), geometry
 * overrides applied, copied into raw/ by content hash and written in its own transaction.
 * A file already in the project (same bytes) is left alone; a file that fails is reported
 * and skipped, and the others still import. Cancelling stops between files.
 */
export function importFiles(
  project: Project,
  files: string[],
  options: ImportOptions = {},
  ctx: Progress = { progress: () => {} },
): ImportReport {
  const overrides = readGeometry(options.geometry ?? []);
  const readOptions: ReadOptions = {
    ...(options.seg2Delay ? { seg2Delay: options.seg2Delay } : {}),
    ...(options.sampleInterval ? { sampleInterval: options.sampleInterval } : {}),
  };
  const known = project.db.prepare('SELECT id FROM raw_files WHERE sha256 = ?');
  const reports: ImportFileReport[] = [];
  // An override row is unused only when no file of this import used it.
  let unused: Set<string> | null = null;
  let outsideProfile = 0;

  files.forEach((given, i) => {
    if (ctx.signal) throwIfCancelled(ctx.signal);
    ctx.progress(i / files.length, `importing ${path.basename(given)} (${i + 1}/${files.length})`);
    const file = path.resolve(given);
    const report: ImportFileReport = {
      file,
      status: 'failed',
      format: null,
      shots: 0,
      traces: 0,
      newStations: 0,
      startTime: null,
      sampleInterval: null,
      positions: { receiversFromHeader: 0, receiversOverridden: 0, receiversMissing: 0 },
      notes: [],
      error: null,
    };
    reports.push(report);
    try {
      const bytes = readBytes(file);
      if (known.get(sha256(bytes))) {
        report.status = 'unchanged';
        return;
      }
      let seismic = readAny(file, readOptions);
      if (overrides.length) {
        const applied = applyGeometry(seismic, overrides);
        seismic = applied.file;
        const names = new Set(applied.report.unused.map((u) => `${u.csv}:${u.line}`));
        unused = unused ? new Set([...unused].filter((k) => names.has(k))) : names;
        outsideProfile += applied.report.outsideProfile;
      }
      const traces = seismic.records.flatMap((r) => r.traces);
      const inserted = insertFile(
        project.db,
        seismic,
        { ...storeRaw(project.dir, file, bytes), originalPath: file },
        readOptions,
      );
      Object.assign(report, {
        status: 'imported',
        format: seismic.format,
        shots: inserted.shots,
        traces: inserted.traces,
        newStations: inserted.newStations,
        startTime: range(traces.map((t) => t.startTime)),
        sampleInterval: range(traces.map((t) => t.sampleInterval)),
        positions: {
          receiversFromHeader: traces.filter((t) => t.receiverFrom === 'header').length,
          receiversOverridden: traces.filter((t) => t.receiverFrom === 'override').length,
          receiversMissing: traces.filter((t) => t.receiverFrom === 'none').length,
        },
        notes: seismic.notes,
      });
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      // Reader errors already start with the file name; others get it here.
      report.error =
        message.includes(file) || message.includes(given) ? message : `${file}: ${message}`;
    }
  });
  ctx.progress(1, `imported ${reports.filter((r) => r.status === 'imported').length} files`);
  return {
    files: reports,
    imported: reports.filter((r) => r.status === 'imported').length,
    unchanged: reports.filter((r) => r.status === 'unchanged').length,
    failed: reports.filter((r) => r.status === 'failed').length,
    unusedGeometryRows: [...(unused ?? [])].sort(),
    geometryFiles: geometrySummaries(overrides),
    outsideElevationProfile: outsideProfile,
  };
}

/** The 'catalogue.import' job: runs in a worker with its own connection to the project. */
export const importTask: Task = (rawParams, ctx) => {
  const { projectDir, files, ...options } = JobParamsSchemas['catalogue.import'].parse(rawParams);
  const project = Project.open(projectDir);
  try {
    return Promise.resolve(importFiles(project, files, options, ctx));
  } finally {
    project.close();
  }
};
