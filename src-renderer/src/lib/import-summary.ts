import type {
  GeometryFileSummary,
  ImportFileReport,
  ImportReport,
  PickImportResult,
} from '../../../src-main/api/contract';

/**
 * What an import did, in plain words for the form that started it: file names rather than
 * paths, counts rather than lists, and each failure with its reason.
 */

const base = (file: string) => file.split(/[\\/]/).pop() ?? file;
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

const FORMAT_NAMES: Record<GeometryFileSummary['format'], string> = {
  csv: 'a geometry CSV',
  formikoj: "formikoj's geometry.csv",
  'pyrefra-shots': "PyRefra's shots.geo",
  'pyrefra-receivers': "PyRefra's receivers.geo",
  topography: 'a topography profile (x, elevation)',
  gps: 'GPS points (easting, northing, elevation)',
};

export function importHeadline(r: ImportReport): string {
  const imported = r.files.filter((f) => f.status === 'imported');
  const shots = imported.reduce((n, f) => n + f.shots, 0);
  const traces = imported.reduce((n, f) => n + f.traces, 0);
  const stations = imported.reduce((n, f) => n + f.newStations, 0);
  const parts = [
    `${plural(r.imported, 'file')} imported` +
      (r.imported
        ? `: ${plural(shots, 'shot')}, ${plural(traces, 'trace')}, ${plural(stations, 'new receiver position')}`
        : ''),
  ];
  if (r.unchanged) parts.push(`${r.unchanged} already in the project`);
  if (r.failed) parts.push(`${r.failed} could not be imported`);
  return parts.join('; ') + '.';
}

/** One line per file: what it brought, or why it failed. */
export function fileLine(f: ImportFileReport): string {
  const name = base(f.file);
  if (f.status === 'failed') {
    // Reader errors start with the path: the name said once is enough.
    const reason = (f.error ?? 'unknown error').replace(f.file, '').replace(/^[:\s]+/, '');
    return `${name}: not imported, ${reason}`;
  }
  if (f.status === 'unchanged') return `${name}: already in the project`;
  const p = f.positions;
  const where = [
    p.receiversOverridden && `${p.receiversOverridden} receivers placed by the geometry`,
    p.receiversFromHeader && `${p.receiversFromHeader} from the file's headers`,
    p.receiversMissing && `${p.receiversMissing} without a position`,
  ].filter(Boolean);
  return `${name}: ${plural(f.shots, 'shot')}, ${plural(f.traces, 'trace')} (${f.format}); ${where.join(', ') || 'no traces'}`;
}

export function geometryLines(r: { geometryFiles: GeometryFileSummary[] }): string[] {
  return r.geometryFiles.map((g) => {
    const what = [
      g.sources && plural(g.sources, 'source position'),
      g.receivers && plural(g.receivers, 'receiver position'),
      g.elevations && plural(g.elevations, 'elevation point'),
    ].filter(Boolean);
    return `${base(g.file)} read as ${FORMAT_NAMES[g.format]}: ${what.join(', ')}`;
  });
}

/** What a pick import did, in the same plain words. */
export function pickImportLines(r: PickImportResult): string[] {
  const lines = [`${r.matched} of ${r.read} picks matched a trace (${r.format})`];
  if (r.superseded) lines.push(`${r.superseded} picks imported earlier from this file replaced`);
  if (r.timeOrigin === 'first-sample') {
    lines.push("times counted from each trace's first sample, stored from the shot");
  }
  if (r.matching === 'along-line') {
    lines.push('matched along the line: the project had no elevations');
  }
  if (r.invalid) lines.push(`${plural(r.invalid, 'pick')} the file marks invalid left out`);
  const e = r.elevations;
  if (e) {
    lines.push(
      `elevations taken into the geometry: ${plural(e.receivers, 'receiver position')} and ${plural(e.sources, 'source position')}` +
        (e.range ? `, ${e.range[0]} to ${e.range[1]} m` : '') +
        (e.receiversWithout ? `; ${e.receiversWithout} receiver positions got none` : ''),
    );
  }
  return lines;
}
