import path from 'node:path';
import { FormatError } from './errors';
import { byteSize, DecodeBudget, MAX_FILE_BYTES } from './limits';
import { SNIFF_BYTES, type FormatPlugin, type ReadContext } from './plugin';
import type { Position, SeismicFile, Trace } from './record';

/**
 * SPECFEM2D ASCII seismograms: one file per receiver and component, named
 * `NET.STA.CHA.EXT` (e.g. `AA.S0050.BXZ.semv`; EXT semd/semv/sema/semp/semc for displacement,
 * velocity, acceleration, pressure, curl), two columns per line: time in seconds and amplitude.
 * Any other two-column text reads as one trace.
 *
 * One run writes a file per receiver, so the files beside this one with the same channel and
 * extension become one record, one trace per station in natural station-name order; each
 * component is its own record (read the BXZ file for the Z gather). Receiver positions come
 * from a `STATIONS` file beside them when there is one (SPECFEM2D's DATA/STATIONS: station,
 * network, x, z, and two unused columns; z is the vertical coordinate, positive up).
 */

/** How far a time may sit from the uniform grid, in samples: printing rounds the times. */
const GRID_TOLERANCE = 0.05;
/** Lines the sniff wants to see, so a stray pair of numbers is no seismogram. */
const SNIFF_LINES = 3;
const NUMBER = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;
/** NET.STA.CHA.EXT, as SPECFEM2D names its ASCII seismograms. */
const SPECFEM_NAME = /^([^.]+)\.([^.]+)\.([^.]+)\.(sem[a-z])$/;

/** Text with at least SNIFF_LINES complete lines of exactly two numbers, times increasing. */
function sniff(head: Uint8Array): boolean {
  for (const b of head)
    if (b === 0 || (b < 32 && b !== 9 && b !== 10 && b !== 13) || b > 126) return false;
  const text = new TextDecoder('latin1').decode(head);
  // The last line may be cut by the sniff window, unless the head is the whole file.
  const lines = text.split('\n').slice(0, head.length < SNIFF_BYTES ? undefined : -1);
  let previous = -Infinity;
  let seen = 0;
  for (const line of lines) {
    const fields = line.trim().split(/\s+/);
    if (fields.length === 1 && fields[0] === '') continue;
    if (fields.length !== 2 || !NUMBER.test(fields[0]!) || !NUMBER.test(fields[1]!)) return false;
    const time = Number(fields[0]);
    if (!(time > previous)) return false;
    previous = time;
    seen++;
  }
  return seen >= SNIFF_LINES;
}

interface Seismogram {
  samples: Float32Array;
  sampleInterval: number;
  startTime: number;
}

/**
 * Parses the two columns in one pass: fields are found by scanning character codes, so the
 * only per-sample allocation is the short string Number() parses (which rounds correctly).
 */
export function parseTwoColumns(bytes: Uint8Array, file: string): Seismogram {
  // latin1 maps each byte to one character, so string indices are byte offsets.
  const src = new TextDecoder('latin1').decode(bytes);
  // A line holds at least 4 bytes ("0 0\n"), which bounds the arrays before parsing.
  const capacity = Math.ceil(src.length / 4) + 1;
  const times = new Float64Array(capacity);
  const values = new Float32Array(capacity);
  let n = 0;
  let line = 1;
  for (let pos = 0; pos < src.length; pos++, line++) {
    let end = src.indexOf('\n', pos);
    if (end < 0) end = src.length;
    let fields = 0;
    let t = NaN;
    let v = NaN;
    for (let i = pos; i < end;) {
      if (isBlank(src.charCodeAt(i))) {
        i++;
        continue;
      }
      const start = i;
      while (i < end && !isBlank(src.charCodeAt(i))) i++;
      if (fields === 0) t = Number(src.slice(start, i));
      else if (fields === 1) v = Number(src.slice(start, i));
      fields++;
    }
    if (fields !== 0) {
      const shown = src.slice(pos, Math.min(end, pos + 60)).trim();
      if (fields !== 2) {
        throw new FormatError(
          file,
          null,
          `line ${line}: expected two numbers (time, amplitude), found ${fields} fields: '${shown}'`,
        );
      }
      if (!Number.isFinite(t) || !Number.isFinite(v)) {
        throw new FormatError(file, null, `line ${line}: '${shown}' is not two numbers`);
      }
      times[n] = t;
      values[n] = v;
      n++;
    }
    pos = end;
  }
  if (n < 2)
    throw new FormatError(
      file,
      null,
      `${n === 0 ? 'no samples' : 'one sample'}: the sample interval needs at least two lines`,
    );
  return { samples: values.slice(0, n), ...uniformGrid(times.subarray(0, n), src, file) };
}

function isBlank(c: number): boolean {
  return c === 32 || c === 9 || c === 13;
}

/**
 * The sample interval from the first and last times (least affected by rounding in print),
 * then every time checked against that grid; the error names the line of the first outlier.
 */
function uniformGrid(
  times: Float64Array,
  src: string,
  file: string,
): { sampleInterval: number; startTime: number } {
  const n = times.length;
  const t0 = times[0]!;
  const dt = (times[n - 1]! - t0) / (n - 1);
  if (!(dt > 0))
    throw new FormatError(file, null, `times do not increase (first ${t0}, last ${times[n - 1]})`);
  for (let i = 1; i < n; i++) {
    const off = (times[i]! - t0) / dt - i;
    if (Math.abs(off) > GRID_TOLERANCE) {
      throw new FormatError(
        file,
        null,
        `line ${dataLine(src, i)}: time ${times[i]} is off the uniform ${dt} s sampling by ${off.toFixed(2)} samples (missing or irregular samples)`,
      );
    }
  }
  return { sampleInterval: dt, startTime: t0 };
}

/** The line number of the `index`-th data line (blank lines skipped), for error messages only. */
function dataLine(src: string, index: number): number {
  let seen = -1;
  const lines = src.split('\n');
  for (let i = 0; i < lines.length; i++)
    if (lines[i]!.trim() !== '' && ++seen === index) return i + 1;
  return lines.length;
}

/** STATIONS: `station network x z burial-or-0 unused`, one receiver per line. */
export function parseStations(text: string, file: string): Map<string, Position> {
  const stations = new Map<string, Position>();
  text.split(/\r?\n/).forEach((raw, i) => {
    const fields = raw.trim().split(/\s+/);
    if (fields.length === 1 && fields[0] === '') return;
    const x = Number(fields[2]);
    const z = Number(fields[3]);
    if (fields.length < 4 || !Number.isFinite(x) || !Number.isFinite(z)) {
      throw new FormatError(
        file,
        null,
        `line ${i + 1}: expected 'station network x z ...', found '${raw.trim().slice(0, 60)}'`,
      );
    }
    stations.set(`${fields[1]}.${fields[0]}`, { x, y: 0, z });
  });
  return stations;
}

function trace(
  seismogram: Seismogram,
  component: string,
  channel: number,
  headers: Trace['headers'],
): Trace {
  return {
    ...seismogram,
    component,
    channel,
    receiver: null,
    source: null,
    receiverFrom: 'none',
    sourceFrom: 'none',
    headers: { ...headers, NUMBER_OF_SAMPLES: seismogram.samples.length },
  };
}

const byStation = new Intl.Collator('en', { numeric: true });

export const specfem2d: FormatPlugin = {
  name: 'specfem2d-ascii',
  description: 'SPECFEM2D ASCII seismograms (time, amplitude), grouped by run',
  sniff,
  read(bytes: Uint8Array, ctx: ReadContext): SeismicFile {
    const base = path.basename(ctx.file).replace(/\.gz$/i, '');
    const name = SPECFEM_NAME.exec(base);
    if (!name) {
      return {
        format: 'specfem2d-ascii',
        file: ctx.file,
        byteOrder: null,
        records: [
          {
            id: base,
            traces: [trace(parseTwoColumns(bytes, ctx.file), '', 1, {})],
            headers: {},
            startDate: null,
            picks: [],
          },
        ],
        notes: [],
      };
    }
    const [, , , channel, ext] = name;
    const members = ctx
      .siblings()
      .map((s) => ({ file: s, match: SPECFEM_NAME.exec(s) }))
      .filter((s) => s.match && s.match[3] === channel && s.match[4] === ext);
    if (!members.some((m) => m.file === base)) members.push({ file: base, match: name });
    members.sort(
      (a, b) =>
        byStation.compare(a.match![2]!, b.match![2]!) ||
        byStation.compare(a.match![1]!, b.match![1]!),
    );

    const budget = new DecodeBudget(ctx.file, bytes.length);
    budget.claimTraces(members.length, null);
    // The run's seismograms are read together: the whole run counts against the file limit.
    let runBytes = bytes.length;
    const stationsBytes = ctx.readSibling('STATIONS');
    const stationsFile = path.join(path.dirname(ctx.file), 'STATIONS');
    const stations = stationsBytes
      ? parseStations(new TextDecoder('latin1').decode(stationsBytes), stationsFile)
      : null;
    const notes: string[] = [];
    const traces = members.map(({ file, match }, i) => {
      const [, network, station] = match!;
      const own = file === base;
      const data = own ? bytes : ctx.readSibling(file);
      const where = own ? ctx.file : path.join(path.dirname(ctx.file), file);
      if (!data) throw new FormatError(where, null, 'listed beside the file but cannot be read');
      if (!own) {
        runBytes += data.length;
        if (runBytes > MAX_FILE_BYTES) {
          throw new FormatError(
            ctx.file,
            null,
            `the run's ${members.length} seismograms together are more than the ${byteSize(MAX_FILE_BYTES)} Pickline reads at once`,
          );
        }
      }
      const t = trace(parseTwoColumns(data, where), channel!.slice(-1).toUpperCase(), i + 1, {
        NETWORK: network!,
        STATION: station!,
        CHANNEL: channel!,
        FILE: file,
      });
      const position = stations?.get(`${network}.${station}`);
      if (position) {
        t.receiver = position;
        t.receiverFrom = 'header';
      } else if (stations) {
        notes.push(`${network}.${station} is not in STATIONS: no receiver position.`);
      }
      return t;
    });
    if (members.length > 1)
      notes.push(
        `${members.length} receivers of the run (*.${channel}.${ext}) grouped into one record.`,
      );
    return {
      format: 'specfem2d-ascii',
      file: ctx.file,
      byteOrder: null,
      records: [
        {
          id: `${channel}.${ext}`,
          traces,
          headers: { CHANNEL: channel!, QUANTITY: ext! },
          startDate: null,
          picks: [],
        },
      ],
      notes,
    };
  },
};
