import { readElevationProfile } from './elevation-profile';
import { FormatError } from './errors';
import { parseGeometryCsv, type GeometryFormat, type GeometryOverrides } from './geometry';
import { looksLikeFormikoj, parseFormikojGeometry } from './geometry-formikoj';
import { parsePyRefraGeometry } from './geometry-pyrefra';

/**
 * Every geometry file a crew brings, read into one form (GeometryOverrides), the layout told
 * by name and content, so the import needs no format option:
 *
 * - `shots.geo`, `receivers.geo` (any folder): PyRefra's point files;
 * - seven numbers a row, no header: formikoj's geometry.csv;
 * - a header row naming Pickline's columns (shot, channel, source_x, …): the geometry CSV;
 * - two or three numbers a row: a Refrapy topography (x, elevation) or GPS (easting,
 *   northing, elevation) file, elevations along the line.
 */
export function geometryFormat(text: string, file: string): GeometryFormat {
  const name = (file.split(/[\\/]/).pop() ?? file).toLowerCase();
  if (name === 'shots.geo') return 'pyrefra-shots';
  if (name === 'receivers.geo') return 'pyrefra-receivers';
  if (name.endsWith('.geo')) {
    throw new FormatError(
      file,
      null,
      'a PyRefra geometry file must be named shots.geo or receivers.geo, which says what it holds',
    );
  }
  if (looksLikeFormikoj(text)) return 'formikoj';
  const rows = text
    .replace(/^\uFEFF/, '')
    .split(/\r\n|\r|\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const first = rows[0];
  if (first === undefined) throw new FormatError(file, null, 'the geometry file is empty');
  const words = first.toLowerCase().split(/[\s,;]+/);
  const pickline = ['source_x', 'receiver_x', 'channel', 'shot'];
  if (words.some((w) => pickline.includes(w.replace(/^"(.*)"$/, '$1')))) return 'csv';
  // A topography or GPS file may start with a header of its own (x, elevation, …).
  const numeric = (row: string | undefined) => {
    const f = (row ?? '').split(/[\s,;]+/).filter((v) => v !== '');
    return f.length > 0 && f.every((v) => Number.isFinite(Number(v))) ? f.length : 0;
  };
  const columns = numeric(first) || numeric(rows[1]);
  if (columns === 2) return 'topography';
  if (columns === 3) return 'gps';
  // Anything else is read as the geometry CSV, whose errors say what columns it expects.
  return 'csv';
}

export function parseGeometryFile(text: string, file: string): GeometryOverrides {
  const format = geometryFormat(text, file);
  switch (format) {
    case 'csv':
      return parseGeometryCsv(text, file);
    case 'formikoj':
      return parseFormikojGeometry(text, file);
    case 'pyrefra-shots':
      return parsePyRefraGeometry(text, file, 'shots');
    case 'pyrefra-receivers':
      return parsePyRefraGeometry(text, file, 'receivers');
    case 'topography':
    case 'gps': {
      const elevations = readElevationProfile(text, file);
      return {
        csv: file,
        format: elevations.format,
        sources: [],
        receivers: [],
        elevations,
        ignoredColumns: [],
      };
    }
  }
}
