import type { FormatName, SeismicFile } from './record';

/** How to read the DELAY keyword of SEG-2 files (vendors disagree on its sign). */
export type Seg2DelayConvention = 'geometrics' | 'dmt';

export interface ReadOptions {
  /**
   * SEG-2 DELAY convention. 'geometrics' (default): DELAY is the recording start relative to
   * the trigger, so -0.010 means 10 ms of pre-trigger and the first sample is at -0.010 s.
   * 'dmt': DELAY is the pre-trigger length, so +0.2 means the first sample is at -0.2 s.
   */
  seg2Delay?: Seg2DelayConvention;
  /**
   * Seconds between samples, for files that do not record it (NumPy .npy/.npz). It wins over
   * the conventions those readers otherwise apply (PhaseNet's 100 Hz for .npz, 1 s with a note
   * for a bare .npy); formats whose headers give the interval ignore it.
   */
  sampleInterval?: number;
}

export interface ReadContext {
  /** The file's path as given, for error messages and FilePick/record ids. */
  file: string;
  options: ReadOptions;
  /**
   * Reads a file next to this one (SPECFEM2D's STATIONS, other components of a run), or
   * null when it does not exist. Readers never touch the file system themselves.
   */
  readSibling(name: string): Uint8Array | null;
  /** Names of the files in the same folder, for formats that group several files. */
  siblings(): string[];
}

/**
 * One module per format, in the style of ObsPy's plugins: a cheap `sniff` on the first bytes
 * and a `read` of the whole file. Registered in `registry.ts`.
 */
export interface FormatPlugin {
  name: FormatName;
  description: string;
  /** True when `head` (the first SNIFF_BYTES of the file, or all of it) looks like this format. */
  sniff(head: Uint8Array): boolean;
  read(bytes: Uint8Array, ctx: ReadContext): SeismicFile;
}

/** How much of a file `sniff` sees. */
export const SNIFF_BYTES = 4096;
