// Builds field_example_01_topography.sgt: refrapy-ex01's 120 manual picks with an elevation on
// every sensor, as Refrapy writes a line with topography (`#x y`, y = elevation), so that the
// pick import can be tested on SEG-2 files whose headers carry no elevations.
// Usage: node make-topography-sgt.mjs ../../../../../shared/data/refraction/refrapy-ex01/picks/field_example_01.sgt
import fs from 'node:fs';
import path from 'node:path';

const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n');
const sensors = Number.parseInt(lines[0], 10);
/** A gentle slope with a dip near the middle of the line, to the centimetre. */
const elevation = (x) =>
  Math.round((100 + 0.05 * x - 1.5 * Math.exp(-(((x - 50) / 15) ** 2))) * 100) / 100;
const out = lines.map((line, i) => {
  if (i < 2 || i >= 2 + sensors) return line;
  const [x] = line.trim().split(/\s+/);
  return `${x} ${elevation(Number(x)).toFixed(2)}`;
});
fs.writeFileSync(
  path.join(path.dirname(new URL(import.meta.url).pathname), 'field_example_01_topography.sgt'),
  out.join('\n'),
);
