import {
  readGroup,
  SETTINGS_GROUPS,
  type ProjectSettings,
  type ProjectSettingsPatchInput,
} from '../api/project-settings';
import { writeTransaction, type Db } from './database';

/**
 * The project's settings in the catalogue: one row per group, its fields as JSON. Reading
 * fills what is missing with the defaults (api/project-settings.ts); writing merges a patch
 * into what is stored, one transaction for all groups it names.
 */
export function readSettings(db: Db): ProjectSettings {
  const rows = db.prepare('SELECT key, value FROM project_settings').all() as {
    key: string;
    value: string;
  }[];
  const stored = new Map(rows.map((r) => [r.key, r.value]));
  const parse = (text: string | undefined): unknown => {
    if (text === undefined) return {};
    try {
      return JSON.parse(text);
    } catch {
      return {};
    }
  };
  return Object.fromEntries(
    SETTINGS_GROUPS.map((g) => [g, readGroup(g, parse(stored.get(g)))]),
  ) as ProjectSettings;
}

export function writeSettings(db: Db, patch: ProjectSettingsPatchInput): ProjectSettings {
  const upsert = db.prepare(
    `INSERT INTO project_settings (key, value, updated_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at`,
  );
  return writeTransaction(db, () => {
    const current = readSettings(db);
    const now = new Date().toISOString();
    for (const group of SETTINGS_GROUPS) {
      const change = patch[group];
      if (!change) continue;
      upsert.run(group, JSON.stringify({ ...current[group], ...change }), now);
    }
    return readSettings(db);
  });
}
