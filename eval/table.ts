import type { ResidualStats } from '../src-main/metrics/residual-stats';

/**
 * A Markdown table, for the terminal and for pasting into docs/: columns of numbers (also
 * with a unit, '81.7 %', '-0.1 ms') are right-aligned, fractions keep `digits` decimals.
 */
export type Cell = string | number | null;

export const percent = (x: number) => `${(100 * x).toFixed(1)} %`;
export const millis = (x: number | null) => (x === null ? '–' : (1000 * x).toFixed(2));

/**
 * The columns of docs/field-accuracy.md's tables for picks against reference picks: shares
 * within 1/2/5 ms, bias and spread in ms, gross errors, picks before the shot.
 */
export function residualCells(s: ResidualStats & { beforeShot: number }): Record<string, Cell> {
  return {
    'within 1 ms': percent(s.within1),
    'within 2 ms': percent(s.within2),
    'within 5 ms': percent(s.within5),
    'median (ms)': millis(s.median),
    'p10 / p90 (ms)': `${millis(s.p10)} / ${millis(s.p90)}`,
    'gross > 10 ms': percent(s.gross),
    'before 0 s': s.beforeShot,
  };
}

export function formatTable(rows: Record<string, Cell>[], digits = 3): string {
  if (rows.length === 0) return '(no rows)';
  const columns = Object.keys(rows[0]!);
  const text = (v: Cell) =>
    v === null
      ? '–'
      : typeof v === 'number'
        ? Number.isInteger(v)
          ? String(v)
          : v.toFixed(digits)
        : v;
  const cells = rows.map((r) => columns.map((c) => text(r[c] ?? null)));
  const numeric = columns.map((_, i) => cells.every((r) => /^([-+−]?\d|–$)/.test(r[i]!)));
  const widths = columns.map((c, i) => Math.max(c.length, 3, ...cells.map((r) => r[i]!.length)));
  const line = (r: string[]) =>
    `| ${r.map((cell, i) => (numeric[i] ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join(' | ')} |`;
  const rule = `| ${widths.map((w, i) => (numeric[i] ? `${'-'.repeat(w - 1)}:` : '-'.repeat(w))).join(' | ')} |`;
  return [line(columns), rule, ...cells.map(line)].join('\n');
}
