import fs from 'node:fs';
import path from 'node:path';

/** Writes a file atomically (temporary name, then rename), so a crash never leaves half a file. */
export function writeFileAtomic(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.partial`;
  fs.writeFileSync(temp, text);
  fs.renameSync(temp, file);
}
