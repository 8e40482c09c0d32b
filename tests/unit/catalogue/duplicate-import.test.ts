import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { insertFile } from '../../../src-main/catalogue/insert-file';
import { Project } from '../../../src-main/catalogue/project';
import { catalogueCounts } from '../../../src-main/catalogue/queries';
import { storeRaw } from '../../../src-main/catalogue/raw-store';
import { readAny } from '../../../src-main/formats/registry';
import { requireBuild } from '../../helpers/built';
import { testData } from '../../helpers/test-data';
import { spawnPickline as run } from '../../helpers/cli';
import { tmpDir } from '../../helpers/tmp';

const REFRAPY = testData('refraction/refrapy-ex01/data');
const SHOTS = fs
  .readdirSync(REFRAPY)
  .sort()
  .map((f) => path.join(REFRAPY, f));

/**
 * Defect 6 of issue 21: the "already imported?" check ran before the file's transaction, so
 * two imports of the same file at once both passed it and the second died on the raw_files
 * UNIQUE constraint. The check now sits inside the write transaction.
 */
describe('defect 6: the same file imported twice at once', () => {
  it('the second writer finds the file inside its transaction and writes nothing', () => {
    const dir = path.join(tmpDir(), 'line');
    const first = Project.create(dir);
    const second = Project.open(dir);
    const file = SHOTS[0]!;
    const seismic = readAny(file);
    // Both connections got past any earlier check: only the transaction can tell them apart.
    const raw = { ...storeRaw(dir, file, fs.readFileSync(file)), originalPath: file };
    expect(insertFile(first.db, seismic, raw, {})).toMatchObject({ shots: 1, traces: 24 });
    expect(insertFile(second.db, seismic, raw, {})).toBeNull();
    expect(catalogueCounts(first.db)).toMatchObject({ files: 1, shots: 1, traces: 24 });
    first.close();
    second.close();
  });

  it('two import commands at once both succeed and store every file once', async () => {
    requireBuild();
    const dir = path.join(tmpDir(), 'line');
    Project.create(dir).close();
    const [a, b] = await Promise.all([
      run('import', '--json', '--project', dir, ...SHOTS),
      run('import', '--json', '--project', dir, ...SHOTS),
    ]);
    expect([a.code, b.code], `${a.err}\n${b.err}`).toEqual([0, 0]);
    const reports = [JSON.parse(a.out), JSON.parse(b.out)];
    expect(reports.map((r) => r.failed)).toEqual([0, 0]);
    expect(reports[0].imported + reports[1].imported).toBe(SHOTS.length);
    const project = Project.open(dir);
    expect(catalogueCounts(project.db)).toMatchObject({ files: 5, shots: 5, traces: 120 });
    project.close();
  });
});
