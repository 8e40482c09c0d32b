import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Project } from '../src-main/catalogue/project';
import { readPicksCsv } from '../src-main/export/picks-csv';
import { importFiles } from '../src-main/services/import-service';
import { importPicks } from '../src-main/services/pick-exchange';
import { Floors, type EvalSuite } from './suite';
import { formatTable } from './table';

/**
 * The formikoj soda-lakes survey into a project as a crew would bring it: 116 SEG-2 shots
 * placed by formikoj's geometry.csv, then its 10,935 manual picks from the .pck, which counts
 * time from each trace's first sample (its README), read with `timeOrigin: 'first-sample'`.
 * Every pick must land on its trace at the time of the README's own conversion (picks.csv,
 * time after the shot), and without the option 10 ms late: what the option is for. Too large
 * for tests/data; the unit tests carry the geometry and .pck alone.
 */
const FOLDER = 'refraction/formikoj-soda-lakes';
const PICKS = 10_935;

interface Landed {
  file: string;
  trace_index: number;
  source_x: number;
  receiver_x: number;
  time: number;
}

function landed(project: Project): Landed[] {
  return project.db
    .prepare(
      `SELECT f.original_name AS file, t.trace_index, s.source_x, t.receiver_x, p.time
       FROM picks p JOIN traces t ON p.trace_id = t.id JOIN shots s ON t.shot_id = s.id
       JOIN raw_files f ON s.raw_file_id = f.id WHERE p.deleted = 0 ORDER BY p.id`,
    )
    .all() as Landed[];
}

export const formikojPickImport: EvalSuite = {
  name: 'formikoj-pick-import',
  title:
    "formikoj's 116 shots with geometry.csv and its 10,935 .pck picks counted from the first sample",
  needs: [`${FOLDER}/data`, `${FOLDER}/geometry.csv`, `${FOLDER}/picks.csv`, `${FOLDER}/picks`],
  async run({ data, print }) {
    const floors = new Floors();
    const folder = data(FOLDER);
    const files = fs
      .readdirSync(path.join(folder, 'data'))
      .filter((f) => f.endsWith('.sg2'))
      .sort()
      .map((f) => path.join(folder, 'data', f));
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pickline-eval-formikoj-'));
    const project = Project.create(path.join(work, 'soda'));
    try {
      const imported = importFiles(project, files, {
        geometry: [path.join(folder, 'geometry.csv')],
      });
      floors.equal('shot files imported', imported.imported, 116);
      floors.equal('geometry rows unused', imported.unusedGeometryRows.length, 0);

      const pck = fs.readdirSync(path.join(folder, 'picks')).find((f) => f.endsWith('.pck'));
      if (!pck) throw new Error(`${path.join(folder, 'picks')}: no .pck file`);
      const result = importPicks(project, path.join(folder, 'picks', pck), {
        timeOrigin: 'first-sample',
      });
      floors.equal('picks matched', result.matched, PICKS);
      floors.equal('picks invalid', result.invalid, 0);

      const reference = readPicksCsv(
        fs.readFileSync(path.join(folder, 'picks.csv'), 'utf8'),
        'picks.csv',
      );
      const byKey = new Map(reference.map((r) => [`${r.file}:${r.trace}`, r.time!]));
      const picks = landed(project);
      let largest = 0;
      let unknown = 0;
      for (const p of picks) {
        const time = byKey.get(`${p.file}:${p.trace_index}`);
        if (time === undefined) unknown++;
        else largest = Math.max(largest, Math.abs(p.time - time));
      }
      floors.equal('picks not in picks.csv', unknown, 0);
      floors.atMost('largest |time − picks.csv|, s', largest, 1e-8);

      // Shot 1052 stands on receiver 52: its trace 51 sits at the source.
      const onSource = picks.find((p) => p.file === 'Shot_01052.sg2' && p.trace_index === 51);
      const gap = onSource ? Math.abs(onSource.source_x - onSource.receiver_x) : Infinity;
      floors.atMost('shot 1052, trace 51: |source x − receiver x|, m', gap, 1e-3);

      // Read as if it counted from the shot, the same file lands 10 ms late.
      importPicks(project, path.join(folder, 'picks', pck));
      const late = landed(project);
      const shift = late[0] && picks[0] ? late[0].time - picks[0].time : NaN;
      floors.atMost('|shift without the time origin − 10 ms|, s', Math.abs(shift - 0.01), 1e-9);

      print(
        formatTable([
          {
            'shot files': files.length,
            imported: imported.imported,
            'picks read': result.read,
            matched: result.matched,
            'largest |Δt| vs picks.csv (s)': largest.toExponential(1),
            'shift without time origin (ms)': +(shift * 1e3).toFixed(3),
          },
        ]),
      );
      return floors.missed;
    } finally {
      project.close();
      fs.rmSync(work, { recursive: true, force: true });
    }
  },
};
