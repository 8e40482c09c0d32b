import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { registerModel } from '../src-main/catalogue/models';
import { Project } from '../src-main/catalogue/project';
import { importFiles } from '../src-main/services/import-service';
import { pickProject } from '../src-main/services/picking-service';
import type { BenchCase } from './harness';

const ROOT = path.resolve(__dirname, '..');
const SHOTS = 96;
const CHANNELS = 96;

/**
 * End-to-end picking of a whole simulated line (issue 10): 96 shots x 96 traces x 4000
 * samples (0.25 ms, 1 s), read from the catalogue, predicted by the bundled model on the
 * default engine, peaks picked and proposals written, shot by shot. The note gives the peak
 * RSS of the bench process, which streaming by shot keeps bounded (run the suite alone for a
 * number that is the line's own: `npm run bench -- line`).
 */
export function lineCases(): BenchCase[] {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pickline-bench-line-'));
  process.on('exit', () => fs.rmSync(root, { recursive: true, force: true }));
  const synth = path.join(root, 'synth');
  const made = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'bin', 'pickline.js'),
      'synth',
      '--out',
      synth,
      '--seed',
      '5',
      '--shots',
      String(SHOTS),
      '--channels',
      String(CHANNELS),
      '--dt',
      '0.00025',
      '--length',
      '1',
    ],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`pickline synth failed: ${made.stderr}`);
  const files = fs
    .readdirSync(synth)
    .filter((f) => f.endsWith('.sg2'))
    .map((f) => path.join(synth, f));

  let n = 0;
  const project = () => {
    const p = Project.create(path.join(root, `line-${n++}`));
    importFiles(p, files);
    registerModel(p, path.join(ROOT, 'resources', 'models', 'near-surface'));
    return p;
  };
  // The default picks first breaks gather by gather; trace by trace is the reference it costs
  // against (issue 18: end-to-end speed must not fall).
  return (['gather', 'trace'] as const).map((strategy) => ({
    suite: 'line',
    name: `pick a ${SHOTS} x ${CHANNELS} x 4000 line from the catalogue (bundled model, ${strategy} by ${strategy})`,
    items: SHOTS * CHANNELS,
    unit: 'traces/s',
    target: '≤ 30000 ms, RSS ≤ 1500 MB',
    // resourceUsage().maxRSS is in kilobytes.
    note: () => `peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
    warmup: 0,
    rounds: 3,
    round: () => {
      const p = project();
      return async () => {
        await pickProject(p, { method: 'phasenet', strategy });
        p.close();
      };
    },
  }));
}
