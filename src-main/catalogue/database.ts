import Database from 'better-sqlite3';
import { ApiError } from '../api/errors';
import { CURRENT_SCHEMA_VERSION, migrations } from './migrations';

export type Db = Database.Database;

/** Which build of better-sqlite3 this process loads (see native-binding.ts); undefined: npm's. */
let nativeBinding: string | undefined;

/** Set once by an entry file, before any catalogue opens. */
export function useNativeBinding(file: string | undefined): void {
  nativeBinding = file;
}

/**
 * Opens a catalogue file with the settings every connection needs: WAL so readers never
 * block the single writer, foreign keys enforced, a busy timeout so a concurrent reader
 * waits instead of failing, and the schema brought up to date in one transaction.
 */
export function openDatabase(file: string, options: { create: boolean }): Db {
  const db = new Database(file, { fileMustExist: !options.create, nativeBinding });
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('busy_timeout = 5000');
    db.pragma('synchronous = NORMAL');
    // 64 MB of page cache (default 2 MB): a picking run inserts into the pick index at one
    // place per trace, and a line's worth of places must stay in memory.
    db.pragma('cache_size = -65536');
    migrate(db, file);
    return db;
  } catch (err) {
    db.close();
    throw err;
  }
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

function migrate(db: Db, file: string): void {
  const version = schemaVersion(db);
  if (version > CURRENT_SCHEMA_VERSION) {
    throw new ApiError(
      'conflict',
      `${file} has catalogue schema ${version}, newer than this Pickline understands ` +
        `(${CURRENT_SCHEMA_VERSION}); update Pickline to open it`,
    );
  }
  if (version === CURRENT_SCHEMA_VERSION) return;
  db.transaction(() => {
    for (let v = version; v < CURRENT_SCHEMA_VERSION; v++) db.exec(migrations[v]!);
    db.pragma(`user_version = ${CURRENT_SCHEMA_VERSION}`);
  })();
}
