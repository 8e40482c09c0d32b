import path from 'node:path';
import type { GeometryComparison, GeometryPreview, ParsedInput } from '../api/contract';
import { applyGeometry } from '../formats/geometry';
import { compareGeometry } from '../formats/geometry-comparison';
import { readAny } from '../formats/registry';
import { guessLineType, type LineType } from '../picking/line-type';
import { decideLineTimeBases, timeBasePreview, type TimeBaseDecision } from '../picking/time-base';
import { geometrySummaries, readGeometry } from './import-service';
import { fileTimeBases } from './seismic-input';

interface Previewed {
  comparison: GeometryComparison;
  timeBases: TimeBaseDecision[];
  lineType: LineType;
}
interface Failed {
  file: string;
  error: string;
}

/**
 * The import's geometry step without the import: each file read as the import reads it,
 * the overrides applied, header and stored positions side by side, and each record's time
 * base as the import would decide it (the files of the preview taken as one line). A file
 * that cannot be read is reported and the others still show; a geometry file that cannot be
 * read fails the whole preview, as it would fail the import.
 */
export function previewGeometry(input: ParsedInput<'project.previewGeometry'>): GeometryPreview {
  const overrides = readGeometry(input.geometry);
  const read = input.seg2Delay ? { seg2Delay: input.seg2Delay } : {};
  let unused: Set<string> | null = null;
  const files = input.files.map((given): Previewed | Failed => {
    const file = path.resolve(given);
    try {
      const header = readAny(file, read);
      const applied = applyGeometry(header, overrides);
      // A row is unused only when no file used it, as the import reports it.
      const names = new Set(applied.report.unused.map((u) => `${u.csv}:${u.line}`));
      unused = unused ? new Set([...unused].filter((k) => names.has(k))) : names;
      return {
        comparison: compareGeometry(header, applied.file),
        timeBases: fileTimeBases(applied.file, { read }),
        lineType: guessLineType(header.records.flatMap((r) => r.traces.map((t) => t.component))),
      };
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { file, error: message.includes(file) ? message : `${file}: ${message}` };
    }
  });
  // The preview's files are taken as one line, as an import of them would be.
  const line = decideLineTimeBases(files.flatMap((f) => ('error' in f ? [] : f.timeBases)));
  let next = 0;
  return {
    files: files.map((f) => {
      if ('error' in f) return f;
      const timeBases = f.comparison.records.map(({ record }) => {
        return timeBasePreview(record, line[next++]!);
      });
      return { ...f.comparison, timeBases, lineType: f.lineType };
    }),
    unusedGeometryRows: [...(unused ?? [])].sort(),
    geometryFiles: geometrySummaries(overrides),
  };
}
