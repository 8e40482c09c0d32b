/**
 * A Markdown table, for the terminal and for pasting into docs/: columns of numbers (also
 * with a unit, '81.7 %', '-0.1 ms') are right-aligned, fractions keep `digits` decimals.
 */
export type Cell = string | number | null;

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
