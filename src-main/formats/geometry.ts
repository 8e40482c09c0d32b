import { elevationAt, type ElevationProfile } from './elevation-profile';
import { FormatError } from './errors';
import type { Position, PositionSource, SeismicFile } from './record';

/**
 * Geometry overrides from a CSV file, for the many field files whose header positions are
 * missing or wrong.
 *
 * Accepted layout (column names are case-insensitive and trimmed; fields are separated by
 * commas, semicolons or tabs, whichever the header row uses; fields cannot contain the
 * separator; blank lines and lines starting with '#' are skipped; positions are metres, z is
 * elevation):
 *
 * - a header row is required;
 * - sources: `source_x`, `source_z` and optionally `source_y` (default 0, a 2-D line), keyed
 *   by `shot` (matches the record id, e.g. the SEG-2 shot number; numbers compare as numbers,
 *   so "07" matches "7") or `file` (matches the data file's name without folders);
 * - receivers: `receiver_x`, `receiver_z`, optionally `receiver_y` (default 0), keyed by
 *   `channel` (the trace's channel number); a receiver row that also fills `shot` or `file`
 *   applies to that shot only (roll-along lines), otherwise to every shot;
 * - one file may hold either kind or both, also on the same row; a row leaves a kind out by
 *   leaving its x empty. Other columns are ignored and listed in `ignoredColumns`.
 */

export interface SourceOverride {
  shot: string | null;
  file: string | null;
  position: Position;
  line: number;
}

export interface ReceiverOverride {
  channel: number;
  shot: string | null;
  file: string | null;
  position: Position;
  line: number;
}

/**
 * The layouts a geometry file may have: this CSV, formikoj's geometry.csv, PyRefra's
 * shots.geo or receivers.geo, a Refrapy topography (x, elevation) or GPS (E, N, elevation)
 * file (see geometry-files.ts, which tells them apart).
 */
export type GeometryFormat =
  'csv' | 'formikoj' | 'pyrefra-shots' | 'pyrefra-receivers' | 'topography' | 'gps';

export interface GeometryOverrides {
  /** The geometry file, for reports. */
  csv: string;
  format: GeometryFormat;
  sources: SourceOverride[];
  receivers: ReceiverOverride[];
  /**
   * Elevations along the line, applied after the positions: every source and receiver whose
   * x lies within the profile gets its elevation there.
   */
  elevations: ElevationProfile | null;
  ignoredColumns: string[];
}

const KNOWN = [
  'shot',
  'file',
  'channel',
  'source_x',
  'source_y',
  'source_z',
  'receiver_x',
  'receiver_y',
  'receiver_z',
];

export function parseGeometryCsv(text: string, csv: string): GeometryOverrides {
  const lines = text.split(/\r?\n/);
  const headerIndex = lines.findIndex((l) => l.trim() !== '' && !l.trimStart().startsWith('#'));
  if (headerIndex < 0) throw new FormatError(csv, null, 'no header row');
  const headerLine = lines[headerIndex]!;
  const separator = [',', ';', '\t'].find((s) => headerLine.includes(s)) ?? ',';
  const split = (line: string) =>
    line.split(separator).map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
  const names = split(headerLine).map((n) => n.toLowerCase());
  const column = new Map<string, number>();
  names.forEach((name, i) => {
    if (column.has(name)) {
      throw new FormatError(csv, null, `line ${headerIndex + 1}: column '${name}' appears twice`);
    }
    column.set(name, i);
  });
  const has = (name: string) => column.has(name);
  for (const kind of ['source', 'receiver']) {
    const [x, z] = [`${kind}_x`, `${kind}_z`];
    if (has(x) !== has(z)) {
      throw new FormatError(
        csv,
        null,
        `line ${headerIndex + 1}: column '${has(x) ? z : x}' is missing (${x} and ${z} go together)`,
      );
    }
  }
  if (!has('source_x') && !has('receiver_x')) {
    throw new FormatError(
      csv,
      null,
      `line ${headerIndex + 1}: no source_x/source_z or receiver_x/receiver_z columns (found: ${names.join(', ')})`,
    );
  }
  if (has('source_x') && !has('shot') && !has('file')) {
    throw new FormatError(
      csv,
      null,
      `line ${headerIndex + 1}: source positions need a 'shot' or 'file' column`,
    );
  }
  if (has('receiver_x') && !has('channel')) {
    throw new FormatError(
      csv,
      null,
      `line ${headerIndex + 1}: receiver positions need a 'channel' column`,
    );
  }

  const out: GeometryOverrides = {
    csv,
    format: 'csv',
    sources: [],
    receivers: [],
    elevations: null,
    ignoredColumns: names.filter((n) => !KNOWN.includes(n)),
  };
  const seen = new Map<string, number>();
  for (let i = headerIndex + 1; i < lines.length; i++) {
    const raw = lines[i]!;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const line = i + 1;
    const fields = split(raw);
    const get = (name: string) => {
      const at = column.get(name);
      return at === undefined ? '' : (fields[at] ?? '');
    };
    const num = (name: string, optional = false) => {
      const value = get(name);
      if (value === '' && optional) return 0;
      const n = Number(value);
      if (value === '' || !Number.isFinite(n)) {
        throw new FormatError(
          csv,
          null,
          `line ${line}, column ${name}: ${value === '' ? 'empty' : `'${value}' is not a number`}`,
        );
      }
      return n;
    };
    const shot = get('shot') || null;
    const file = get('file') || null;
    const once = (key: string, what: string) => {
      const earlier = seen.get(key);
      if (earlier !== undefined)
        throw new FormatError(
          csv,
          null,
          `line ${line}: ${what} is already given on line ${earlier}`,
        );
      seen.set(key, line);
    };
    if (get('source_x') !== '') {
      if (!shot && !file)
        throw new FormatError(
          csv,
          null,
          `line ${line}, column shot: a source row needs a shot or file`,
        );
      once(`s|${shot}|${file}`, `the source of ${shot ? `shot ${shot}` : `file ${file}`}`);
      out.sources.push({
        shot,
        file,
        line,
        position: { x: num('source_x'), y: num('source_y', true), z: num('source_z') },
      });
    }
    if (get('receiver_x') !== '') {
      const channel = num('channel');
      if (!Number.isInteger(channel))
        throw new FormatError(
          csv,
          null,
          `line ${line}, column channel: '${get('channel')}' is not a channel number`,
        );
      once(
        `r|${channel}|${shot}|${file}`,
        `receiver ${channel}${shot || file ? ` of ${shot ?? file}` : ''}`,
      );
      out.receivers.push({
        channel,
        shot,
        file,
        line,
        position: { x: num('receiver_x'), y: num('receiver_y', true), z: num('receiver_z') },
      });
    }
  }
  return out;
}

/** Where each trace's positions came from after `applyGeometry`. */
export interface GeometryReport {
  traces: {
    record: string;
    trace: number;
    channel: number;
    receiver: PositionSource;
    source: PositionSource;
  }[];
  /** Override rows that matched no record or channel of this file (they may be for others). */
  unused: { csv: string; line: number }[];
  /** Positions (sources and receivers) beyond the ends of an elevation profile, left as they were. */
  outsideProfile: number;
}

/** Record ids and shot numbers compare as numbers when both are numbers ("07" is shot 7). */
function sameShot(a: string, b: string): boolean {
  if (a === b) return true;
  const x = Number(a);
  const y = Number(b);
  return a.trim() !== '' && b.trim() !== '' && Number.isFinite(x) && x === y;
}

function basename(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}

/**
 * A new SeismicFile with the positions the overrides give replaced (and their `...From` set
 * to 'override'); all else, samples included, is shared with the input, which is unchanged.
 * A row for a shot or file wins over a row for every shot; among rows equally specific, a
 * later override set wins.
 */
export function applyGeometry(
  file: SeismicFile,
  overrides: GeometryOverrides | GeometryOverrides[],
): { file: SeismicFile; report: GeometryReport } {
  const sets = Array.isArray(overrides) ? overrides : [overrides];
  const name = basename(file.file);
  const used = new Set<SourceOverride | ReceiverOverride>();
  const forRecord = (o: { shot: string | null; file: string | null }, id: string) =>
    (o.shot === null || sameShot(o.shot, id)) && (o.file === null || o.file === name);
  const report: GeometryReport = { traces: [], unused: [], outsideProfile: 0 };
  const profiles = sets.flatMap((set) => (set.elevations ? [set.elevations] : []));
  // The last profile that covers x gives the elevation there, as later sets win elsewhere.
  const withElevation = (p: Position | null): Position | null => {
    if (!p || profiles.length === 0) return null;
    let z: number | null = null;
    for (const profile of profiles) z = elevationAt(profile, p.x) ?? z;
    if (z === null) report.outsideProfile++;
    return z === null ? null : { ...p, z };
  };

  const records = file.records.map((record) => {
    let source: SourceOverride | undefined;
    const receivers = new Map<number, ReceiverOverride>();
    // Source rows always name a shot or file; the last matching one wins.
    for (const set of sets) for (const o of set.sources) if (forRecord(o, record.id)) source = o;
    // Receiver rows for every shot first, then those for this shot, so those win; within each,
    // later sets win.
    for (const specific of [false, true]) {
      for (const set of sets) {
        for (const o of set.receivers) {
          const forThisShot = o.shot !== null || o.file !== null;
          if (forThisShot === specific && forRecord(o, record.id)) receivers.set(o.channel, o);
        }
      }
    }
    // Every reader gives a record's traces one source: its elevation is looked up once.
    const sourceZ = withElevation(source ? source.position : (record.traces[0]?.source ?? null));
    const traces = record.traces.map((t, i) => {
      const receiver = receivers.get(t.channel);
      if (receiver) used.add(receiver);
      if (source) used.add(source);
      const moved = {
        ...t,
        ...(receiver
          ? { receiver: { ...receiver.position }, receiverFrom: 'override' as const }
          : {}),
        ...(source ? { source: { ...source.position }, sourceFrom: 'override' as const } : {}),
      };
      const receiverZ = withElevation(moved.receiver);
      const next = {
        ...moved,
        ...(receiverZ ? { receiver: receiverZ, receiverFrom: 'override' as const } : {}),
        ...(sourceZ ? { source: sourceZ, sourceFrom: 'override' as const } : {}),
      };
      report.traces.push({
        record: record.id,
        trace: i,
        channel: t.channel,
        receiver: next.receiverFrom,
        source: next.sourceFrom,
      });
      return next;
    });
    return { ...record, traces };
  });
  for (const set of sets) {
    for (const o of [...set.sources, ...set.receivers])
      if (!used.has(o)) report.unused.push({ csv: set.csv, line: o.line });
  }
  report.unused.sort((a, b) => (a.csv === b.csv ? a.line - b.line : a.csv < b.csv ? -1 : 1));
  return { file: { ...file, records }, report };
}
