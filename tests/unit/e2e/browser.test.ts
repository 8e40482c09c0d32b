import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBrowser, SYSTEM_BROWSERS } from '../../e2e/browser';

const only =
  (...present: string[]) =>
  (file: string) =>
    present.includes(file);

describe('the browser the end-to-end tests drive', () => {
  it('is CHROMIUM_PATH when set, whatever else is installed', () => {
    expect(
      findBrowser(
        { CHROMIUM_PATH: '/opt/chrome/chrome' },
        only('/opt/chrome/chrome', '/usr/bin/chromium'),
      ),
    ).toEqual({ path: '/opt/chrome/chrome' });
  });

  it('refuses a CHROMIUM_PATH that is not there rather than taking another browser', () => {
    expect(findBrowser({ CHROMIUM_PATH: '/nope/chrome' }, only('/usr/bin/chromium'))).toEqual({
      problem: 'CHROMIUM_PATH is /nope/chrome, which does not exist',
    });
  });

  it('is the first system location that exists, in order', () => {
    expect(findBrowser({}, only('/usr/bin/google-chrome', '/usr/bin/chromium-browser'))).toEqual({
      path: '/usr/bin/chromium-browser',
    });
    expect(findBrowser({}, only('/snap/bin/chromium'), SYSTEM_BROWSERS)).toEqual({
      path: '/snap/bin/chromium',
    });
  });

  it('without any, says how to install one and where it looked', () => {
    const search = findBrowser({}, only(), ['/usr/bin/chromium', '/x/playwright/chrome']);
    expect(search).toEqual({ problem: expect.stringContaining('sudo apt-get install chromium') });
    expect('problem' in search && search.problem).toMatch(
      /npx playwright install chromium\) or set CHROMIUM_PATH .* Looked in: \/usr\/bin\/chromium, \/x\/playwright\/chrome$/,
    );
  });

  it('stops `npm test` first, with the reason, when the browser is missing', () => {
    const repo = path.resolve(__dirname, '../../..');
    const run = spawnSync(
      process.execPath,
      [path.join(repo, 'node_modules/jiti/lib/jiti-cli.mjs'), 'tests/e2e/check-browser.ts'],
      { cwd: repo, encoding: 'utf8', env: { ...process.env, CHROMIUM_PATH: '/nope/chrome' } },
    );
    expect(run.status).toBe(1);
    expect(run.stderr).toBe('npm test: CHROMIUM_PATH is /nope/chrome, which does not exist\n');
  });
});
