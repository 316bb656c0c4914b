import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');

/*
 * The test runner as jest.config.js sets it up, on a scratch test file and
 * without the platform's global setup: TypeScript that imports a workspace
 * package runs against the package's sources; a test that never settles fails
 * at its timeout instead of holding the run, and CI, for ever; a test that
 * rejects with something other than an Error fails showing it (both are the
 * patch to jest-light-runner); and the tests after them still run.
 */
const SCRATCH_TEST = String.raw`import { money } from '@platform/core';
it('resolves a workspace package to its sources', () => expect(require.resolve('@platform/core')).toMatch(/packages\/core\/src\/index\.ts$/));
it('adds', () => expect(money(1n).cents + 1n).toBe(2n));
it('never settles', () => new Promise<void>(() => undefined), 300);
it('rejects with a close event', () => Promise.reject({ code: 4400, reason: 'closed by the test' }));
it('runs after them', () => expect(true).toBe(true));
`;

/** A browser test file as they are written: the worker's Chromium, a page of its own, closed; the browser left open. */
const SCRATCH_BROWSER_TEST = (browserModule: string) => String.raw`import { openPage, workerBrowser } from '${browserModule}';
it('opens a page', async () => {
  const { page, close } = await openPage(await workerBrowser());
  await page.setContent('<h1>Hello</h1>');
  expect(await page.getByRole('heading').textContent()).toBe('Hello');
  await close();
});
`;

test('runs TypeScript against the sources, fails a test that outlives its timeout rather than hang, and shows a rejection that is not an Error', async () => {
  mkdirSync(path.join(root, '.data'), { recursive: true });
  const dir = mkdtempSync(path.join(root, '.data', 'runner-check-'));
  try {
    writeFileSync(path.join(dir, 'scratch.test.ts'), SCRATCH_TEST);
    const config = {
      rootDir: dir,
      runner: 'jest-light-runner',
      testMatch: ['**/*.test.ts'],
      setupFiles: [path.join(root, 'test/setup/typescript-hooks.mjs')],
      maxWorkers: 2,
    };
    const finished = await run(process.execPath, [require.resolve('jest/bin/jest'), '--config', JSON.stringify(config), '--ci'], {
      cwd: root,
      timeout: 60_000,
      env: { ...process.env, FORCE_COLOR: '0' },
    }).then(
      () => ({ code: 0, stderr: '' }),
      (error: { code: number; stderr: string }) => ({ code: error.code, stderr: error.stderr }),
    );
    expect(finished.code).toBe(1);
    expect(finished.stderr).toContain('Exceeded timeout of 300 ms.');
    expect(finished.stderr).toContain("{ code: 4400, reason: 'closed by the test' }");
    expect(finished.stderr).toMatch(/Tests:\s+2 failed, 3 passed, 5 total/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 90_000);

test('a browser test file run in band (--maxWorkers=1) ends the run once it is done, its Chromium closed by the global teardown', async () => {
  mkdirSync(path.join(root, '.data'), { recursive: true });
  const dir = mkdtempSync(path.join(root, '.data', 'runner-check-'));
  try {
    writeFileSync(path.join(dir, 'in-band.test.ts'), SCRATCH_BROWSER_TEST(path.join(root, 'test/browser/browser')));
    const config = {
      rootDir: dir,
      runner: 'jest-light-runner',
      testMatch: ['**/*.test.ts'],
      setupFiles: [path.join(root, 'test/setup/typescript-hooks.mjs')],
      globalTeardown: path.join(root, 'test/setup/global-teardown.mjs'),
      testTimeout: 30_000,
    };
    // Before the teardown closed it, Jest waited on Chromium until this timeout killed it.
    const finished = await run(process.execPath, [require.resolve('jest/bin/jest'), '--config', JSON.stringify(config), '--ci', '--maxWorkers=1'], {
      cwd: root,
      timeout: 60_000,
      env: { ...process.env, FORCE_COLOR: '0' },
    }).then(
      ({ stderr }) => ({ code: 0, signal: null, stderr }),
      (error: { code: number | null; signal: string | null; stderr: string }) => ({ code: error.code, signal: error.signal, stderr: error.stderr }),
    );
    expect(finished).toMatchObject({ code: 0, signal: null });
    expect(finished.stderr).toMatch(/Tests:\s+1 passed, 1 total/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}, 90_000);
