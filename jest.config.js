// @ts-check

/*
 * Test files run on jest-light-runner: each worker is a thread that loads the
 * platform's modules once and runs test file after test file with them,
 * instead of Jest's default of a fresh module registry per file (which
 * evaluated the whole platform, about 1.2 s of CPU, 160 times a run). Files
 * still do not share data: each starts its own platform on a database of its
 * own (test/setup/global-setup.mjs). What they share is module state, so a
 * test must not change a module's globals for the files after it.
 *
 * TypeScript is compiled as it is loaded, and `@platform/x` resolves to its
 * sources (test/setup/typescript-hooks.mjs). The runner is patched
 * (patches/jest-light-runner@0.7.13.patch) to fail a test or hook that
 * outlives its timeout, as Jest's own runner does, and to show a rejection
 * that is not an Error (test/ci/test-runner.test.ts proves both).
 */

/** @type {import('jest').Config} */
module.exports = {
  runner: 'jest-light-runner',
  roots: ['<rootDir>/packages', '<rootDir>/services', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  setupFiles: ['<rootDir>/test/setup/typescript-hooks.mjs'],
  globalSetup: '<rootDir>/test/setup/global-setup.mjs',
  globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
  // Twice the cores: most files spend their time waiting (on child processes, timers, the database), so two workers
  // left the machine half idle. On 2 cores, one idle run after another: 258 s with 2 workers, 200 s with 4
  // (the browser files slow down by 10-30% when run side by side, the rest gain more), 184 s with 6.
  maxWorkers: 4,
  // Longest files first from recorded durations, so no worker is left finishing a slow file alone at the end.
  testSequencer: '<rootDir>/test/setup/longest-first-sequencer.js',
  testTimeout: 30_000,
  reporters: ['default', '<rootDir>/test/setup/summary-reporter.js'],
};
