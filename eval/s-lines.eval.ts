import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../src-main/cli/dispatcher';
import { ensureBackend } from '../src-main/ml/backend';
import { loadModel, type LoadedModel } from '../src-main/picking/model-dir';
import type { PickFileOptions } from '../src-main/picking/pick-file';
import { syntheticFirstBreaks } from '../src-main/training/evaluation';
import { builtPaths, RESOURCES } from './built';
import { Floors, type EvalSuite } from './suite';
import { formatTable, residualCells } from './table';

/**
 * S first breaks on simulated S lines (`pickline synth --source sh`): the test set of `npm
 * run train:s-line` (seed 979, 8 surveys), each first break against the true SH arrival where
 * it stands out. The S-line model's S output against what an S line got before it: the
 * vertical model's or a classical picker's first break, read as S. No real S line with picks
 * is in this workplace (resources/models/near-surface-sh/MODEL_CARD.md).
 *
 * Floors are what the shipped model measured (its card), rounded down.
 */
const TEST_SYNTH = ['--seed', '979', '--surveys', '8', '--source', 'sh'];
const FLOORS = { within2: 0.75, gross: 0.05 };

export const sLines: EvalSuite = {
  name: 's-lines',
  title: 'S first breaks on simulated S lines: the S-line model against the first break read as S',
  needs: [],
  async run({ print }) {
    await ensureBackend();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pickline-s-lines-'));
    const floors = new Floors();
    const rows = [];
    const models: LoadedModel[] = [];
    try {
      const code = await runCli(
        ['synth', '--out', dir, ...TEST_SYNTH],
        { out: () => {}, err: () => {}, untilStopped: () => new Promise(() => {}) },
        builtPaths(),
      );
      if (code !== 0) throw new Error(`pickline synth ${TEST_SYNTH.join(' ')} failed`);
      const sLine = loadModel(path.join(RESOURCES, 'models', 'near-surface-sh'));
      const vertical = loadModel(path.join(RESOURCES, 'models', 'near-surface'));
      models.push(sLine, vertical);
      const pickers: { name: string; pick: PickFileOptions; picked: 'P' | 'S' }[] = [
        {
          name: 'near-surface-sh, S, gather (default)',
          pick: { method: 'phasenet', model: sLine, phases: ['S'], firstBreak: 'S' },
          picked: 'S',
        },
        {
          name: 'near-surface-sh, S, trace by trace',
          pick: {
            method: 'phasenet',
            model: sLine,
            phases: ['S'],
            firstBreak: 'S',
            strategy: 'trace',
          },
          picked: 'S',
        },
        {
          name: 'near-surface first break as S',
          pick: { method: 'phasenet', model: vertical, phases: ['P'] },
          picked: 'P',
        },
        { name: 'AIC first break as S', pick: { method: 'aic' }, picked: 'P' },
      ];
      for (const { name, pick, picked } of pickers) {
        const s = await syntheticFirstBreaks(dir, pick, { truth: 'S', picked });
        rows.push({ picker: name, arrivals: s.references, ...residualCells(s) });
        if (name.endsWith('(default)')) {
          floors.atLeast('S-line model within 2 ms', s.within2, FLOORS.within2);
          floors.atMost('S-line model gross errors', s.gross, FLOORS.gross);
          floors.equal('S-line model picks before the shot', s.beforeShot, 0);
        }
      }
    } finally {
      for (const m of models) m.model.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    }
    print(formatTable(rows));
    return floors.missed;
  },
};
