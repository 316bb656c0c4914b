import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = path.resolve(__dirname, '../..');

// A fresh machine's `pnpm` is Corepack's shim, which fails offline; the set-up must replace it (issue: fresh machines could not install).
test('the README set-up installs pnpm over a failing shim and a frozen install succeeds', async () => {
  const { stdout } = await run('bash', [path.join(root, '.ci/check-fresh-setup')], { cwd: root, timeout: 120_000 });
  expect(stdout).toContain('check-fresh-setup: pnpm 12.21.0 installed over a failing shim; frozen install ok');
}, 150_000);
