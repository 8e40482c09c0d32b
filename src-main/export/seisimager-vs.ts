import type { Phase } from '../metrics/scores';
import { decimalFromText, decimalOf, decimalText, decimalValue, shift } from './decimal';
import { PickFileError } from './pick-file-error';
import {
  checkPickTable,
  groupByShot,
  type Pick,
  type PickTable,
  type WriteReport,
} from './pick-table';
import {
  DECIMAL,
  decimalField,
  fields,
  integerField,
  lastTextLine,
  textLines,
} from './text-fields';

/**
 * SeisImager/Plotrefa first-break file (`.vs`), as Pickwin writes it and Refrapy writes and
 * reads it:
 *
 *   1996 0 3.0            format header
 *   0 5 4                 0, number of shot blocks, receiver spacing (m)
 *   -20 24 0              shot block: source x (m), number of picks, 0
 *   0 54.426 1            one pick: receiver x (m), time (ms), 1
 *   ...
 *   0 0                   trailer: three lines of zeros
 *   0
 *   0 0
 *
 * The file holds positions along a 2-D line and times only: no elevation (SeisImager keeps
 * topography in its own file), no uncertainty, no phase, no shot names. The third value of a
 * shot line and of a pick line is written as every known writer does (0 and 1) and not read.
 */

export interface VsWriteOptions {
  phase: Phase;
  /** Metres, for the header; default the most common gap between neighbouring receivers. */
  spacing?: number;
}

export interface VsFile extends WriteReport {
  text: string;
  /** Shot blocks written. */
  shots: number;
  spacing: number;
}

function milliseconds(seconds: number): string {
  return decimalText(shift(decimalOf(seconds), 3));
}

/** The most common gap between neighbouring distinct receiver positions, 0 when there is none. */
function receiverSpacing(xs: number[]): number {
  const sorted = [...new Set(xs)].sort((a, b) => a - b);
  const counts = new Map<number, number>();
  for (let i = 1; i < sorted.length; i++) {
    // Rounded to the micrometre so 0.1 + 0.2-style residues count as one gap.
    const gap = Math.round((sorted[i]! - sorted[i - 1]!) * 1e6) / 1e6;
    counts.set(gap, (counts.get(gap) ?? 0) + 1);
  }
  let best = 0;
  let bestCount = 0;
  for (const [gap, n] of counts) {
    if (n > bestCount || (n === bestCount && gap < best)) [best, bestCount] = [gap, n];
  }
  return best;
}

/** The file's text for the table's picks of one phase: one block per shot. */
export function writeVs(table: PickTable, options: VsWriteOptions): VsFile {
  checkPickTable(table);
  const picks = table
    .map((pick, index) => ({ pick, index }))
    .filter(({ pick }) => pick.phase === options.phase);
  for (const { pick, index } of picks) {
    if (pick.source.y !== 0 || pick.receiver.y !== 0) {
      throw new RangeError(
        `pick ${index}: a .vs file holds a 2-D line, but this pick lies off it (y ≠ 0)`,
      );
    }
  }
  const spacing = options.spacing ?? receiverSpacing(picks.map(({ pick }) => pick.receiver.x));
  if (!(Number.isFinite(spacing) && spacing >= 0)) {
    throw new RangeError(`the receiver spacing must be ≥ 0 m, got ${spacing}`);
  }
  const blocks = groupByShot(picks.map(({ pick }) => pick));
  const lines = ['1996 0 3.0', `0 ${blocks.length} ${spacing}`];
  for (const block of blocks) {
    const members = block.picks.map((k) => picks[k]!.pick);
    // Pickwin lists a gather by receiver position; a stable sort keeps repeated picks in order.
    members.sort((a, b) => a.receiver.x - b.receiver.x);
    lines.push(`${members[0]!.source.x + 0} ${members.length} 0`);
    for (const p of members) lines.push(`${p.receiver.x + 0} ${milliseconds(p.time)} 1`);
  }
  lines.push('0 0', '0', '0 0');
  return {
    text: lines.join('\n') + '\n',
    shots: blocks.length,
    spacing,
    written: picks.length,
    skipped: [],
  };
}

export interface VsReadOptions {
  /** The phase the picks are given (default P): the format does not say. */
  phase?: Phase;
}

export interface VsRow {
  line: number;
  /** 1-based shot block the pick is in. */
  shot: number;
}

export interface VsContents {
  /** Positions are {x, 0, 0}: the file has no elevation. `shot`, `trace` and uncertainty are null. */
  picks: Pick[];
  rows: VsRow[];
  /** The header's receiver spacing, metres. */
  spacing: number;
}

/** Parses `.vs` text; `file` names it in errors. */
export function readVs(text: string, file: string, options: VsReadOptions = {}): VsContents {
  const lines = textLines(text)
    .map((l) => ({ line: l.line, values: fields(l.text) }))
    .filter((l) => l.values.length > 0);
  const lastLine = lastTextLine(textLines(text));
  const problem = (line: number, reason: string) => new PickFileError(file, line, reason);
  let next = 0;
  const nextLine = (what: string) => {
    const l = lines[next++];
    if (!l) throw problem(lastLine, `the file ends where ${what} should be`);
    return l;
  };

  const header = nextLine('the header 1996 0 3.0');
  if (header.values[0] !== '1996') {
    throw problem(header.line, 'not a SeisImager .vs file: the first line should be 1996 0 3.0');
  }
  const counts = nextLine('the shot count line');
  if (counts.values.length < 3) {
    throw problem(counts.line, 'expected 0, the number of shots and the receiver spacing');
  }
  const shots = integerField(counts.values[1]!, 'the number of shots', 0, file, counts.line);
  const spacing = decimalField(counts.values[2]!, 'the receiver spacing', file, counts.line);

  const phase = options.phase ?? 'P';
  const picks: Pick[] = [];
  const rows: VsRow[] = [];
  for (let shot = 1; shot <= shots; shot++) {
    const head = nextLine(`shot ${shot} of ${shots}`);
    if (head.values.length < 2) {
      throw problem(head.line, 'expected a shot line: source x, number of picks, 0');
    }
    const sourceX = decimalField(head.values[0]!, 'the source x', file, head.line);
    const n = integerField(head.values[1]!, 'the number of picks', 0, file, head.line);
    for (let i = 0; i < n; i++) {
      const { line, values } = nextLine(`pick ${i + 1} of the ${n} of shot ${shot}`);
      if (values.length < 2 || values.length > 3) {
        throw problem(
          line,
          `expected receiver x, time in ms and 1, found ${values.length} values (is the shot's pick count ${n} right?)`,
        );
      }
      const receiverX = decimalField(values[0]!, 'the receiver x', file, line);
      decimalField(values[1]!, 'the time', file, line);
      picks.push({
        source: { x: sourceX, y: 0, z: 0 },
        receiver: { x: receiverX, y: 0, z: 0 },
        phase,
        time: decimalValue(shift(decimalFromText(values[1]!), -3)),
        uncertainty: null,
        shot: null,
        trace: null,
      });
      rows.push({ line, shot });
    }
  }
  for (const l of lines.slice(next)) {
    if (l.values.some((v) => !(DECIMAL.test(v) && Number(v) === 0))) {
      throw problem(l.line, `text after the ${shots} shots the header announces`);
    }
  }
  return { picks, rows, spacing };
}
