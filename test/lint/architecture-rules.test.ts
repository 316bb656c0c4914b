import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/*
 * Proves `pnpm lint` refuses a broken architecture (issue 12): on a scratch
 * copy of the working tree, a deliberate import cycle, and separately a
 * package importing a service, make the lint's architecture step fail,
 * naming the rule; the unmodified copy passes. The step is run exactly as
 * package.json's `lint:architecture` script says, so this test follows it.
 */

const root = path.resolve(__dirname, '../..');
const run = promisify(execFile);
const scripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

let scratch: string;
beforeAll(async () => {
  scratch = mkdtempSync(path.join(tmpdir(), 'architecture-lint-'));
  // The working tree as git sees it (tracked and new files, not ignored ones), without node_modules or dist.
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  for (const file of stdout.split('\0').filter(Boolean)) {
    if (existsSync(path.join(root, file))) cpSync(path.join(root, file), path.join(scratch, file));
  }
  // npm packages are resolved as in the repository: share its node_modules folders.
  symlinkSync(path.join(root, 'node_modules'), path.join(scratch, 'node_modules'));
  for (const group of ['packages', 'services']) {
    for (const dir of readdirSync(path.join(root, group))) {
      const modules = path.join(root, group, dir, 'node_modules');
      if (existsSync(modules) && existsSync(path.join(scratch, group, dir))) symlinkSync(modules, path.join(scratch, group, dir, 'node_modules'));
    }
  }
}, 60_000);
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Runs the lint's architecture step in the scratch copy: its exit code and what it printed. */
async function lintArchitecture(): Promise<{ code: number; output: string }> {
  const env = { ...process.env, PATH: `${path.join(root, 'node_modules/.bin')}${path.delimiter}${process.env.PATH ?? ''}` };
  try {
    const { stdout, stderr } = await run('sh', ['-c', scripts['lint:architecture']!], { cwd: scratch, env });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

/** Writes files into the scratch copy for one check, and removes them after, whatever happens. */
async function withFiles<T>(files: Record<string, string>, check: () => Promise<T>): Promise<T> {
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(scratch, file), text);
  try {
    return await check();
  } finally {
    for (const file of Object.keys(files)) rmSync(path.join(scratch, file));
  }
}

it('is part of pnpm lint', () => {
  expect(scripts.lint).toContain('pnpm lint:architecture');
});

it('passes on the repository as it is', async () => {
  const { code, output } = await lintArchitecture();
  expect(output).toContain('no dependency violations found');
  expect(code).toBe(0);
}, 60_000);

it('fails on an import cycle, naming the rule, even when one side imports only a type', async () => {
  const { code, output } = await withFiles(
    {
      'packages/core/src/cycle-a.ts': "import { b } from './cycle-b';\nexport const a = (): number => b() + 1;\nexport type A = number;\n",
      'packages/core/src/cycle-b.ts': "import type { A } from './cycle-a';\nexport const b = (): A => 1;\n",
    },
    lintArchitecture,
  );
  expect(code).not.toBe(0);
  expect(output).toMatch(/no-circular: packages\/core\/src\/cycle-a\.ts/);
  expect(output).not.toContain('packages-not-to-services');
}, 60_000);

it('fails on a package importing a service, naming the rule', async () => {
  const { code, output } = await withFiles({ 'packages/core/src/reaches-up.ts': "export { importBills } from '@platform/billing';\n" }, lintArchitecture);
  expect(code).not.toBe(0);
  expect(output).toContain('packages-not-to-services: packages/core/src/reaches-up.ts → services/billing/src/index.ts');
  expect(output).not.toContain('no-circular');
}, 60_000);
