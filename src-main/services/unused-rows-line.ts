/**
 * What an import or its preview says of the geometry rows that matched no shot or channel
 * (`file:line` each): counted, then per file its line numbers as ranges, the first eight. A
 * crew importing part of a line with the whole line's geometry leaves most rows unused, and a
 * list of every one of them hides the rows that matter.
 */
export function unusedRowsLine(rows: readonly string[]): string | null {
  if (rows.length === 0) return null;
  const byFile = new Map<string, number[]>();
  for (const row of rows) {
    const at = row.lastIndexOf(':');
    const file = base(row.slice(0, at));
    byFile.set(file, [...(byFile.get(file) ?? []), Number(row.slice(at + 1))]);
  }
  const parts = [...byFile].map(([file, lines]) => {
    const ranges = lineRanges(lines);
    const shown = ranges.slice(0, MAX_RANGES).join(', ');
    const more = ranges.length > MAX_RANGES ? ` and ${ranges.length - MAX_RANGES} more` : '';
    return `${file} line${lines.length === 1 ? '' : 's'} ${shown}${more}`;
  });
  const count = `${rows.length} geometry row${rows.length === 1 ? '' : 's'}`;
  return `${count} matched no shot or channel: ${parts.join('; ')}`;
}

const MAX_RANGES = 8;

const base = (file: string) => file.split(/[\\/]/).pop() ?? file;

/** Line numbers in order, runs of consecutive ones as "a-b". */
function lineRanges(lines: readonly number[]): string[] {
  const sorted = [...new Set(lines)].sort((a, b) => a - b);
  const ranges: string[] = [];
  for (let i = 0; i < sorted.length;) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    ranges.push(j > i ? `${sorted[i]}-${sorted[j]}` : `${sorted[i]}`);
    i = j + 1;
  }
  return ranges;
}
