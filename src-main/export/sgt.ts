import type { Position } from '../formats/record';
import type { Phase } from '../metrics/scores';
import { decimalFromText, decimalValue, shift } from './decimal';
import { PickFileError } from './pick-file-error';
import { checkPickTable, type Pick, type PickTable, type WriteReport } from './pick-table';
import {
  decimalField,
  fields,
  integerField,
  lastTextLine,
  textLines,
  type TextLine,
} from './text-fields';
import { uniquePositions } from './unique-positions';
import { maxOf } from '../numeric/extent';

/**
 * pyGIMLi's unified data format for travel times (`.sgt`), as its DataContainer reads it
 * (GIMLi core, `DataContainer::load`; see docs/pick-formats.md):
 *
 *   29 # shot/geophone points        sensor count; '#' starts a comment anywhere
 *   #x y                             column tokens, on the line right after the count
 *   0 0                              one row per sensor: shots and geophones share the list
 *   ...
 *   120 # measurements               data count
 *   #s g t err                       column tokens, on the line right after the count
 *   27 1 0.054426 0.001              s, g: 1-based sensor indices; t, err: seconds
 *
 * 2-D lines are written `#x y` with y = elevation (positive up), pyGIMLi's 2-D convention; 3-D
 * surveys `#x y z`. One file holds one phase.
 */

/** pyGIMLi's snapping distance for sensors (`DataContainer::createSensor`, 1e-3 m). */
const PYGIMLI_SENSOR_TOLERANCE = 1e-3;

export interface SgtWriteOptions {
  /** The phase that goes out; the file format has no phase column. */
  phase: Phase;
  /** Seconds: the error given to picks without an uncertainty. */
  defaultError?: number;
  /** Metres: positions closer than this are one sensor (default pyGIMLi's 1 mm). */
  tolerance?: number;
}

export interface SgtFile extends WriteReport {
  text: string;
  /** In file order: sensor i + 1 of the file is `sensors[i]`. */
  sensors: Position[];
}

/** The file's text for the table's picks of one phase, and what was left out and why. */
export function writeSgt(table: PickTable, options: SgtWriteOptions): SgtFile {
  checkPickTable(table);
  const { phase, defaultError } = options;
  if (defaultError !== undefined && !(Number.isFinite(defaultError) && defaultError > 0)) {
    throw new RangeError(
      `the default error must be a positive number of seconds, got ${defaultError}`,
    );
  }
  const skipped: WriteReport['skipped'] = [];
  let candidates: { index: number; pick: Pick; error: number | undefined }[] = [];
  table.forEach((pick, index) => {
    if (pick.phase !== phase) return;
    const error = pick.uncertainty ?? defaultError;
    // pyGIMLi's TravelTimeManager stops on a zero time ("data values equals 0.0") and on a
    // non-positive error; a negative time gives it a negative relative error (err / t).
    if (pick.time <= 0) {
      skipped.push({ index, reason: `time ${pick.time} s is not positive` });
    } else if (error !== undefined && error <= 0) {
      skipped.push({ index, reason: `error ${error} s is not positive` });
    } else {
      candidates.push({ index, pick, error });
    }
  });

  const tolerance = options.tolerance ?? PYGIMLI_SENSOR_TOLERANCE;
  const sensorsOf = (list: typeof candidates) =>
    uniquePositions(
      list.flatMap(({ pick }) => [pick.source, pick.receiver]),
      tolerance,
    );
  // A receiver on its own source has no ray path: pyGIMLi would fit nothing to it.
  const first = sensorsOf(candidates);
  candidates = candidates.filter(({ index }, k) => {
    const same = first.indexOf[2 * k] === first.indexOf[2 * k + 1];
    if (same) skipped.push({ index, reason: 'source and receiver are the same sensor' });
    return !same;
  });
  if (candidates.length === 0) {
    throw new RangeError(
      `no ${phase} pick can be written (${skipped.length} left out): pyGIMLi reads no file without sensors`,
    );
  }
  const { unique: sensors, indexOf } = sensorsOf(candidates);

  const missing = candidates.filter((c) => c.error === undefined).length;
  if (missing > 0 && missing < candidates.length) {
    throw new RangeError(
      `${missing} of ${candidates.length} ${phase} picks have no uncertainty: give a default error`,
    );
  }
  const withError = missing === 0;
  const threeD = sensors.some((p) => p.y !== 0);

  const lines = [`${sensors.length} # shot/geophone points`, threeD ? '#x y z' : '#x y'];
  for (const p of sensors) {
    lines.push((threeD ? [p.x, p.y, p.z] : [p.x, p.z]).map(String).join(' '));
  }
  lines.push(`${candidates.length} # measurements`, withError ? '#s g t err' : '#s g t');
  candidates.forEach(({ pick, error }, k) => {
    const row = [indexOf[2 * k]! + 1, indexOf[2 * k + 1]! + 1, pick.time];
    if (withError) row.push(error!);
    lines.push(row.map(String).join(' '));
  });
  skipped.sort((a, b) => a.index - b.index);
  return { text: lines.join('\n') + '\n', sensors, written: candidates.length, skipped };
}

export interface SgtReadOptions {
  /** The phase the picks are given (default P): the format does not say. */
  phase?: Phase;
  /**
   * Which column holds the elevation when the file names both y and z. Default: y when every
   * z is 0 (a 2-D file as pyGIMLi saves it, `# x y z` with z = 0), else z (a 3-D survey).
   */
  elevation?: 'y' | 'z';
}

/** Where a pick came from in the file: its line and its 1-based sensor indices. */
export interface SgtRow {
  line: number;
  s: number;
  g: number;
}

export interface SgtContents {
  /** In file order; `shot` and `trace` are null (the format has neither). */
  picks: Pick[];
  /** `rows[i]` is where `picks[i]` came from, to match by index instead of position. */
  rows: SgtRow[];
  /** The file's sensor list, elevation in z: sensor i + 1 is `sensors[i]`. */
  sensors: Position[];
  /** The file column read as elevation; null when the file gives x only (a flat line). */
  elevationColumn: 'y' | 'z' | null;
  /** Column tokens pyGIMLi would not read either, skipped (e.g. `valid`). */
  ignoredColumns: string[];
  /** Data rows with a `valid` column of 0: pyGIMLi leaves them out of an inversion, so does this. */
  invalid: number;
}

type Axis = 'x' | 'y' | 'z';
type DataName = 's' | 'g' | 't' | 'err' | 'valid';
type Row = TextLine & { values: string[] };
type DataColumns = Map<DataName, { index: number; places: number }>;

/** pyGIMLi's sensor column tokens: x, X, x/m, X/m, x/mm, X/mm and likewise y, z. */
function sensorColumn(token: string): { axis: Axis; places: number } | null {
  const m = /^([xyzXYZ])(\/m|\/mm)?$/.exec(token);
  if (!m) return null;
  return { axis: m[1]!.toLowerCase() as Axis, places: m[2] === '/mm' ? -3 : 0 };
}

/** pyGIMLi's data tokens for travel times (its token translator lowercases the first letter). */
function dataColumn(token: string): { name: DataName; places: number } | null {
  if (token === 's' || token === 'g') return { name: token, places: 0 };
  const lower = token.charAt(0).toLowerCase() + token.slice(1);
  if (lower === 't' || lower === 't/s') return { name: 't', places: 0 };
  if (lower === 't/ms' || lower === 't/(ms)') return { name: 't', places: -3 };
  if (lower === 'err' || lower === 'std' || lower === 'error') return { name: 'err', places: 0 };
  if (lower === 'valid') return { name: 'valid', places: 0 };
  return null;
}

/** A decimal field in a unit 10^places of seconds or metres, converted exactly. */
function scaled(token: string, what: string, places: number, file: string, line: number): number {
  const value = decimalField(token, what, file, line);
  return places === 0 ? value : decimalValue(shift(decimalFromText(token), places));
}

/** The rows of the text, walked the way GIMLi's DataContainer::load walks them. */
function gimliRows(text: string, file: string) {
  const lines = textLines(text);
  const lastLine = lastTextLine(lines);
  const problem = (line: number, reason: string) => new PickFileError(file, line, reason);
  let next = 0;
  // Like GIMLi's getNonEmptyRow: the fields before any '#', skipping rows left empty.
  const row = (): Row | null => {
    while (next < lines.length) {
      const l = lines[next++]!;
      const values = fields(l.text.split('#')[0]!);
      if (values.length > 0) return { ...l, values };
    }
    return null;
  };
  return {
    file,
    problem,
    row,
    /** The next row, which must be there: `what` names it when the file ends instead. */
    required(what: string): Row {
      const r = row();
      if (!r) throw problem(lastLine, `the file ends ${what}`);
      return r;
    },
    count(what: string, min: number): { line: number; n: number } {
      const r = this.required(`where the number of ${what} should be`);
      if (r.values.length !== 1) {
        throw problem(r.line, `expected the number of ${what}, found ${r.values.length} values`);
      }
      return {
        line: r.line,
        n: integerField(r.values[0]!, `the number of ${what}`, min, file, r.line),
      };
    },
    // GIMLi takes column tokens only from the physical line right after a count, and only
    // when it starts with '#'; anything else there means "no token line".
    tokenLine(): { line: number; tokens: string[] } | null {
      const l = lines[next];
      if (!l || !l.text.startsWith('#')) return null;
      next++;
      return { line: l.line, tokens: fields(l.text.slice(1)) };
    },
  };
}

type GimliRows = ReturnType<typeof gimliRows>;

/** The sensor block: positions with elevation in z, and the column that held it. */
function readSensors(rows: GimliRows, elevation: 'y' | 'z' | undefined, ignored: string[]) {
  const count = rows.count('sensors', 1);
  const header = rows.tokenLine() ?? { line: count.line, tokens: ['x', 'y', 'z'] };
  const columns = header.tokens.map((t) => {
    const c = sensorColumn(t);
    if (!c) ignored.push(t);
    return c;
  });
  const named = new Set(columns.flatMap((c) => (c ? [c.axis] : [])));
  const list = header.tokens.join(' ');
  if (!named.has('x')) throw rows.problem(header.line, `the sensor columns (#${list}) name no x`);
  const onFile: Record<Axis, number>[] = [];
  for (let i = 0; i < count.n; i++) {
    const { line, values } = rows.required(`after ${i} of the ${count.n} sensors`);
    if (values.length < columns.length) {
      throw rows.problem(
        line,
        `${values.length} values, the sensor columns (${list}) are ${columns.length}`,
      );
    }
    const p = { x: 0, y: 0, z: 0 };
    columns.forEach((c, j) => {
      if (c) p[c.axis] = scaled(values[j]!, c.axis, c.places, rows.file, line);
    });
    onFile.push(p);
  }
  const elevationColumn: 'y' | 'z' | null =
    named.has('y') && named.has('z')
      ? (elevation ?? (onFile.every((p) => p.z === 0) ? 'y' : 'z'))
      : named.has('y')
        ? 'y'
        : named.has('z')
          ? 'z'
          : null;
  // Pickline keeps elevation in z; with y as the file's elevation, its z (if any) lies across.
  const sensors = onFile.map((p) => (elevationColumn === 'y' ? { x: p.x, y: p.z, z: p.y } : p));
  return { sensors, elevationColumn };
}

/** The data block's columns: where s, g, t and err are, and their unit. */
function readDataColumns(rows: GimliRows, countLine: number, ignored: string[]): DataColumns {
  const header = rows.tokenLine();
  if (!header) {
    throw rows.problem(
      countLine + 1,
      'expected the data columns, such as #s g t err, after the count',
    );
  }
  const columns: DataColumns = new Map();
  header.tokens.forEach((t, index) => {
    if (t === 'err/%') {
      throw rows.problem(header.line, 'relative errors (err/%) are not read: give err in seconds');
    }
    const c = dataColumn(t);
    if (!c) {
      ignored.push(t);
    } else if (columns.has(c.name)) {
      throw rows.problem(header.line, `two columns give ${c.name}`);
    } else {
      columns.set(c.name, { index, places: c.places });
    }
  });
  const missing = (['s', 'g', 't'] as const).filter((c) => !columns.has(c));
  if (missing.length > 0) {
    throw rows.problem(
      header.line,
      `the data columns (#${header.tokens.join(' ')}) lack ${missing.join(', ')}`,
    );
  }
  return columns;
}

/** Parses `.sgt` text; `file` names it in errors. */
export function readSgt(text: string, file: string, options: SgtReadOptions = {}): SgtContents {
  const rows = gimliRows(text, file);
  const ignoredColumns: string[] = [];
  const { sensors, elevationColumn } = readSensors(rows, options.elevation, ignoredColumns);
  const count = rows.count('measurements', 0);
  const columns =
    count.n > 0 ? readDataColumns(rows, count.line, ignoredColumns) : (new Map() as DataColumns);
  const width = Math.max(0, maxOf([...columns.values()].map((c) => c.index + 1)));

  const phase = options.phase ?? 'P';
  const picks: Pick[] = [];
  const found: SgtRow[] = [];
  let invalid = 0;
  for (let i = 0; i < count.n; i++) {
    const { line, values } = rows.required(`after ${i} of the ${count.n} measurements`);
    if (values.length < width) {
      throw rows.problem(line, `${values.length} values, the data columns need ${width}`);
    }
    const value = (name: DataName) => {
      const c = columns.get(name)!;
      return scaled(values[c.index]!, name, c.places, file, line);
    };
    const sensor = (name: 's' | 'g') => {
      const v = integerField(values[columns.get(name)!.index]!, name, 1, file, line);
      if (v > sensors.length) {
        throw rows.problem(
          line,
          `${name} = ${v} is not a sensor: the file lists ${sensors.length}, counted from 1`,
        );
      }
      return v;
    };
    const s = sensor('s');
    const g = sensor('g');
    if (columns.has('valid') && value('valid') === 0) {
      invalid++;
      continue;
    }
    const uncertainty = columns.has('err') ? value('err') : null;
    if (uncertainty !== null && uncertainty < 0) {
      throw rows.problem(line, `err ${uncertainty} is negative`);
    }
    picks.push({
      source: sensors[s - 1]!,
      receiver: sensors[g - 1]!,
      phase,
      time: value('t'),
      uncertainty,
      shot: null,
      trace: null,
    });
    found.push({ line, s, g });
  }
  // What may follow is pyGIMLi's topography block, which starts with a lone count; a longer
  // row means the data count above is smaller than the data.
  const after = rows.row();
  if (after && after.values.length !== 1) {
    throw rows.problem(after.line, `a data row after the ${count.n} the count announces`);
  }
  return { picks, rows: found, sensors, elevationColumn, ignoredColumns, invalid };
}
