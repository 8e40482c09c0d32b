import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PickStore } from '../src-main/catalogue/pick-store';
import { Project } from '../src-main/catalogue/project';
import { readSamples } from '../src-main/catalogue/samples';
import { importFiles } from '../src-main/services/import-service';
import type { BenchCase } from './harness';

/** The benchmarks read the real files the tests carry (tests/data), so they run in any clone. */
const DATA = path.resolve(__dirname, '../tests/data');

function scratch(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'pickline-bench-'));
}

/** `count` distinct copies of the 96-trace real SEG-Y gather (one textual-header byte differs). */
function gatherCopies(dir: string, count: number): string[] {
  const source = fs.readFileSync(path.join(DATA, 'formats/segy-real-gather/real_gather.sgy'));
  return Array.from({ length: count }, (_, i) => {
    const copy = Buffer.from(source);
    copy.writeUInt16BE(i, 3000);
    const file = path.join(dir, `shot-${i}.sgy`);
    fs.writeFileSync(file, copy);
    return file;
  });
}

export function catalogueCases(): BenchCase[] {
  const root = scratch();
  process.on('exit', () => fs.rmSync(root, { recursive: true, force: true }));
  const files = gatherCopies(fs.mkdtempSync(path.join(root, 'in-')), 96);
  let n = 0;
  const freshProject = () => Project.create(path.join(root, `p${n++}`));

  // One project with a 96-trace shot carrying P and S picks on every trace, for the load case.
  const loaded = freshProject();
  importFiles(loaded, files.slice(0, 1));
  const traceIds = (loaded.db.prepare('SELECT id FROM traces').all() as { id: number }[]).map(
    (r) => r.id,
  );
  new PickStore(loaded.db).writeRun({
    traceIds,
    phases: ['P', 'S'],
    picks: traceIds.flatMap((traceId) => [
      { traceId, phase: 'P' as const, time: 0.01, probability: 0.9, uncertainty: 0.001 },
      { traceId, phase: 'S' as const, time: 0.02, probability: 0.8, uncertainty: 0.002 },
    ]),
    origin: 'auto',
    method: 'bench',
    modelId: null,
  });
  const shotId = (loaded.db.prepare('SELECT id FROM shots').get() as { id: number }).id;
  const traceRows = loaded.db.prepare(
    `SELECT id, trace_index, channel, sample_interval, start_time, receiver_x, status
     FROM traces WHERE shot_id = ? ORDER BY trace_index`,
  );
  const sampleRows = loaded.db.prepare(
    'SELECT s.samples FROM trace_samples s JOIN traces t ON s.trace_id = t.id WHERE t.shot_id = ?',
  );
  const store = new PickStore(loaded.db);

  return [
    {
      suite: 'catalogue',
      name: 'import 20 SEG-Y files x 96 traces',
      items: 20 * 96,
      unit: 'traces/s',
      rounds: 3,
      round: () => {
        const project = freshProject();
        return () => {
          importFiles(project, files.slice(0, 20));
          project.close();
        };
      },
    },
    {
      suite: 'catalogue',
      name: 'insert 1,000,000 picks on a 96 x 96 line (one run, with history)',
      items: 1_000_000,
      unit: 'picks/s',
      target: '≤ 5000 ms',
      warmup: 0,
      rounds: 3,
      round: () => {
        const project = freshProject();
        importFiles(project, files);
        const ids = (project.db.prepare('SELECT id FROM traces').all() as { id: number }[]).map(
          (r) => r.id,
        );
        // Trace by trace, P and S, over and over: the order a run over the line writes in.
        const picks = Array.from({ length: 1_000_000 }, (_, i) => ({
          traceId: ids[Math.floor(i / 2) % ids.length]!,
          phase: i % 2 ? ('S' as const) : ('P' as const),
          time: (i % 997) * 1e-4,
          probability: 0.5,
          uncertainty: 0.001,
        }));
        const pickStore = new PickStore(project.db);
        return () => {
          pickStore.writeRun({
            traceIds: [],
            phases: [],
            picks,
            origin: 'auto',
            method: 'bench',
            modelId: null,
          });
          project.close();
        };
      },
    },
    {
      suite: 'catalogue',
      name: 'load one 96-trace shot + its picks',
      items: 96,
      unit: 'traces/s',
      target: '≤ 10 ms',
      warmup: 5,
      rounds: 50,
      round: () => () => {
        traceRows.all(shotId);
        store.ofShot(shotId);
      },
    },
    {
      suite: 'catalogue',
      name: 'decode the samples of one 96-trace shot',
      items: 96,
      unit: 'traces/s',
      warmup: 5,
      rounds: 50,
      round: () => () => {
        for (const r of sampleRows.all(shotId) as { samples: Buffer }[]) readSamples(r.samples);
      },
    },
  ];
}
