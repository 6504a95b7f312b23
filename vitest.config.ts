import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores: run test files one after another so timing-sensitive tests (broker, daemon) stay stable.
    fileParallelism: false,
    pool: 'forks',
  },
});
