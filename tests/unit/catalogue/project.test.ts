import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CURRENT_SCHEMA_VERSION } from '../../../src-main/catalogue/migrations';
import { CATALOGUE_FILE, Project, RAW_DIR } from '../../../src-main/catalogue/project';
import { tmpDir } from '../../helpers/tmp';

describe('project folders', () => {
  it('creates the catalogue and the raw folder, and opens it again', () => {
    const dir = path.join(tmpDir(), 'line-12');
    const created = Project.create(dir, 'Line 12');
    expect(fs.existsSync(path.join(dir, CATALOGUE_FILE))).toBe(true);
    expect(fs.statSync(path.join(dir, RAW_DIR)).isDirectory()).toBe(true);
    const info = created.info();
    created.close();
    expect(info).toMatchObject({ dir, name: 'Line 12', schemaVersion: CURRENT_SCHEMA_VERSION });

    const opened = Project.open(dir);
    expect(opened.info()).toEqual(info);
    expect(opened.db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(opened.db.pragma('foreign_keys', { simple: true })).toBe(1);
    opened.close();
  });

  it('names the folder when there is no project to open', () => {
    const dir = tmpDir();
    expect(() => Project.open(dir)).toThrow(
      `no Pickline project in ${dir} (project.sqlite is missing)`,
    );
  });

  it('refuses to create a project over an existing one', () => {
    const dir = tmpDir();
    Project.create(dir).close();
    expect(() => Project.create(dir)).toThrow(/already holds a Pickline project/);
  });

  it('refuses a catalogue written by a newer Pickline, leaving it untouched', () => {
    const dir = tmpDir();
    Project.create(dir).close();
    const file = path.join(dir, CATALOGUE_FILE);
    const db = new Database(file);
    db.pragma(`user_version = ${CURRENT_SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => Project.open(dir)).toThrow(/newer than this Pickline understands/);
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(CURRENT_SCHEMA_VERSION + 1);
    check.close();
  });
});
