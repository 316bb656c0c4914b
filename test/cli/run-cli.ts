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

export async function runCli(platform: TestPlatform, ...args: string[]): Promise<CliResult> {
  const env = { ...process.env, DATABASE_URL: platform.settings.adminUrl, DATABASE_NAME: platform.settings.databaseName, LOG_LEVEL: 'silent' };
  try {
    const { stdout, stderr } = await run(process.execPath, [CLI, ...args], { env });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as CliResult;
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}
