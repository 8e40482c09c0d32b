/**
 * `npm run fuzz`: the bridge and reader fuzz tests at full size, 10,000 cases each (per
 * format for the readers), against the built bundle; `npm test` runs them small. Another size:
 * `PICKLINE_FUZZ=2000 npm run fuzz`; a bridge run again: `PICKLINE_FUZZ_SEED=<seed>` as printed.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const vitest = path.resolve(__dirname, '../node_modules/vitest/vitest.mjs');
const run = spawnSync(
  process.execPath,
  [vitest, 'run', 'tests/unit/bridge/fuzz.test.ts', 'tests/unit/formats/fuzz.test.ts'],
  {
    cwd: path.resolve(__dirname, '..'),
    stdio: 'inherit',
    env: { ...process.env, PICKLINE_FUZZ: process.env.PICKLINE_FUZZ ?? 'full' },
  },
);
process.exit(run.status ?? 1);
