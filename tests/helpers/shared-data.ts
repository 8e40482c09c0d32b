import fs from 'node:fs';
import path from 'node:path';

/** The workplace's shared test data, beside the repository (see ../shared/README.md). */
export const SHARED_DATA = path.resolve(__dirname, '../../../shared/data');

export function sharedData(...parts: string[]): string {
  const file = path.join(SHARED_DATA, ...parts);
  if (!fs.existsSync(file)) throw new Error(`shared test data missing: ${file}`);
  return file;
}
