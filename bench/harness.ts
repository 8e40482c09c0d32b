/**
 * A small benchmark harness: each case runs a few warm-up rounds, then timed rounds, and
 * reports the median with min and max, because a shared 2-core machine is noisy and one
 * number would lie. Results print as one table.
 */
export interface BenchCase {
  suite: string;
  name: string;
  /** What one round processes, for the throughput column (e.g. 96 traces). */
  items: number;
  unit: string;
  /** An optional target, printed beside the result, e.g. '≤ 10 ms'. */
  target?: string;
  /** The same throughput in a second unit: what one item is worth in it (e.g. GFLOP/window). */
  alsoPerItem?: { amount: number; unit: string };
  warmup?: number;
  rounds?: number;
  /**
   * The work returns its own time in ms (measured where it happens, e.g. inside the browser)
   * instead of being timed from outside.
   */
  measured?: boolean;
  /** A remark computed after the rounds, e.g. the peak memory they reached. */
  note?(): string;
  /** Prepares a round (not timed) and returns the timed work. */
  round(): (() => unknown) | Promise<() => unknown>;
}

export interface BenchResult {
  suite: string;
  name: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  throughput: number;
  unit: string;
  /** The throughput in the case's second unit, if it has one. */
  also: { throughput: number; unit: string } | null;
  target: string;
  note: string;
  rounds: number;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

export async function runCase(c: BenchCase): Promise<BenchResult> {
  const times: number[] = [];
  const warmup = c.warmup ?? 1;
  const rounds = c.rounds ?? 5;
  for (let i = 0; i < warmup + rounds; i++) {
    const work = await c.round();
    const start = performance.now();
    const result = await work();
    const ms = c.measured ? Number(result) : performance.now() - start;
    if (!Number.isFinite(ms))
      throw new Error(`${c.name}: the work returned no time (${String(result)})`);
    if (i >= warmup) times.push(ms);
  }
  const med = median(times);
  return {
    suite: c.suite,
    name: c.name,
    medianMs: med,
    minMs: Math.min(...times),
    maxMs: Math.max(...times),
    throughput: c.items / (med / 1000),
    unit: c.unit,
    also: c.alsoPerItem
      ? { throughput: (c.items * c.alsoPerItem.amount) / (med / 1000), unit: c.alsoPerItem.unit }
      : null,
    target: c.target ?? '',
    note: c.note?.() ?? '',
    rounds,
  };
}

const num = (v: number) =>
  v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v >= 1 ? v.toFixed(2) : v.toPrecision(3);

export function formatTable(results: BenchResult[]): string {
  const rows = [
    ['suite', 'case', 'median ms', 'min ms', 'max ms', 'throughput', 'target', 'note'],
    ...results.map((r) => [
      r.suite,
      r.name,
      num(r.medianMs),
      num(r.minMs),
      num(r.maxMs),
      `${num(r.throughput)} ${r.unit}${r.also ? ` = ${num(r.also.throughput)} ${r.also.unit}` : ''}`,
      r.target,
      r.note,
    ]),
  ];
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  const line = (r: string[]) =>
    r
      .map((cell, c) => (c >= 2 && c <= 4 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!)))
      .join('  ');
  return [
    line(rows[0]!),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
  ].join('\n');
}
