import fs from 'node:fs';
import { chromium } from '@playwright/test';

/**
 * Which Chromium the browser tests drive: `CHROMIUM_PATH` if set, else the first of the
 * usual system locations, else Playwright's own build if `npx playwright install chromium`
 * fetched one. Playwright never downloads a browser during `npm install` here
 * (PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1), so without any of these the tests cannot start.
 */
export const SYSTEM_BROWSERS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/snap/bin/chromium',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe',
  'C:\\Program Files (x86)\\Google\\Chrome\\Application\\chrome.exe',
];

export type BrowserSearch = { path: string } | { problem: string };

export function findBrowser(
  env: Record<string, string | undefined> = process.env,
  exists: (file: string) => boolean = fs.existsSync,
  candidates: readonly string[] = [...SYSTEM_BROWSERS, chromium.executablePath()],
): BrowserSearch {
  const chosen = env.CHROMIUM_PATH;
  if (chosen) {
    return exists(chosen)
      ? { path: chosen }
      : { problem: `CHROMIUM_PATH is ${chosen}, which does not exist` };
  }
  const found = candidates.find((file) => exists(file));
  if (found) return { path: found };
  return {
    problem:
      'no Chromium or Chrome found for the browser tests; install one ' +
      '(Debian/Ubuntu: sudo apt-get install chromium; macOS: brew install --cask chromium; ' +
      'anywhere: npx playwright install chromium) or set CHROMIUM_PATH to its executable. ' +
      `Looked in: ${candidates.join(', ')}`,
  };
}

/** The browser's path, or an error saying how to get one. */
export function browserPath(): string {
  const search = findBrowser();
  if ('problem' in search) throw new Error(search.problem);
  return search.path;
}
