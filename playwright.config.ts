import { defineConfig } from '@playwright/test';
import { browserPath } from './tests/e2e/browser';

// Browser end-to-end tests against `pickline serve` (the same server as `npm run web`),
// driving the system's Chromium (see tests/e2e/browser.ts): Playwright never downloads a
// browser during `npm install`.
export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  outputDir: 'test-results',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  use: {
    viewport: { width: 1366, height: 768 },
    launchOptions: {
      executablePath: browserPath(),
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
      ],
    },
  },
});
