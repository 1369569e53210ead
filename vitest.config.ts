import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Two cores: tfjs-wasm tests and the browser tests each want a whole one.
    maxWorkers: 2,
    fileParallelism: true,
  },
});
