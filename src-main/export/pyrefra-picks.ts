import type { Position } from '../formats/record';
import type { Phase } from '../metrics/scores';
import {
  decimalFromText,
  decimalOf,
  decimalText,
  decimalValue,
  difference,
  half,
  sum,
} from './decimal';
import { PickFileError } from './pick-file-error';
import { checkPickTable, type Pick, type PickTable, type WriteReport } from './pick-table';
import { decimalField, fields, integerField, textLines } from './text-fields';
import { uniquePositions } from './unique-positions';

/**
 * PyRefra's picks (`picks.dat`) and the geometry files its numbers refer to (`shots.geo`,
 * `receivers.geo`), as PyRefra writes and reads them:
 *
 *   picks.dat       1 2 0.00612 0.00562 0.00662
 *                   shot-point number, receiver-point number, t, tmin, tmax (seconds)
 *   shots.geo       1 0.00 0 0.
 *   receivers.geo   point number, X, Y, Z (metres; Z positive down, as PyRefra's manual
 *                   says), receivers.geo optionally a component letter after Z
 *
 * Numbers count from 1. A picks.dat line does not say the phase; its uncertainty is read as
 * the half-width (tmax − tmin) / 2, and written as t ∓ uncertainty.
 */

export interface PyRefraPick {
  line: number;
  shot: number;
  receiver: number;
  time: number;
  tmin: number;
  tmax: number;
  /** (tmax − tmin) / 2, computed on the file's decimals so it is exact. */
  uncertainty: number;
}

export interface PyRefraPoint {
  line: number;
  number: number;
  /** Pickline's convention: z is elevation, the file's −Z. */
  position: Position;
}

function dataLines(text: string) {
  return textLines(text)
    .map((l) => ({ line: l.line, values: fields(l.text) }))
    .filter((l) => l.values.length > 0);
}

/** Parses `picks.dat`; `file` names it in errors. */
export function readPyRefraPicks(text: string, file: string): PyRefraPick[] {
  return dataLines(text).map(({ line, values }) => {
    if (values.length !== 5) {
      throw new PickFileError(
        file,
        line,
        `${values.length} values, a picks.dat line has 5: shot, receiver, t, tmin, tmax`,
      );
    }
    const [shot, receiver, time, tmin, tmax] = values as [string, string, string, string, string];
    const row = {
      line,
      shot: integerField(shot, 'the shot-point number', 1, file, line),
      receiver: integerField(receiver, 'the receiver-point number', 1, file, line),
      time: decimalField(time, 't', file, line),
      tmin: decimalField(tmin, 'tmin', file, line),
      tmax: decimalField(tmax, 'tmax', file, line),
    };
    if (!(row.tmin <= row.time && row.time <= row.tmax)) {
      throw new PickFileError(file, line, `t = ${time} is not within tmin ${tmin} … tmax ${tmax}`);
    }
    const width = difference(decimalFromText(tmax), decimalFromText(tmin));
    return { ...row, uncertainty: decimalValue(half(width)) };
  });
}

/** Parses `shots.geo` or `receivers.geo`; `file` names it in errors. */
export function readPyRefraGeometry(text: string, file: string): PyRefraPoint[] {
  const seen = new Map<number, number>();
  return dataLines(text).map(({ line, values }) => {
    if (values.length !== 4 && values.length !== 5) {
      throw new PickFileError(
        file,
        line,
        `${values.length} values, a geometry line has 4 (number, X, Y, Z) or 5 (and component)`,
      );
    }
    const number = integerField(values[0]!, 'the point number', 1, file, line);
    const earlier = seen.get(number);
    if (earlier !== undefined) {
      throw new PickFileError(file, line, `point ${number} is already on line ${earlier}`);
    }
    seen.set(number, line);
    const x = decimalField(values[1]!, 'X', file, line);
    const y = decimalField(values[2]!, 'Y', file, line);
    const depth = decimalField(values[3]!, 'Z', file, line);
    return { line, number, position: { x, y, z: 0 - depth } };
  });
}

export interface PyRefraFiles {
  /** Name of the picks file, for errors about its lines. */
  picksFile: string;
  picks: readonly PyRefraPick[];
  shots: readonly PyRefraPoint[];
  receivers: readonly PyRefraPoint[];
}

/**
 * The picks with their positions looked up in the geometry files; `shot` is the shot-point
 * number as text. A number missing from its geometry file is an error naming the picks line.
 */
export function pyRefraPickTable(files: PyRefraFiles, phase: Phase = 'P'): Pick[] {
  const byNumber = (points: readonly PyRefraPoint[]) =>
    new Map(points.map((p) => [p.number, p.position]));
  const shots = byNumber(files.shots);
  const receivers = byNumber(files.receivers);
  return files.picks.map((row) => {
    const source = shots.get(row.shot);
    const receiver = receivers.get(row.receiver);
    if (!source) {
      throw new PickFileError(
        files.picksFile,
        row.line,
        `shot point ${row.shot} is not in the shot geometry`,
      );
    }
    if (!receiver) {
      throw new PickFileError(
        files.picksFile,
        row.line,
        `receiver point ${row.receiver} is not in the receiver geometry`,
      );
    }
    return {
      source,
      receiver,
      phase,
      time: row.time,
      uncertainty: row.uncertainty,
      shot: String(row.shot),
      trace: null,
    };
  });
}

export interface PyRefraWriteOptions {
  phase: Phase;
  /** Seconds: the uncertainty of picks without one (picks.dat has no way to leave it out). */
  defaultError?: number;
  /** Metres: positions closer than this share a point number (default 1 mm). */
  tolerance?: number;
}

export interface PyRefraText extends WriteReport {
  picks: string;
  shots: string;
  receivers: string;
}

function geometryText(points: Position[]): string {
  return points.map((p, i) => `${i + 1} ${p.x} ${p.y} ${0 - p.z}\n`).join('');
}

/**
 * picks.dat, shots.geo and receivers.geo for the table's picks of one phase. Shot and receiver
 * points are numbered separately, each by position (sorted by x, then y, then z).
 */
export function writePyRefra(table: PickTable, options: PyRefraWriteOptions): PyRefraText {
  checkPickTable(table);
  const { phase, defaultError } = options;
  if (defaultError !== undefined && !(Number.isFinite(defaultError) && defaultError >= 0)) {
    throw new RangeError(`the default error must be ≥ 0 s, got ${defaultError}`);
  }
  const picks = table.filter((p) => p.phase === phase);
  const missing = picks.filter((p) => p.uncertainty === null).length;
  if (missing > 0 && defaultError === undefined) {
    throw new RangeError(
      `${missing} of ${picks.length} ${phase} picks have no uncertainty: give a default error`,
    );
  }
  const tolerance = options.tolerance ?? 1e-3;
  const shots = uniquePositions(
    picks.map((p) => p.source),
    tolerance,
  );
  const receivers = uniquePositions(
    picks.map((p) => p.receiver),
    tolerance,
  );
  const rows = picks.map((p, i) => {
    const t = decimalOf(p.time);
    const error = decimalOf(p.uncertainty ?? defaultError!);
    const shot = shots.indexOf[i]! + 1;
    const receiver = receivers.indexOf[i]! + 1;
    return {
      shot,
      receiver,
      text: `${shot} ${receiver} ${p.time} ${decimalText(difference(t, error))} ${decimalText(sum(t, error))}\n`,
    };
  });
  // PyRefra writes shot by shot, receivers in order; a stable sort keeps repeated picks in order.
  rows.sort((a, b) => a.shot - b.shot || a.receiver - b.receiver);
  return {
    picks: rows.map((r) => r.text).join(''),
    shots: geometryText(shots.unique),
    receivers: geometryText(receivers.unique),
    written: picks.length,
    skipped: [],
  };
}
