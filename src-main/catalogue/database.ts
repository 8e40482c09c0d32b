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
 * How long a writer waits for another connection's write lock (a CLI run, a job, the app)
 * before giving up. Batch work (the CLI, job workers) can wait a while; the app's own
 * connection runs on the thread that answers the user, so it waits less and says the
 * project is busy instead (see toErrorBody).
 */
export const BUSY_TIMEOUT_MS = { batch: 60_000, interactive: 5_000 } as const;
export type Waiting = keyof typeof BUSY_TIMEOUT_MS;

/**
 * Opens a catalogue file with the settings every connection needs: WAL so readers never
 * block the single writer, foreign keys enforced, a busy timeout so a concurrent writer
 * waits its turn instead of failing, and the schema brought up to date in one transaction.
 */
export function openDatabase(file: string, options: { create: boolean; waiting?: Waiting }): Db {
  const db = new Database(file, { fileMustExist: !options.create, nativeBinding });
  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS[options.waiting ?? 'batch']}`);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
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

/**
 * Runs `work` as one write transaction that takes the write lock at its start (BEGIN
 * IMMEDIATE); inside another transaction it is a savepoint of that one. A deferred
 * transaction reads first and asks for the lock at its first write, and SQLite refuses that
 * upgrade at once while another connection holds the lock (waiting could deadlock), so the
 * busy timeout never applied and two processes writing one project failed instead of
 * taking turns. Every write of the catalogue goes through here.
 */
export function writeTransaction<T>(db: Db, work: () => T): T {
  return db.transaction(work).immediate();
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
  writeTransaction(db, () => {
    // Another process may have migrated while this one waited for the lock.
    for (let v = schemaVersion(db); v < CURRENT_SCHEMA_VERSION; v++) db.exec(migrations[v]!);
    db.pragma(`user_version = ${CURRENT_SCHEMA_VERSION}`);
  });
}
