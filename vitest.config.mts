import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
    // The ML and SQLite tests are CPU-heavy; two cores here.
    pool: 'forks',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
