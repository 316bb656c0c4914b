import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

/*
 * Proves `pnpm lint` refuses a broken architecture (issue 12): on a scratch
 * copy of the working tree, a deliberate import cycle, a package importing
 * a service and a resolver reaching for the database layer or an entity make the lint's architecture step fail, each reported under its
 * own rule (and only there) as an error, so either alone fails the step; the
 * rest of the copy, the repository as it is, has nothing reported. The
 * breakages share one copy, and the repository as it is is judged in the same
 * run: each run of the step is a whole dependency-cruiser process, seconds of
 * CPU, and adding modules takes no violation away from the modules already
 * there (a rule judges one import, or a cycle among them, and nothing there
 * imports the added ones), so one of theirs would be reported in this run as
 * it would be in a run of its own. The step is run exactly as package.json's
 * `lint:architecture` script says, so this test follows it.
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

const CYCLE = {
  'packages/core/src/cycle-a.ts': "import { b } from './cycle-b';\nexport const a = (): number => b() + 1;\nexport type A = number;\n",
  'packages/core/src/cycle-b.ts': "import type { A } from './cycle-a';\nexport const b = (): A => 1;\n",
};
const PACKAGE_IMPORTS_SERVICE = { 'packages/core/src/reaches-up.ts': "export { importBills } from '@platform/billing';\n" };
const RESOLVER_OPENS_TRANSACTIONS = {
  'services/phone/src/opens-transactions.resolver.ts': "export { withTenant } from '@platform/db';\nexport type { PhoneCallEntity } from './call.entity';\n",
};
const BROKEN = { ...CYCLE, ...PACKAGE_IMPORTS_SERVICE, ...RESOLVER_OPENS_TRANSACTIONS };

/** The lines of a run's report naming a violation of `rule` ("error <rule>: <from> → <to>"). */
const violations = (result: LintResult, rule: string): string[] => result.output.split('\n').filter((line) => line.includes(`${rule}: `));

/** The first line of every violation a run reports, whatever its rule and severity. */
const reportedLines = (result: LintResult): string[] => result.output.split('\n').filter((line) => /^\s*(error|warn|info) [\w-]+: /.test(line));

let scratch: string | null = null;
let broken: LintResult;
beforeAll(async () => {
  const { stdout } = await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, maxBuffer: 16 * 1024 * 1024 });
  const sources = stdout.split('\0').filter((file) => file && existsSync(path.join(root, file)));
  scratch = scratchCopy(sources, BROKEN);
  broken = await lintArchitecture(scratch);
  // Cruising a whole copy of the repository: about 30 s alone, three times that with the machine's cores shared.
}, 180_000);
afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

it('is part of pnpm lint', () => {
  expect(scripts.lint).toContain('pnpm lint:architecture');
});

it('passes on the repository as it is: every violation reported is from a file added to break it', () => {
  const reported = reportedLines(broken);
  expect(reported.length).toBeGreaterThan(0);
  const from = (line: string) => /^\s*\w+ [\w-]+: (\S+) →/.exec(line)?.[1];
  expect(reported.filter((line) => !Object.keys(BROKEN).includes(from(line) ?? ''))).toEqual([]);
  // Every violation is a reported line, so none of the repository's own is left out of this count: the step, which exits
  // with the number of errors (the last test), would exit 0 on the repository as it is.
  expect(broken.output).toMatch(new RegExp(`${reported.length} dependency violations \\(`));
});

it('fails on an import cycle, naming the rule, even when one side imports only a type', () => {
  expect(broken.code).not.toBe(0);
  expect(broken.output).toMatch(/no-circular: packages\/core\/src\/cycle-a\.ts/);
  // The cycle is reported under no other rule, and the package importing a service made no cycle.
  expect(violations(broken, 'packages-not-to-services').filter((line) => /cycle-[ab]\.ts/.test(line))).toEqual([]);
  expect(violations(broken, 'no-circular').filter((line) => !/cycle-[ab]\.ts/.test(line))).toEqual([]);
});

it('fails on a package importing a service, naming the rule', () => {
  expect(broken.output).toContain('packages-not-to-services: packages/core/src/reaches-up.ts → services/billing/src/index.ts');
  expect(violations(broken, 'no-circular').filter((line) => line.includes('reaches-up.ts'))).toEqual([]);
});

it('fails on a resolver importing the database layer or an entity, naming the rule', () => {
  expect(broken.output).toMatch(/thin-resolvers: services\/phone\/src\/opens-transactions\.resolver\.ts → packages\/db\/src\//);
  expect(broken.output).toContain('thin-resolvers: services/phone/src/opens-transactions.resolver.ts → services/phone/src/call.entity.ts');
  expect(violations(broken, 'thin-resolvers').filter((line) => !line.includes('opens-transactions.resolver.ts'))).toEqual([]);
});

it('reports each of the three as an error, so either alone fails the step: nothing else is reported', () => {
  const reported = reportedLines(broken);
  expect(reported.length).toBeGreaterThanOrEqual(4);
  expect(reported.every((line) => /^\s*error (no-circular|packages-not-to-services|thin-resolvers): /.test(line))).toBe(true);
  expect(broken.output).toMatch(new RegExp(`${reported.length} dependency violations \\(${reported.length} errors`));
  // dependency-cruiser exits with the number of errors.
  expect(broken.code).toBe(reported.length);
});
