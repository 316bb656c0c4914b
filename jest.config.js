// @ts-check
const fs = require('node:fs');
const path = require('node:path');

/** Tests import workspace packages from source: `@platform/x` -> its src/index.ts. */
function workspaceSources() {
  const mapper = {};
  for (const group of ['packages', 'services']) {
    for (const dir of fs.readdirSync(path.join(__dirname, group))) {
      const manifest = path.join(__dirname, group, dir, 'package.json');
      // Only packages with an entry to import (the web pages are a bundle, not a library).
      if (!fs.existsSync(manifest) || !fs.existsSync(path.join(__dirname, group, dir, 'src', 'index.ts'))) continue;
      const { name } = JSON.parse(fs.readFileSync(manifest, 'utf8'));
      mapper[`^${name.replace('/', '\\/')}$`] = path.join(__dirname, group, dir, 'src');
    }
  }
  return mapper;
}

const swc = JSON.parse(fs.readFileSync(path.join(__dirname, '.swcrc'), 'utf8'));

/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/packages', '<rootDir>/services', '<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  moduleNameMapper: workspaceSources(),
  globalSetup: '<rootDir>/test/setup/global-setup.mjs',
  globalTeardown: '<rootDir>/test/setup/global-teardown.mjs',
  maxWorkers: 2,
  // Longest files first from recorded durations, so no worker is left finishing a slow file alone at the end.
  testSequencer: '<rootDir>/test/setup/longest-first-sequencer.js',
  // A worker holds every test file's module registry; on a loaded 2-core machine it took 365-790 ms to exit with
  // nothing left open (a teardown listing process.getActiveResourcesInfo() found only its IPC pipes), so the 500 ms
  // default force-killed healthy workers. A real leak never exits, and is still reported after this wait.
  workerGracefulExitTimeout: 5_000,
  testTimeout: 30_000,
  reporters: ['default', '<rootDir>/test/setup/summary-reporter.js'],
  // What each file finds open in its worker, to find a file that leaks handles (test/setup/open-handles.ts).
  setupFilesAfterEnv: process.env.REPORT_OPEN_HANDLES ? ['<rootDir>/test/setup/open-handles.ts'] : [],
};
