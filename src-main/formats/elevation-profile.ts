import { FormatError } from './errors';

/**
 * Elevations along a line, as Refrapy takes them: positions along the line come from the
 * shot files (or a geometry file), and a separate text file gives the ground's elevation.
 * Two layouts, whitespace, comma, semicolon or tab separated, blank lines and '#' comments
 * skipped, an optional header row of words:
 *
 * - topography: two columns, distance along the line (m) and elevation (m);
 * - GPS: three columns, easting, northing, elevation (m), one row per surveyed point in order
 *   along the line; the first point is at x = 0 and x grows with the horizontal distance
 *   walked from point to point, as a tape along the line would measure it.
 *
 * Either way the result is a profile of (x, elevation) points, sorted by x, which gives a
 * source or receiver its elevation by linear interpolation between the two points around it.
 * Positions beyond the profile's ends get none: an elevation guessed past the surveyed points
 * would reach the inversion as if measured.
 */

export type ElevationFormat = 'topography' | 'gps';

export interface ElevationPoint {
  /** Along the line, m. */
  x: number;
  /** Elevation, m, positive up. */
  z: number;
  /** 1-based line of the file. */
  line: number;
}

export interface ElevationProfile {
  format: ElevationFormat;
  /** Sorted by x, no two at one x. */
  points: ElevationPoint[];
}

const SEPARATOR = /[\s,;]+/;

/** The numeric rows of the file, each with its line; a header row of words is skipped. */
function numericRows(text: string, file: string): { line: number; values: number[] }[] {
  const rows: { line: number; values: number[] }[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((raw, i) => {
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith('#')) return;
    const fields = trimmed.split(SEPARATOR).filter((f) => f !== '');
    const values = fields.map(Number);
    if (values.every(Number.isFinite)) {
      rows.push({ line: i + 1, values });
      return;
    }
    // Only the first row may be a header, and only one without a number in it.
    if (rows.length === 0 && fields.every((f) => !Number.isFinite(Number(f)))) return;
    const bad = fields.find((f) => !Number.isFinite(Number(f)));
    throw new FormatError(file, null, `line ${i + 1}: '${bad}' is not a number`);
  });
  return rows;
}

/** Reads a topography (x, z) or GPS (E, N, z) file into a profile along the line. */
export function readElevationProfile(text: string, file: string): ElevationProfile {
  const rows = numericRows(text, file);
  if (rows.length < 2) {
    throw new FormatError(file, null, 'an elevation profile needs at least two points');
  }
  const columns = rows[0]!.values.length;
  if (columns !== 2 && columns !== 3) {
    throw new FormatError(
      file,
      null,
      `line ${rows[0]!.line}: ${columns} values; a topography file has 2 (x, elevation), a GPS file 3 (easting, northing, elevation)`,
    );
  }
  for (const r of rows) {
    if (r.values.length !== columns) {
      throw new FormatError(
        file,
        null,
        `line ${r.line}: ${r.values.length} values, the first row has ${columns}`,
      );
    }
  }
  let along = 0;
  const points = rows.map((r, i): ElevationPoint => {
    if (columns === 2) return { x: r.values[0]!, z: r.values[1]!, line: r.line };
    if (i > 0) {
      const [e0, n0] = rows[i - 1]!.values;
      along += Math.hypot(r.values[0]! - e0!, r.values[1]! - n0!);
    }
    return { x: along, z: r.values[2]!, line: r.line };
  });
  points.sort((a, b) => a.x - b.x);
  for (let i = 1; i < points.length; i++) {
    if (points[i]!.x === points[i - 1]!.x) {
      throw new FormatError(
        file,
        null,
        `lines ${points[i - 1]!.line} and ${points[i]!.line} give two elevations at x = ${points[i]!.x}`,
      );
    }
  }
  return { format: columns === 2 ? 'topography' : 'gps', points };
}

/** The profile's elevation at x (linear between points); null outside the profile. */
export function elevationAt(profile: ElevationProfile, x: number): number | null {
  const { points } = profile;
  const first = points[0];
  const last = points[points.length - 1];
  if (!first || !last || x < first.x || x > last.x) return null;
  const hi = points.findIndex((p) => p.x >= x);
  if (points[hi]!.x === x) return points[hi]!.z;
  const a = points[hi - 1]!;
  const b = points[hi]!;
  return a.z + ((b.z - a.z) * (x - a.x)) / (b.x - a.x);
}
