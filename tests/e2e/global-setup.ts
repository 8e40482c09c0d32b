import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { TEST_DATA } from '../helpers/test-data';

/**
 * Starts `pickline serve` on a free port, as a user would, and hands the tokenised URL and
 * a scratch folder for projects to the tests through the environment.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  const cli = path.resolve(__dirname, '../../bin/pickline.js');
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pickline-e2e-'));
  // The walks browse the test data and the scratch folder; recent projects go to the
  // scratch folder, never to the user's own config.
  const server = spawn(
    process.execPath,
    [cli, 'serve', '--json', '--port', '0', '--browse-root', TEST_DATA],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, PICKLINE_CONFIG_DIR: path.join(scratch, 'config') },
    },
  );
  const lines = readline.createInterface({ input: server.stdout! });
  const started = await new Promise<{ url: string }>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error('pickline serve did not start in 30 s')),
      30_000,
    );
    server.once('exit', (code) => reject(new Error(`pickline serve exited with ${code}`)));
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(JSON.parse(line) as { url: string });
    });
  });
  process.env.PICKLINE_E2E_URL = started.url;
  process.env.PICKLINE_E2E_SCRATCH = scratch;
  return async () => {
    server.kill('SIGTERM');
    await new Promise((resolve) => server.once('exit', resolve));
    fs.rmSync(scratch, { recursive: true, force: true });
  };
}
