import fs from 'node:fs';
import path from 'node:path';

/**
 * The real files the tests carry (`tests/data`, laid out as the shared data set, each data
 * set with its licence; see tests/data/README.md), so that a clone tests on its own.
 */
export const TEST_DATA = path.resolve(__dirname, '../data');

export function testData(...parts: string[]): string {
  const file = path.join(TEST_DATA, ...parts);
  if (!fs.existsSync(file)) {
    throw new Error(`test data missing: ${file} (tests/data/README.md lists what is there)`);
  }
  return file;
}
