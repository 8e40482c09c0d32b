import fs from 'node:fs';
import path from 'node:path';
import { readSgt } from '../src-main/export/sgt';
import { readAny } from '../src-main/formats/registry';
import { ensureBackend } from '../src-main/ml/backend';
import { loadModel } from '../src-main/picking/model-dir';
import { fieldAgreement } from '../src-main/training/evaluation';
import { RESOURCES } from './built';
import { Floors, type EvalSuite } from './suite';
import { formatTable } from './table';

/**
 * The bundled models on refrapy field example 01 (5 SEG-2 shots, 24 channels at 4 m, 8 kHz;
 * MIT) through the path of `pickline pick FILE --model DIR`: the raw files as read, pickFile
 * with default options, the P picks matched to the 120 manual picks of the .sgt by source and
 * receiver x. `near-surface` was trained on this line (its score on lines it never saw is the
 * leave-one-line-out table of the `field-accuracy` suite); `near-surface-3c` never saw it.
 *
 * Floors are what each shipped model measured (its MODEL_CARD.md), rounded down: a
 * regression in the model, the picking path or the preprocessing fails them.
 */
const MODELS: { name: string; within2: number; within5: number }[] = [
  { name: 'near-surface', within2: 0.88, within5: 0.97 },
  { name: 'near-surface-3c', within2: 0.7, within5: 0.85 },
];

export const bundledModels: EvalSuite = {
  name: 'bundled-models',
  title: 'the bundled models against the 120 manual picks of refrapy field example 01',
  needs: ['refraction/refrapy-ex01/data', 'refraction/refrapy-ex01/picks/field_example_01.sgt'],
  async run({ data, print }) {
    await ensureBackend();
    const dataDir = data('refraction', 'refrapy-ex01', 'data');
    const files = fs
      .readdirSync(dataDir)
      .filter((f) => f.endsWith('.dat'))
      .sort()
      .map((f) => readAny(path.join(dataDir, f)));
    const sgt = data('refraction', 'refrapy-ex01', 'picks', 'field_example_01.sgt');
    const manual = readSgt(fs.readFileSync(sgt, 'utf8'), sgt).picks;

    const floors = new Floors();
    const rows = [];
    for (const expected of MODELS) {
      const model = loadModel(path.join(RESOURCES, 'models', expected.name));
      try {
        const result = await fieldAgreement(
          files,
          manual,
          { method: 'phasenet', model },
          { tolerance: 0.002, withinMs: [2, 5] },
        );
        const [within2, within5] = result.score.withinMs.map((w) => w.share ?? 0);
        floors.equal(`${expected.name}: manual picks matched`, result.matched, result.manual);
        floors.atLeast(`${expected.name} within 2 ms`, within2!, expected.within2);
        floors.atLeast(`${expected.name} within 5 ms`, within5!, expected.within5);
        rows.push({
          model: expected.name,
          'manual picks': result.manual,
          matched: result.matched,
          'within 2 ms': `${(within2! * 100).toFixed(1)} %`,
          'floor 2 ms': `${expected.within2 * 100} %`,
          'within 5 ms': `${(within5! * 100).toFixed(1)} %`,
          'floor 5 ms': `${expected.within5 * 100} %`,
        });
      } finally {
        model.model.dispose();
      }
    }
    print(formatTable(rows));
    return floors.missed;
  },
};
