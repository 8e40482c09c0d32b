import fs from 'node:fs';
import path from 'node:path';
import { ApiError } from '../api/errors';
import type { ProjectInfo } from '../api/contract';
import { openDatabase, schemaVersion, type Db, type Waiting } from './database';

import { CATALOGUE_FILE, MODELS_DIR, RAW_DIR } from './paths';
import { removeStalePartials } from './raw-store';

export { CATALOGUE_FILE, RAW_DIR };

/** A project is a folder: the SQLite catalogue plus the raw copies of every imported file. */
export class Project {
  private constructor(
    readonly dir: string,
    readonly db: Db,
  ) {}

  /** `waiting`: how long a write waits for another process's (see BUSY_TIMEOUT_MS). */
  static create(dir: string, name?: string, waiting?: Waiting): Project {
    const abs = path.resolve(dir);
    const file = path.join(abs, CATALOGUE_FILE);
    if (fs.existsSync(file)) {
      throw new ApiError('conflict', `${abs} already holds a Pickline project (${CATALOGUE_FILE})`);
    }
    if (fs.existsSync(abs) && !fs.statSync(abs).isDirectory()) {
      throw new ApiError('conflict', `${abs} exists and is not a folder`);
    }
    fs.mkdirSync(path.join(abs, RAW_DIR), { recursive: true });
    const db = openDatabase(file, { create: true, ...(waiting ? { waiting } : {}) });
    db.prepare('INSERT INTO survey (id, name, created_at) VALUES (1, ?, ?)').run(
      name ?? path.basename(abs),
      new Date().toISOString(),
    );
    return new Project(abs, db);
  }

  static open(dir: string, waiting?: Waiting): Project {
    const abs = path.resolve(dir);
    const file = path.join(abs, CATALOGUE_FILE);
    if (!fs.existsSync(file)) {
      throw new ApiError(
        'not-found',
        `no Pickline project in ${abs} (${CATALOGUE_FILE} is missing)`,
      );
    }
    const project = new Project(
      abs,
      openDatabase(file, { create: false, ...(waiting ? { waiting } : {}) }),
    );
    // Copies that a killed import or model registration left half written.
    removeStalePartials(path.join(abs, RAW_DIR));
    removeStalePartials(path.join(abs, MODELS_DIR));
    return project;
  }

  info(): ProjectInfo {
    const survey = this.db.prepare('SELECT name, created_at FROM survey WHERE id = 1').get() as
      { name: string; created_at: string } | undefined;
    if (!survey) throw new ApiError('failed', `${this.dir}: catalogue has no survey record`);
    return {
      dir: this.dir,
      name: survey.name,
      createdAt: survey.created_at,
      schemaVersion: schemaVersion(this.db),
    };
  }

  close(): void {
    this.db.close();
  }
}
