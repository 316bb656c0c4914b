import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import type { TestPlatform } from '@platform/testkit';

// The CLI is the built program (pnpm test builds first), run as an operator would, against the test's own database.
const CLI = path.join(__dirname, '../../services/gateway/dist/cli.js');
const run = promisify(execFile);

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export function runCli(platform: TestPlatform, ...args: string[]): Promise<CliResult> {
  return runCliWith({ DATABASE_URL: platform.settings.adminUrl, DATABASE_NAME: platform.settings.databaseName, LOG_LEVEL: 'silent' }, ...args);
}

/** The CLI with these variables over this process's own (for a command that needs no database, or a setting of its own). */
export async function runCliWith(env: Readonly<Record<string, string>>, ...args: string[]): Promise<CliResult> {
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as CliResult;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
