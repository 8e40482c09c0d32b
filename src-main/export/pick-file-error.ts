/**
 * A problem in a pick file a user reads: names the file, the 1-based line and what is wrong,
 * e.g. "picks.sgt, line 37: sensor index 30 is outside 1..29". Every pick-format reader throws
 * this (or a subclass), so a service can turn any of them into the same user-facing error.
 */
export class PickFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}, line ${line}: ${reason}`);
    this.name = 'PickFileError';
  }
}
