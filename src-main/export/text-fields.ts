import { PickFileError } from './pick-file-error';

/**
 * Line and number parsing shared by the pick-file readers, so every format accepts the same
 * numbers and reports a bad one the same way.
 */

/**
 * A decimal number as text. Narrower than `Number()`: no hex, no "Infinity" or "NaN", no empty
 * string (which `Number` reads as 0), so a damaged field is an error instead of a silent value.
 */
export const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export interface TextLine {
  /** 1-based, as an editor shows it. */
  line: number;
  text: string;
}

/** The lines of a text (LF, CRLF or a lone CR), without a leading byte-order mark. */
export function textLines(text: string): TextLine[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  return body.split(/\r\n|\r|\n/).map((t, i) => ({ line: i + 1, text: t }));
}

/** Where "the file ends" is: the last line with any text on it (1 for an empty file). */
export function lastTextLine(lines: readonly TextLine[]): number {
  for (let i = lines.length - 1; i >= 0; i--)
    if (lines[i]!.text.trim() !== '') return lines[i]!.line;
  return 1;
}

/** The whitespace-separated fields of a line; real files mix spaces and tabs. */
export function fields(text: string): string[] {
  return text.split(/[ \t]+/).filter((f) => f !== '');
}

export function decimalField(token: string, what: string, file: string, line: number): number {
  if (!DECIMAL.test(token)) {
    throw new PickFileError(file, line, `${what} is not a number: ${JSON.stringify(token)}`);
  }
  return Number(token);
}

export function integerField(
  token: string,
  what: string,
  min: number,
  file: string,
  line: number,
): number {
  const value = decimalField(token, what, file, line);
  if (!Number.isSafeInteger(value) || value < min) {
    throw new PickFileError(file, line, `${what} must be an integer ≥ ${min}, got ${token}`);
  }
  return value;
}
