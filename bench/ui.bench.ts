import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { chromium, type Browser, type Page } from '@playwright/test';
import { registerModel } from '../src-main/catalogue/models';
import { PickStore } from '../src-main/catalogue/pick-store';
import { Project } from '../src-main/catalogue/project';
import { readPicksCsv } from '../src-main/export/picks-csv';
import { importFiles } from '../src-main/services/import-service';
import type { BenchCase } from './harness';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'bin', 'pickline.js');
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/**
 * A project holding one simulated 96-trace x 4000-sample shot with its true P picks as
 * proposals, and the bundled model as default (for the probability overlay).
 */
function benchProject(root: string): { dir: string; traceId: number } {
  const synth = path.join(root, 'synth');
  const made = spawnSync(
    process.execPath,
    [
      CLI,
      'synth',
      '--out',
      synth,
      '--seed',
      '11',
      '--shots',
      '1',
      '--channels',
      '96',
      '--dt',
      '0.00025',
      '--length',
      '1',
    ],
    { encoding: 'utf8' },
  );
  if (made.status !== 0) throw new Error(`pickline synth failed: ${made.stderr}`);
  const dir = path.join(root, 'project');
  const project = Project.create(dir);
  try {
    const shots = fs.readdirSync(synth).filter((f) => f.endsWith('.sg2'));
    importFiles(
      project,
      shots.map((f) => path.join(synth, f)),
    );
    registerModel(project, path.join(ROOT, 'resources', 'models', 'near-surface'));
    const traces = (
      project.db.prepare('SELECT id FROM traces ORDER BY trace_index').all() as {
        id: number;
      }[]
    ).map((r) => r.id);
    const truth = readPicksCsv(fs.readFileSync(path.join(synth, 'truth.csv'), 'utf8'), 'truth.csv');
    new PickStore(project.db).writeRun({
      traceIds: traces,
      phases: ['P'],
      picks: truth
        .filter((r) => r.phase === 'P' && r.time !== null)
        .map((r) => ({
          traceId: traces[r.trace]!,
          phase: 'P' as const,
          time: r.time!,
          probability: 0.9,
        })),
      origin: 'auto',
      method: 'bench',
      modelId: null,
    });
    return { dir, traceId: traces[10]! };
  } finally {
    project.close();
  }
}

async function serve(dir: string): Promise<{ server: ChildProcess; url: string }> {
  const server = spawn(
    process.execPath,
    [CLI, 'serve', '--json', '--port', '0', '--project', dir],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const line = await new Promise<string>((resolve, reject) => {
    server.once('exit', (code) => reject(new Error(`pickline serve exited with ${code}`)));
    readline.createInterface({ input: server.stdout! }).once('line', resolve);
  });
  return { server, url: (JSON.parse(line) as { url: string }).url };
}

/** Opens the shot from the survey and returns the chart's own render time, ms. */
async function openShot(page: Page): Promise<number> {
  await page.getByTestId('tab-survey').click();
  await page.getByTestId('shot-row').first().click();
  const chart = page.getByTestId('gather-chart');
  await chart.and(page.locator('[data-probability-traces="96"]')).waitFor({ timeout: 60_000 });
  return Number(await chart.getAttribute('data-render-ms'));
}

/**
 * Browser benchmarks of the QC view, in headless Chromium against `pickline serve`: the time
 * the chart takes to draw a 96 x 4000 gather in variable area with picks and probabilities,
 * and the round trip of a pick edit from the page to the catalogue and back.
 */
export async function uiCases(): Promise<BenchCase[]> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pickline-bench-ui-'));
  const { dir, traceId } = benchProject(root);
  const { server, url } = await serve(dir);
  const browser: Browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: CHROMIUM_ARGS,
  });
  process.on('exit', () => {
    server.kill();
    fs.rmSync(root, { recursive: true, force: true });
  });
  const page = await browser.newPage({ viewport: { width: 1366, height: 768 } });
  await page.goto(url);
  await page.getByTestId('shot-row').first().click();
  await page.getByTestId('mode-select').selectOption('area');
  await page.getByTestId('probability-toggle').check();
  await openShot(page);

  let edits = 0;
  return [
    {
      suite: 'ui',
      name: 'render 96 x 4000 gather, variable area + picks + probabilities',
      items: 96,
      unit: 'traces/s',
      target: '≤ 300 ms',
      warmup: 1,
      rounds: 7,
      measured: true,
      round: () => () => openShot(page),
    },
    {
      suite: 'ui',
      name: 'pick edit: page -> bridge -> catalogue write -> page',
      items: 1,
      unit: 'edits/s',
      target: '≤ 50 ms',
      warmup: 3,
      rounds: 30,
      measured: true,
      round: () => () =>
        page.evaluate(
          async ({ traceId, time }) => {
            const start = performance.now();
            const response = await fetch('/api/picks.setManual', {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ traceId, phase: 'P', time }),
            });
            if (!response.ok) throw new Error(`picks.setManual: ${response.status}`);
            await response.json();
            return performance.now() - start;
          },
          { traceId, time: 0.05 + 0.00025 * ++edits },
        ),
    },
  ];
}
