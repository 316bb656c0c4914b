import { execFile } from 'node:child_process';
import path from 'node:path';

/*
 * Each program started with a bad environment value tells the operator which
 * variable is wrong and why, in one line, and exits with its code for it (1;
 * the CLI's for bad input, 2): never a JavaScript stack trace. Nothing is started (the configuration is read before any
 * database or port), so no platform is needed here.
 */

const DIST = path.join(__dirname, '../../services/gateway/dist');

function runProgram(program: string, args: readonly string[], env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.join(DIST, program), ...args], { env: { PATH: process.env.PATH ?? '', ...env }, timeout: 30_000 }, (error, _stdout, stderr) => {
      resolve({ code: error ? ((error as { code?: number }).code ?? null) : 0, stderr });
    });
  });
}

const STACK_FRAME = /^\s+at .+:\d+:\d+\)?$/m;

it.each([
  ['main.js', [], 'PORT', 'not-a-port', 1],
  ['worker.js', [], 'METRICS_TOKEN', 'short', 1],
  ['cli.js', ['tenant:list'], 'PORT', 'not-a-port', 2],
])('%s %j with %s=%s: says what is wrong in one line, exit %i, no stack trace', async (program, args, name, value, code) => {
  const started = await runProgram(program, args, { [name]: value });
  expect({ code: started.code, names: started.stderr.includes(`Invalid configuration: ${name}`), stack: STACK_FRAME.test(started.stderr) }).toEqual({ code, names: true, stack: false });
});
