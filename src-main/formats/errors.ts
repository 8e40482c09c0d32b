/**
 * The typed error of every reader: names the file, the byte offset (when it applies) and what
 * is wrong, e.g. "shot01.dat: at byte 32: trace pointer 99999 is outside the file (4096 bytes)".
 */
export class FormatError extends Error {
  constructor(
    readonly file: string,
    readonly offset: number | null,
    readonly reason: string,
  ) {
    super(`${file}: ${offset === null ? '' : `at byte ${offset}: `}${reason}`);
    this.name = 'FormatError';
  }
}
