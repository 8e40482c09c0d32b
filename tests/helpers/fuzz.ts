/**
 * How many cases a fuzz test runs: a quick but meaningful number in `npm test`, the full
 * count (10,000 and more, as issue 21 asks) with `npm run fuzz`, which sets PICKLINE_FUZZ=full.
 * PICKLINE_FUZZ=<number> runs that many, for a run in between.
 */
export function fuzzRuns(quick: number, full: number): number {
  const setting = process.env.PICKLINE_FUZZ;
  if (setting === 'full') return full;
  const n = Number(setting);
  return setting && Number.isInteger(n) && n > 0 ? n : quick;
}

/** The largest resident set size seen so far, for the fuzz reports. */
export class PeakMemory {
  peak = 0;
  sample(): void {
    this.peak = Math.max(this.peak, process.memoryUsage().rss);
  }
}
