import path from 'node:path';
import { JobParamsSchemas, type ImportFileReport, type ImportReport } from '../api/contract';
import { Project } from '../catalogue/project';
import { insertFile } from '../catalogue/insert-file';
import { removeStalePartials, sha256, storeRaw } from '../catalogue/raw-store';
import { RAW_DIR } from '../catalogue/paths';
import { applyGeometry, parseGeometryCsv, type GeometryOverrides } from '../formats/geometry';
import type { ReadOptions } from '../formats/plugin';
import { FormatError } from '../formats/errors';
import { readRegularFile, readRegularText } from '../formats/file-bytes';
import { readSeismic } from '../formats/registry';
import { throwIfCancelled, type Task, type TaskContext } from '../jobs/task';
import { extentOf } from '../numeric/extent';

export interface ImportOptions {
  /** Geometry override CSV files (see formats/geometry.ts for the layout). */
  geometry?: string[];
  seg2Delay?: ReadOptions['seg2Delay'];
  sampleInterval?: number;
}

type Progress = Pick<TaskContext, 'progress'> & Partial<Pick<TaskContext, 'signal'>>;

/** Reads and parses geometry override CSVs, naming the file that cannot be read. */
export function readGeometry(files: string[]): GeometryOverrides[] {
  return files.map((csv) => {
    let text: string;
    try {
      text = readRegularText(csv);
    } catch (err) {
      const reason = err instanceof FormatError ? err.reason : (err as Error).message;
      throw new Error(`${csv}: cannot read the geometry file (${reason})`, { cause: err });
    }
    return parseGeometryCsv(text, csv);
  });
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
  removeStalePartials(path.join(project.dir, RAW_DIR));
  const known = project.db.prepare('SELECT id FROM raw_files WHERE sha256 = ?');
  const reports: ImportFileReport[] = [];
  // An override row is unused only when no file of this import used it.
  let unused: Set<string> | null = null;

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
      const bytes = readRegularFile(file);
      if (known.get(sha256(bytes))) {
        report.status = 'unchanged';
        return;
      }
      let seismic = readSeismic(file, bytes, readOptions);
      if (overrides.length) {
        const applied = applyGeometry(seismic, overrides);
        seismic = applied.file;
        const names = new Set(applied.report.unused.map((u) => `${u.csv}:${u.line}`));
        unused = unused ? new Set([...unused].filter((k) => names.has(k))) : names;
      }
      const traces = seismic.records.flatMap((r) => r.traces);
      const inserted = insertFile(
        project.db,
        seismic,
        { ...storeRaw(project.dir, file, bytes), originalPath: file },
        readOptions,
      );
      if (!inserted) {
        report.status = 'unchanged';
        report.notes = ['imported meanwhile by another import into this project'];
        return;
      }
      Object.assign(report, {
        status: 'imported',
        format: seismic.format,
        shots: inserted.shots,
        traces: inserted.traces,
        newStations: inserted.newStations,
        startTime: extentOf(traces.map((t) => t.startTime)),
        sampleInterval: extentOf(traces.map((t) => t.sampleInterval)),
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
