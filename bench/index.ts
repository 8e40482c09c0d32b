/**
 * `npm run bench`: every benchmark, printed as one table. `npm run bench -- catalogue` runs
 * only the suites named. Targets come from the issues; they are printed, never asserted,
 * because this machine is shared and timings are noisy.
 */
import { catalogueCases } from './catalogue.bench';
import { formatCases } from './formats.bench';
import { formatTable, runCase, type BenchCase, type BenchResult } from './harness';
import { inferenceCases } from './inference.bench';
import { lineCases } from './line.bench';
import { tomographyCases } from './tomography.bench';
import { trainingCases } from './training.bench';
import { uiCases } from './ui.bench';

const suites: Record<string, () => BenchCase[] | Promise<BenchCase[]>> = {
  formats: formatCases,
  catalogue: catalogueCases,
  inference: inferenceCases,
  line: lineCases,
  training: trainingCases,
  tomography: tomographyCases,
  ui: uiCases,
};

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !(w in suites));
  if (unknown.length) {
    throw new Error(
      `unknown suite ${unknown.join(', ')}; suites: ${Object.keys(suites).join(', ')}`,
    );
  }
  const results: BenchResult[] = [];
  for (const [name, cases] of Object.entries(suites)) {
    if (wanted.length && !wanted.includes(name)) continue;
    for (const c of await cases()) {
      process.stderr.write(`${c.suite}: ${c.name} ...\n`);
      results.push(await runCase(c));
    }
  }
  process.stdout.write(`${formatTable(results)}\n`);
}

// Exit explicitly: suites leave servers and browsers behind that their exit handlers stop.
main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
