import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CURRENT_SCHEMA_VERSION } from '../../../src-main/catalogue/migrations';
import { readSamples } from '../../../src-main/catalogue/samples';
import { Project, RAW_DIR } from '../../../src-main/catalogue/project';
import { catalogueCounts, listShots } from '../../../src-main/catalogue/queries';
import { readAny } from '../../../src-main/formats/registry';
import { importFiles } from '../../../src-main/services/import-service';
import { DEFAULT_SYNTH_OPTIONS } from '../../../src-main/training/synth/options';
import { simulateSurvey } from '../../../src-main/training/synth/survey';
import { shotSeg2 } from '../../../src-main/training/synth/survey-output';
import { testData } from '../../helpers/test-data';
import { tmpDir } from '../../helpers/tmp';

const REFRAPY = testData('refraction/refrapy-ex01/data');
const refrapyFiles = () =>
  fs
    .readdirSync(REFRAPY)
    .sort()
    .map((f) => path.join(REFRAPY, f));

function newProject(): Project {
  return Project.create(path.join(tmpDir(), 'line'));
}

describe('import into the catalogue', () => {
  it('imports the refrapy line: 5 shots, 120 traces, 24 stations; again changes nothing', () => {
    const project = newProject();
    const first = importFiles(project, refrapyFiles());
    expect(first).toMatchObject({ imported: 5, unchanged: 0, failed: 0 });
    expect(first.files[0]).toMatchObject({
      status: 'imported',
      format: 'seg2',
      shots: 1,
      traces: 24,
      newStations: 24,
      startTime: [0, 0],
      sampleInterval: [0.000125, 0.000125],
    });
    const counts = catalogueCounts(project.db);
    expect(counts).toMatchObject({ files: 5, shots: 5, traces: 120, stations: 24, picks: [] });
    expect(fs.readdirSync(path.join(project.dir, RAW_DIR))).toHaveLength(5);

    const shots = listShots(project.db);
    expect(shots.map((s) => s.recordId)).toEqual(['2001', '2002', '2003', '2004', '2005']);
    expect(shots[0]).toMatchObject({
      file: '2001.dat',
      traces: 24,
      source: { x: -20, y: 0, z: 0 },
    });
    const receivers = project.db
      .prepare('SELECT x FROM stations ORDER BY x')
      .all()
      .map((r) => (r as { x: number }).x);
    expect(receivers).toEqual(Array.from({ length: 24 }, (_, i) => 4 * i));

    const again = importFiles(project, refrapyFiles());
    expect(again).toMatchObject({ imported: 0, unchanged: 5, failed: 0 });
    expect(catalogueCounts(project.db)).toEqual(counts);
    project.close();
  });

  it('counts a 3-component geophone as one station', () => {
    const dir = tmpDir();
    const survey = simulateSurvey(
      { ...DEFAULT_SYNTH_OPTIONS, shots: 1, channels: [24], components: 3, sWaves: true },
      2,
      0,
    );
    const file = path.join(dir, survey.shots[0]!.file);
    fs.writeFileSync(file, shotSeg2(survey, survey.shots[0]!, 'float32'));
    const project = newProject();
    const report = importFiles(project, [file]);
    expect(report.files[0]).toMatchObject({ traces: 72, newStations: 24 });
    expect(catalogueCounts(project.db)).toMatchObject({ traces: 72, stations: 24 });
    project.close();
  });

  it('keeps the samples exactly, apart from the trace table', () => {
    const project = newProject();
    const file = refrapyFiles()[2]!;
    importFiles(project, [file]);
    const read = readAny(file).records[0]!.traces;
    const rows = project.db
      .prepare(
        `SELECT t.trace_index, t.channel, t.sample_count, s.samples FROM traces t
         JOIN trace_samples s ON s.trace_id = t.id ORDER BY t.trace_index`,
      )
      .all() as { trace_index: number; channel: number; sample_count: number; samples: Buffer }[];
    expect(rows).toHaveLength(24);
    rows.forEach((row, i) => {
      expect(row.channel).toBe(read[i]!.channel);
      expect(row.sample_count).toBe(read[i]!.samples.length);
      expect(readSamples(row.samples)).toEqual(read[i]!.samples);
    });
    project.close();
  });

  it('copies each file into raw/ by content, so a moved original does not matter', () => {
    const project = newProject();
    const moved = path.join(tmpDir(), 'shot.dat');
    fs.copyFileSync(refrapyFiles()[0]!, moved);
    importFiles(project, [moved]);
    const row = project.db.prepare('SELECT stored_name, sha256 FROM raw_files').get() as {
      stored_name: string;
      sha256: string;
    };
    expect(row.stored_name).toBe(`${row.sha256}.dat`);
    fs.rmSync(moved);
    const stored = path.join(project.dir, RAW_DIR, row.stored_name);
    expect(fs.readFileSync(stored).equals(fs.readFileSync(refrapyFiles()[0]!))).toBe(true);
    // The same bytes under another name are the same file.
    expect(importFiles(project, [refrapyFiles()[0]!])).toMatchObject({ unchanged: 1 });
    project.close();
  });

  it('reports a bad file by name, skips it and commits the others', () => {
    const project = newProject();
    const dir = tmpDir();
    const truncated = path.join(dir, 'truncated.dat');
    fs.writeFileSync(truncated, fs.readFileSync(refrapyFiles()[0]!).subarray(0, 3000));
    const missing = path.join(dir, 'missing.dat');
    const report = importFiles(project, [truncated, refrapyFiles()[1]!, missing]);
    expect(report).toMatchObject({ imported: 1, failed: 2 });
    expect(report.files[0]!.error).toMatch(new RegExp(`^${truncated}: `));
    expect(report.files[2]!.error).toMatch(new RegExp(`^${missing}: `));
    expect(catalogueCounts(project.db)).toMatchObject({ files: 1, shots: 1, traces: 24 });
    expect(fs.readdirSync(path.join(project.dir, RAW_DIR))).toHaveLength(1);
    project.close();
  });

  it('applies geometry overrides and records where positions came from', () => {
    const project = newProject();
    const csv = path.join(tmpDir(), 'geometry.csv');
    fs.writeFileSync(
      csv,
      'shot,channel,source_x,source_z,receiver_x,receiver_z\n2001,,-21.5,100.25,,\n,3,,,8.5,99.75\n77,,1,2,,\n',
    );
    const report = importFiles(project, refrapyFiles().slice(0, 2), { geometry: [csv] });
    expect(report.files[0]!.positions).toEqual({
      receiversFromHeader: 23,
      receiversOverridden: 1,
      receiversMissing: 0,
    });
    expect(report.unusedGeometryRows).toEqual([`${csv}:4`]);
    const shots = project.db
      .prepare('SELECT record_id, source_x, source_z, source_from FROM shots ORDER BY id')
      .all();
    expect(shots).toEqual([
      { record_id: '2001', source_x: -21.5, source_z: 100.25, source_from: 'override' },
      { record_id: '2002', source_x: expect.any(Number), source_z: 0, source_from: 'header' },
    ]);
    const overridden = project.db
      .prepare(`SELECT receiver_x, receiver_z FROM traces WHERE receiver_from = 'override'`)
      .all();
    expect(overridden).toEqual([
      { receiver_x: 8.5, receiver_z: 99.75 },
      { receiver_x: 8.5, receiver_z: 99.75 },
    ]);
    project.close();
  });

  it('names an unreadable geometry file before importing anything', () => {
    const project = newProject();
    expect(() =>
      importFiles(project, refrapyFiles(), { geometry: ['/nonexistent/g.csv'] }),
    ).toThrow('/nonexistent/g.csv: cannot read the geometry file');
    expect(catalogueCounts(project.db).files).toBe(0);
    project.close();
  });

  it('records the SEG-2 delay convention on each shot', () => {
    const project = newProject();
    importFiles(project, refrapyFiles().slice(0, 1), { seg2Delay: 'dmt' });
    const shot = project.db.prepare('SELECT delay_rule FROM shots').get();
    expect(shot).toEqual({ delay_rule: 'dmt' });
    project.close();
  });

  it('migrates a project made with schema 1', () => {
    const dir = path.join(tmpDir(), 'old');
    fs.mkdirSync(path.join(dir, RAW_DIR), { recursive: true });
    const db = new Database(path.join(dir, 'project.sqlite'));
    db.exec(
      `CREATE TABLE survey (id INTEGER PRIMARY KEY CHECK (id = 1), name TEXT NOT NULL,
         created_at TEXT NOT NULL, notes TEXT NOT NULL DEFAULT '');
       INSERT INTO survey (id, name, created_at) VALUES (1, 'old line', '2026-01-01');
       PRAGMA user_version = 1;`,
    );
    db.close();
    const project = Project.open(dir);
    expect(project.info()).toMatchObject({
      name: 'old line',
      schemaVersion: CURRENT_SCHEMA_VERSION,
    });
    expect(importFiles(project, refrapyFiles().slice(0, 1))).toMatchObject({ imported: 1 });
    project.close();
  });
});
