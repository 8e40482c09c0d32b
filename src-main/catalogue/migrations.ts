/**
 * Forward-only schema migrations. Migration i (0-based) brings a catalogue from schema
 * version i to i + 1; `PRAGMA user_version` records the version reached. Never edit a
 * migration that has shipped: append a new one.
 */
export const migrations: readonly string[] = [
  `CREATE TABLE survey (
     id          INTEGER PRIMARY KEY CHECK (id = 1),
     name        TEXT NOT NULL,
     created_at  TEXT NOT NULL,
     notes       TEXT NOT NULL DEFAULT ''
   );`,
];

export const CURRENT_SCHEMA_VERSION = migrations.length;
