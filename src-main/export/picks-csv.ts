import type { Phase } from '../metrics/scores';
import { PickFileError } from './pick-file-error';
import { DECIMAL } from './text-fields';

/**
 * The picks CSV: one row per pick, RFC 4180 (comma, CRLF, fields with a comma, quote or line
 * break in double quotes, quotes doubled), a header naming these columns in this order:
 *
 *   file, trace, channel, shot, source_x, receiver_x, offset_m, phase, time_s,
 *   probability, uncertainty_s, method, status
 *
 * `file` is the seismic file's base name, `trace` the 0-based trace index in it, `time_s`
 * seconds after the source time. Numbers are written in JavaScript's shortest round-trip
 * form (every float64 reads back exactly, far finer than the 1e-7 s a time needs); an empty
 * cell is "not known". An empty `time_s` says the trace was examined and has no arrival of
 * that phase, which is how a reference marks a true-negative trace.
 *
 * Reading needs only `file`, `trace`, `phase` and `time_s` (a hand-made reference); other
 * known columns are optional, unknown ones are ignored, and the header is required.
 */

export interface PickRow {
  file: string;
  trace: number;
  channel: number | null;
  shot: string;
  sourceX: number | null;
  receiverX: number | null;
  offsetM: number | null;
  phase: Phase;
  time: number | null;
  probability: number | null;
  uncertainty: number | null;
  method: string;
  status: string;
}

/** A row as read, with the 1-based line of the file where it starts. */
export type ReadPickRow = PickRow & { line: number };

export const PICK_COLUMNS = [
  'file',
  'trace',
  'channel',
  'shot',
  'source_x',
  'receiver_x',
  'offset_m',
  'phase',
  'time_s',
  'probability',
  'uncertainty_s',
  'method',
  'status',
] as const;

const REQUIRED = ['file', 'trace', 'phase', 'time_s'] as const;

/** A CSV problem a user reads: names the file and the line. */
export class PicksCsvError extends PickFileError {
  constructor(file: string, line: number, reason: string) {
    super(file, line, reason);
    this.name = 'PicksCsvError';
  }
}

function quote(field: string): string {
  return /[",\r\n]/.test(field) ? `"${field.replaceAll('"', '""')}"` : field;
}

function number(value: number | null, column: string): string {
  if (value === null) return '';
  if (!Number.isFinite(value))
    throw new RangeError(`${column} must be a finite number, got ${value}`);
  return String(value);
}

/** The CSV text of these rows, header first, CRLF line ends. */
export function writePicksCsv(rows: readonly PickRow[]): string {
  const lines = [PICK_COLUMNS.join(',')];
  for (const r of rows) {
    if (!Number.isInteger(r.trace) || r.trace < 0) {
      throw new RangeError(`trace must be a 0-based index, got ${r.trace}`);
    }
    lines.push(
      [
        quote(r.file),
        String(r.trace),
        number(r.channel, 'channel'),
        quote(r.shot),
        number(r.sourceX, 'source_x'),
        number(r.receiverX, 'receiver_x'),
        number(r.offsetM, 'offset_m'),
        r.phase,
        number(r.time, 'time_s'),
        number(r.probability, 'probability'),
        number(r.uncertainty, 'uncertainty_s'),
        quote(r.method),
        quote(r.status),
      ].join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}

/** Splits RFC 4180 text into records of fields, each with the line it starts on. */
function records(text: string, file: string): { line: number; fields: string[] }[] {
  const out: { line: number; fields: string[] }[] = [];
  let line = 1;
  let start = 1;
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0; // a BOM, as spreadsheets write
  const endRecord = () => {
    fields.push(field);
    // A blank line is not a record.
    if (fields.length > 1 || fields[0] !== '') out.push({ line: start, fields });
    fields = [];
    field = '';
  };
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
        const next = text[i + 1];
        if (next !== undefined && next !== ',' && next !== '\r' && next !== '\n') {
          throw new PicksCsvError(file, line, 'text after a closing quote');
        }
      } else {
        if (c === '\n') line++;
        field += c;
      }
    } else if (c === '"') {
      if (field !== '') throw new PicksCsvError(file, line, 'a quote inside an unquoted field');
      quoted = true;
    } else if (c === ',') {
      fields.push(field);
      field = '';
    } else if (c === '\r' || c === '\n') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endRecord();
      line++;
      start = line;
    } else {
      field += c;
    }
  }
  if (quoted) throw new PicksCsvError(file, start, 'a quoted field is never closed');
  if (field !== '' || fields.length > 0) endRecord();
  return out;
}

/** Parses picks CSV text; `file` names it in errors. */
export function readPicksCsv(text: string, file: string): ReadPickRow[] {
  const [header, ...body] = records(text, file);
  if (!header) throw new PicksCsvError(file, 1, 'empty file: a header line is required');
  const names = header.fields.map((f) => f.trim());
  const column = new Map<string, number>();
  names.forEach((name, i) => {
    if (column.has(name))
      throw new PicksCsvError(file, header.line, `column ${name} appears twice`);
    column.set(name, i);
  });
  const missing = REQUIRED.filter((c) => !column.has(c));
  if (missing.length > 0) {
    throw new PicksCsvError(
      file,
      header.line,
      `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')} (a picks CSV needs ${REQUIRED.join(', ')})`,
    );
  }

  return body.map(({ line, fields }) => {
    if (fields.length !== names.length) {
      throw new PicksCsvError(
        file,
        line,
        `${fields.length} fields, the header has ${names.length}`,
      );
    }
    const cell = (name: string) => {
      const i = column.get(name);
      return i === undefined ? '' : fields[i]!;
    };
    const optionalNumber = (name: string): number | null => {
      const v = cell(name).trim();
      if (v === '') return null;
      if (!DECIMAL.test(v))
        throw new PicksCsvError(file, line, `${name} is not a number: ${JSON.stringify(v)}`);
      return Number(v);
    };
    const integer = (name: string, min: number): number | null => {
      const v = optionalNumber(name);
      if (v !== null && (!Number.isInteger(v) || v < min)) {
        throw new PicksCsvError(
          file,
          line,
          `${name} must be an integer ≥ ${min}, got ${cell(name)}`,
        );
      }
      return v;
    };
    const fileName = cell('file');
    if (fileName === '') throw new PicksCsvError(file, line, 'file is empty');
    const trace = integer('trace', 0);
    if (trace === null) throw new PicksCsvError(file, line, 'trace is empty');
    const phase = cell('phase').trim();
    if (phase !== 'P' && phase !== 'S') {
      throw new PicksCsvError(file, line, `phase must be P or S, got ${JSON.stringify(phase)}`);
    }
    return {
      line,
      file: fileName,
      trace,
      channel: integer('channel', Number.MIN_SAFE_INTEGER),
      shot: cell('shot'),
      sourceX: optionalNumber('source_x'),
      receiverX: optionalNumber('receiver_x'),
      offsetM: optionalNumber('offset_m'),
      phase,
      time: optionalNumber('time_s'),
      probability: optionalNumber('probability'),
      uncertainty: optionalNumber('uncertainty_s'),
      method: cell('method'),
      status: cell('status'),
    };
  });
}
