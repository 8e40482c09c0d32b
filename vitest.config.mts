import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // The ML and SQLite tests are CPU-heavy; two cores here.
    pool: 'forks',
    testTimeout: 60_000,
    // Recent projects go to the user's config folder: never the developer's own in tests.
    env: { PICKLINE_CONFIG_DIR: path.join(os.tmpdir(), 'pickline-test-config') },
    hookTimeout: 60_000,
  },
});
