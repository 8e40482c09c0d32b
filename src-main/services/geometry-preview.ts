import path from 'node:path';
import type { GeometryPreview, ParsedInput } from '../api/contract';
import { applyGeometry } from '../formats/geometry';
import { compareGeometry } from '../formats/geometry-comparison';
import { readAny } from '../formats/registry';
import { geometrySummaries, readGeometry } from './import-service';

/**
 * The import's geometry step without the import: each file read as the import reads it,
 * the overrides applied, header and stored positions side by side. A file that cannot be
 * read is reported and the others still show; a geometry file that cannot be read fails the
 * whole preview, as it would fail the import.
 */
export function previewGeometry(input: ParsedInput<'project.previewGeometry'>): GeometryPreview {
  const overrides = readGeometry(input.geometry);
  let unused: Set<string> | null = null;
  const files = input.files.map((given) => {
    const file = path.resolve(given);
    try {
      const header = readAny(file, input.seg2Delay ? { seg2Delay: input.seg2Delay } : {});
      const applied = applyGeometry(header, overrides);
      // A row is unused only when no file used it, as the import reports it.
      const names = new Set(applied.report.unused.map((u) => `${u.csv}:${u.line}`));
      unused = unused ? new Set([...unused].filter((k) => names.has(k))) : names;
      return compareGeometry(header, applied.file);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      return { file, error: message.includes(file) ? message : `${file}: ${message}` };
    }
  });
  return {
    files,
    unusedGeometryRows: [...(unused ?? [])].sort(),
    geometryFiles: geometrySummaries(overrides),
  };
}
