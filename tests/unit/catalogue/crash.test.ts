import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { testData } from '../../helpers/test-data';
import { BUILT_CLI, requireBuild } from '../../helpers/built';
import { tmpDir } from '../../helpers/tmp';

const FILES = 40;
const TRACES_PER_FILE = 96;

/** FILES distinct copies of the 96-trace gather: one textual-header byte differs. */
function gatherCopies(): string[] {
  const source = fs.readFileSync(testData('formats/segy-real-gather/real_gather.sgy'));
  const dir = tmpDir();
  return Array.from({ length: FILES }, (_, i) => {
    const copy = Buffer.from(source);
    copy[3000] = 0xc1 + (i % 9); // EBCDIC 'A'..'I' in the free text of the textual header
    copy[3001] = 0xc1 + Math.floor(i / 9);
    const file = path.join(dir, `shot-${String(i).padStart(2, '0')}.sgy`);
    fs.writeFileSync(file, copy);
    return file;
  });
}

const cli = (...args: string[]) =>
  spawnSync(process.execPath, [BUILT_CLI, ...args], { encoding: 'utf8' });

describe('an import killed mid-way', () => {
  it('leaves a sound catalogue with whole files only, and re-running completes it', async () => {
    requireBuild();
    const project = path.join(tmpDir(), 'line');
    expect(cli('init', project).status).toBe(0);
    const files = gatherCopies();

    // A reader polls the catalogue the whole time, as the UI would while a job writes.
    const reader = new Database(path.join(project, 'project.sqlite'), { readonly: true });
    reader.pragma('busy_timeout = 5000');
    let reads = 0;
    const poll = setInterval(() => {
      reader.prepare('SELECT COUNT(*) AS n FROM traces').get();
      reads++;
    }, 5);

    const child = spawn(process.execPath, [BUILT_CLI, 'import', '--project', project, ...files]);
    const killedAfter = await new Promise<string>((resolve, reject) => {
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        // Kill while the 6th file is being imported: five are committed, one is in flight.
        if (/\(6\/40\)/.test(stderr)) {
          child.kill('SIGKILL');
          resolve(stderr);
        }
      });
      child.on('exit', () => reject(new Error(`import ended before the kill:\n${stderr}`)));
    });
    await new Promise((resolve) => child.once('exit', resolve));
    clearInterval(poll);
    reader.close();
    expect(killedAfter).toMatch(/importing shot-05\.sgy \(6\/40\)/);
    expect(reads).toBeGreaterThan(0);

    const db = new Database(path.join(project, 'project.sqlite'));
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    const perFile = db
      .prepare(
        `SELECT f.original_name AS name, COUNT(t.id) AS traces,
           SUM(length(s.samples) = 4 * t.sample_count) AS whole
         FROM raw_files f JOIN shots sh ON sh.raw_file_id = f.id
         JOIN traces t ON t.shot_id = sh.id JOIN trace_samples s ON s.trace_id = t.id
         GROUP BY f.id ORDER BY f.original_name`,
      )
      .all() as { name: string; traces: number; whole: number }[];
    const fileCount = (db.prepare('SELECT COUNT(*) AS n FROM raw_files').get() as { n: number }).n;
    db.close();
    expect(fileCount).toBeGreaterThanOrEqual(5);
    expect(fileCount).toBeLessThan(FILES);
    // Every file that is visible is whole: no half-imported shot.
    expect(perFile).toHaveLength(fileCount);
    for (const f of perFile)
      expect(f).toMatchObject({ traces: TRACES_PER_FILE, whole: TRACES_PER_FILE });

    const rerun = cli('import', '--project', project, '--json', ...files);
    expect(rerun.status).toBe(0);
    const report = JSON.parse(rerun.stdout) as {
      imported: number;
      unchanged: number;
      failed: number;
    };
    expect(report).toEqual(
      expect.objectContaining({ imported: FILES - fileCount, unchanged: fileCount, failed: 0 }),
    );
    const info = JSON.parse(cli('info', '--project', project, '--json').stdout) as {
      files: number;
      traces: number;
    };
    expect(info).toMatchObject({ files: FILES, traces: FILES * TRACES_PER_FILE });
  }, 120_000);
});
