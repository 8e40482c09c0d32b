import type { ApiErrorBody, ErrorCode } from './contract';

/** An error a service means the user to read; its message names what is wrong. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  toBody(): ApiErrorBody {
    return { code: this.code, message: this.message };
  }
}

/**
 * SQLite's "database is locked" (better-sqlite3's SqliteError, told by its code so this module
 * stays free of the native one) after the busy timeout: another process kept the project's
 * write lock all that time.
 */
function isBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return err instanceof Error && (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED');
}

/** Turns anything thrown into the body a transport sends; unexpected errors become 'failed'. */
export function toErrorBody(err: unknown): ApiErrorBody {
  if (err instanceof ApiError) return err.toBody();
  if (isBusy(err)) {
    return {
      code: 'conflict',
      message:
        'the project is busy: another Pickline process (a command or a job) kept writing to it; ' +
        'nothing was changed, try again',
    };
  }
  if (err instanceof Error) return { code: 'failed', message: err.message };
  return { code: 'failed', message: String(err) };
}
