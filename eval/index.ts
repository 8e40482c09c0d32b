/**
 * `npm run eval [-- DATA_DIR] [SUITE...]`: the accuracy evaluations on the real data sets
 * (default DATA_DIR: ../shared/data beside the repository). Each suite prints its table;
 * the run exits 1 when a guarded floor is missed or a suite fails to run, 2 when the data or
 * a suite name is wrong.
 */
import fs from 'node:fs';
import path from 'node:path';
import { missingData, type FloorMiss } from './suite';
import { SUITES } from './suites';

const DEFAULT_DATA_DIR = path.resolve(__dirname, '../../shared/data');

class UsageError extends Error {}

function parse(args: string[]) {
  const names = new Set(SUITES.map((s) => s.name));
  const wanted = args.filter((a) => names.has(a));
  const rest = args.filter((a) => !names.has(a));
  if (rest.length > 1 || rest.some((a) => a.startsWith('-'))) {
    throw new UsageError(
      `usage: npm run eval -- [DATA_DIR] [SUITE...]; suites: ${[...names].join(', ')}`,
    );
  }
  const dataDir = path.resolve(rest[0] ?? DEFAULT_DATA_DIR);
  if (!fs.existsSync(dataDir) || !fs.statSync(dataDir).isDirectory()) {
    throw new UsageError(
      `${dataDir} is not a folder: give the shared data folder (npm run eval -- DATA_DIR); ` +
        `a suite name must be one of ${[...names].join(', ')}`,
    );
  }
  const suites = wanted.length ? SUITES.filter((s) => wanted.includes(s.name)) : SUITES;
  return { dataDir, suites };
}

async function main(): Promise<number> {
  const { dataDir, suites } = parse(process.argv.slice(2));
  const lacking = suites.flatMap((s) =>
    missingData(s, dataDir).map((need) => `${s.name} needs ${path.join(dataDir, need)}`),
  );
  if (lacking.length) throw new UsageError(`data missing:\n  ${lacking.join('\n  ')}`);

  const print = (text: string) => process.stdout.write(`${text}\n`);
  const missed: string[] = [];
  for (const suite of suites) {
    print(`\n## ${suite.name}: ${suite.title}\n`);
    const started = performance.now();
    // A suite that fails to run counts as missed and the others still run.
    let misses: FloorMiss[] | Error;
    try {
      misses = await suite.run({
        dataDir,
        data: (...parts) => path.join(dataDir, ...parts),
        print,
      });
    } catch (err) {
      misses = err instanceof Error ? err : new Error(String(err));
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (misses instanceof Error) {
      missed.push(`${suite.name}: failed to run: ${misses.message}`);
      print(`\n${suite.name}: failed to run (${seconds} s): ${misses.stack ?? misses.message}`);
      continue;
    }
    missed.push(
      ...misses.map((m) => `${suite.name}: ${m.what} = ${m.measured} (needs ${m.floor})`),
    );
    const verdict = misses.length ? `${misses.length} floor(s) missed` : 'floors met';
    print(`\n${suite.name}: ${verdict} (${seconds} s)`);
  }
  if (missed.length === 0) {
    print(`\neval: ${suites.length} suite(s), every floor met (data: ${dataDir})`);
    return 0;
  }
  print('\neval: floors missed:');
  for (const line of missed) print(`  ${line}`);
  return 1;
}

// Exit explicitly: the picking engines keep worker threads alive.
main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`eval: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(err instanceof UsageError ? 2 : 1);
  },
);
