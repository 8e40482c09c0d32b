import { FormatError } from './errors';

/**
 * What Pickline reads at most, so that a small hostile or corrupt file cannot make a reader
 * allocate gigabytes (README.md, "Resource limits", states them for users):
 * - a file of at most MAX_FILE_BYTES, on disk and again after unpacking a .gz;
 * - at most MAX_TRACES_PER_FILE traces per file;
 * - at most MAX_SAMPLES_PER_BYTE decoded samples per byte of data read or unpacked, and never
 *   more than MAX_SAMPLES_PER_FILE: no format stores a sample in less than half a byte
 *   (Steim2 packs up to 7 in 4 bytes, 1.75 per byte), so a file that decodes to more repeats
 *   its data (aliased trace pointers) and is refused.
 * A decoded sample is a 4-byte float, so the samples of a file take at most 8 times its bytes.
 */
export const MAX_FILE_BYTES = 1024 ** 3;
export const MAX_TRACES_PER_FILE = 100_000;
export const MAX_SAMPLES_PER_BYTE = 2;
export const MAX_SAMPLES_PER_FILE = 256 * 1024 ** 2;

/** Text files beside the seismic data (geometry CSVs, pick files) are read whole, too. */
export const MAX_TEXT_FILE_BYTES = 256 * 1024 ** 2;

/** `n` bytes for a person: 1 GiB, 256 MiB, 4096 bytes. */
export function byteSize(n: number): string {
  for (const [unit, size] of [
    ['GiB', 1024 ** 3],
    ['MiB', 1024 ** 2],
  ] as const) {
    if (n >= size && n % size === 0) return `${n / size} ${unit}`;
  }
  return `${n} bytes`;
}

/**
 * What one read has decoded so far, claimed before each allocation: a reader asks for a
 * trace and its samples before it decodes them, and gets a FormatError naming the file and
 * the byte once the file asks for more than the limits above allow.
 */
export class DecodeBudget {
  private inputBytes: number;
  private samples = 0;
  private traces = 0;

  constructor(
    private readonly file: string,
    inputBytes: number,
  ) {
    this.inputBytes = inputBytes;
  }

  /** More input read or unpacked (a sibling file, an inflated archive entry). */
  addInput(bytes: number): void {
    this.inputBytes += bytes;
  }

  /** Claims `count` more traces, at byte `offset` of the file (null when there is none). */
  claimTraces(count: number, offset: number | null): void {
    this.traces += count;
    if (this.traces > MAX_TRACES_PER_FILE) {
      throw new FormatError(
        this.file,
        offset,
        `the file holds more than ${MAX_TRACES_PER_FILE} traces, the most Pickline reads from one file`,
      );
    }
  }

  /** Claims `count` more samples about to be decoded for `what`. */
  claimSamples(count: number, offset: number | null, what: string): void {
    this.samples += count;
    const allowed = Math.min(MAX_SAMPLES_PER_FILE, MAX_SAMPLES_PER_BYTE * this.inputBytes);
    if (this.samples > allowed) {
      throw new FormatError(
        this.file,
        offset,
        `${what} would bring the file to ${this.samples} samples, more than ${allowed} ` +
          (allowed === MAX_SAMPLES_PER_FILE
            ? '(the most Pickline reads from one file)'
            : `(${MAX_SAMPLES_PER_BYTE} per byte of data): the file repeats or misstates its data`),
      );
    }
  }
}
