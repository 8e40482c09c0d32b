import path from 'node:path';
import {
  JobParamsSchemas,
  type GeometryFileSummary,
  type ImportFileReport,
  type ImportReport,
} from '../api/contract';
import { Project } from '../catalogue/project';
import { insertFile } from '../catalogue/insert-file';
import { removeStalePartials, sha256, storeRaw } from '../catalogue/raw-store';
import { RAW_DIR } from '../catalogue/paths';
import { settleTimeBases, storedTimeBases } from '../catalogue/time-bases';
import type { GeometryOverrides } from '../formats/geometry';
import { parseGeometryFile } from '../formats/geometry-files';
import type { ReadOptions } from '../formats/plugin';
import type { LineType } from '../picking/line-type';
import { FormatError } from '../formats/errors';
import { readRegularFile, readRegularText } from '../formats/file-bytes';
import { readSeismic } from '../formats/registry';
import { throwIfCancelled, type Task, type TaskContext } from '../jobs/task';
import { extentOf } from '../numeric/extent';
import { timedInput } from './seismic-input';

export interface ImportOptions {
  /** Geometry override CSV files (see formats/geometry.ts for the layout). */
  geometry?: string[];
  seg2Delay?: ReadOptions['seg2Delay'];
  sampleInterval?: number;
  /** What the files' line records; left out, guessed per file from its components. */
  lineType?: LineType;
}

type Progress = Pick<TaskContext, 'progress'> & Partial<Pick<TaskContext, 'signal'>>;

/**
 * Reads and parses geometry files of any layout geometry-files.ts knows, naming the file that
 * cannot be read.
 */
export function readGeometry(files: string[]): GeometryOverrides[] {
  return files.map((csv) => {
    let text: string;
    try {
      text = readRegularText(csv);
    } catch (err) {
      const reason = err instanceof FormatError ? err.reason : (err as Error).message;
      throw new Error(`${csv}: cannot read the geometry file (${reason})`, { cause: err });
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
 * overrides applied, its time base decided by its first breaks (services/seismic-input.ts),
 * copied into raw/ by content hash and written in its own transaction. A file already in the
 * project (same bytes) is left alone; a file that fails is reported and skipped, and the
 * others still import. Cancelling stops between files. At the end, shots whose time base
 * their own first breaks could not tell take the line's (catalogue/time-bases.ts).
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
  const shotsOf = project.db.prepare('SELECT id FROM shots WHERE raw_file_id = ?');
  const votes = [...storedTimeBases(project.db).values()];
  const newShots = new Map<number, ImportFileReport>();
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
      const bytes = readRegularFile(file);
      if (known.get(sha256(bytes))) {
        report.status = 'unchanged';
        return;
      }
      const read = readSeismic(file, bytes, readOptions);
      const {
        file: seismic,
        timeBases,
        geometry,
      } = timedInput(
        read,
        {
          read: readOptions,
          geometry: overrides,
          ...(options.lineType ? { lineType: options.lineType } : {}),
        },
        votes,
      );
      if (geometry) {
        const names = new Set(geometry.unused.map((u) => `${u.csv}:${u.line}`));
        unused = unused ? new Set([...unused].filter((k) => names.has(k))) : names;
        outsideProfile += geometry.outsideProfile;
      }
      const traces = seismic.records.flatMap((r) => r.traces);
      const inserted = insertFile(
        project.db,
        seismic,
        { ...storeRaw(project.dir, file, bytes), originalPath: file },
        readOptions,
        timeBases,
        options.lineType,
      );
      if (!inserted) {
        report.status = 'unchanged';
        report.notes = ['imported meanwhile by another import into this project'];
        return;
      }
      votes.push(...timeBases);
      for (const { id } of shotsOf.all(inserted.rawFileId) as { id: number }[]) {
        newShots.set(id, report);
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
  for (const moved of settleTimeBases(project.db, [...newShots.keys()])) {
    newShots
      .get(moved.shotId)!
      .notes.push(
        `time base: this shot's first breaks allowed several readings; it takes the line's, ${moved.to} (was ${moved.from})`,
      );
  }
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
