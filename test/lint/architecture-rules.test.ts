import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/*
 * Proves `pnpm lint` refuses a broken architecture (issue 12): on scratch
 * copies of the working tree, a deliberate import cycle, and separately a
 * package importing a service, make the lint's architecture step fail,
 * naming the rule, as does a resolver importing the database layer or an
 * entity; the unmodified copy passes. The step is run exactly as
 * package.json's `lint:architecture` script says, so this test follows it.
 */

const root = path.resolve(__dirname, '../..');
const run = promisify(execFile);
const scripts = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;

interface LintResult {
  readonly code: number;
  readonly output: string;
}

/** A copy of the working tree as git sees it (tracked and new files, not ignored ones) with `files` added. */
function scratchCopy(sources: readonly string[], files: Record<string, string>): string {
  const scratch = mkdtempSync(path.join(tmpdir(), 'architecture-lint-'));
  for (const file of sources) cpSync(path.join(root, file), path.join(scratch, file));
  for (const [file, text] of Object.entries(files)) writeFileSync(path.join(scratch, file), text);
  // npm packages are resolved as in the repository: share its node_modules folders.
  symlinkSync(path.join(root, 'node_modules'), path.join(scratch, 'node_modules'));
  for (const group of ['packages', 'services']) {
    for (const dir of readdirSync(path.join(root, group))) {
      const modules = path.join(root, group, dir, 'node_modules');
      if (existsSync(modules) && existsSync(path.join(scratch, group, dir))) symlinkSync(modules, path.join(scratch, group, dir, 'node_modules'));
    }
  }
  return scratch;
}

/** Runs the lint's architecture step in a copy: its exit code and what it printed. */
async function lintArchitecture(scratch: string): Promise<LintResult> {
  const env = { ...process.env, PATH: `${path.join(root, 'node_modules/.bin')}${path.delimiter}${process.env.PATH ?? ''}` };
  try {
    const { stdout, stderr } = await run('sh', ['-c', scripts['lint:architecture']!], { cwd: scratch, env });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

const CASES = {
  unmodified: {},
  cycle: {
    'packages/core/src/cycle-a.ts': "import { b } from './cycle-b';\nexport const a = (): number => b() + 1;\nexport type A = number;\n",
    'packages/core/src/cycle-b.ts': "import type { A } from './cycle-a';\nexport const b = (): A => 1;\n",
  },
  forbiddenImports: {
    'packages/core/src/reaches-up.ts': "export { importBills } from '@platform/billing';\n",
    'services/phone/src/opens-transactions.resolver.ts': "export { withTenant } from '@platform/db';\nexport type { PhoneCallEntity } from './call.entity';\n",
  },
};

const scratches: string[] = [];
let results: Record<keyof typeof CASES, LintResult>;
beforeAll(async () => {
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  const sources = stdout.split('\0').filter((file) => file && existsSync(path.join(root, file)));
  // Three copies, linted at once: each run is a whole dependency-cruiser process.
  const names = Object.keys(CASES) as (keyof typeof CASES)[];
  const outcomes = await Promise.all(
    names.map((name) => {
      const scratch = scratchCopy(sources, CASES[name]);
      scratches.push(scratch);
      return lintArchitecture(scratch);
    }),
  );
  results = Object.fromEntries(names.map((name, i) => [name, outcomes[i]!])) as typeof results;
}, 90_000);
afterAll(() => {
  for (const scratch of scratches) rmSync(scratch, { recursive: true, force: true });
});

it('is part of pnpm lint', () => {
  expect(scripts.lint).toContain('pnpm lint:architecture');
});

it('passes on the repository as it is', () => {
  expect(results.unmodified.output).toContain('no dependency violations found');
  expect(results.unmodified.code).toBe(0);
});

it('fails on an import cycle, naming the rule, even when one side imports only a type', () => {
  expect(results.cycle.code).not.toBe(0);
  expect(results.cycle.output).toMatch(/no-circular: packages\/core\/src\/cycle-a\.ts/);
  expect(results.cycle.output).not.toContain('packages-not-to-services');
});

it('fails on a package importing a service, and on a resolver reaching for transactions or entities, naming the rules', () => {
  const { code, output } = results.forbiddenImports;
  expect(code).not.toBe(0);
  expect(output).toContain('packages-not-to-services: packages/core/src/reaches-up.ts → services/billing/src/index.ts');
  expect(output).toMatch(/thin-resolvers: services\/phone\/src\/opens-transactions\.resolver\.ts → packages\/db\/src\//);
  expect(output).toContain('thin-resolvers: services/phone/src/opens-transactions.resolver.ts → services/phone/src/call.entity.ts');
  expect(output).not.toContain('no-circular');
});
