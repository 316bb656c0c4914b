import { createServer } from 'node:net';
import { runCliWith } from './run-cli';

/*
 * What the CLI says when it cannot do what it was asked, before any database: on stderr, in words that name the
 * problem, exit code 2. Found by attack: a misspelt command printed the whole usage on stdout, where a script reads
 * answers, without saying which word was wrong; and `phone:call` with no gateway running said only "fetch failed".
 */

it('names a misspelt command on stderr, with the usage, exit code 2, and prints nothing on stdout', async () => {
  const result = await runCliWith({}, 'tenant:lst');
  expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 2, stdout: '' });
  expect(result.stderr).toMatch(/^unknown command "tenant:lst"\n\nUsage: pnpm cli <command>/);
});

it('says a command is needed when given none, on stderr, exit code 2', async () => {
  const result = await runCliWith({});
  expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 2, stdout: '' });
  expect(result.stderr).toMatch(/^no command given\n\nUsage: pnpm cli <command>/);
});

it('prints the usage on stdout for --help, exit code 0', async () => {
  const result = await runCliWith({}, '--help');
  expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
  expect(result.stdout).toMatch(/^Usage: pnpm cli <command>/);
});

it('phone:call to a gateway that is not running says which address it could not reach, exit code 2', async () => {
  // A port nothing listens on: taken, then given back.
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));

  const result = await runCliWith({}, 'phone:call', '--to', '888-647-2502', '--url', `http://127.0.0.1:${port}`, '--token', 'test-token');
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(`could not reach the gateway at http://127.0.0.1:${port}/`);
  expect(result.stderr).not.toContain('fetch failed');
});

it('phone:call plays Twilio or SignalWire lines only: a Telnyx line is signed with a key only Telnyx holds, exit code 2', async () => {
  const result = await runCliWith({}, 'phone:call', '--to', '888-647-2502', '--provider', 'telnyx', '--token', 'test-token');
  expect(result.code).toBe(2);
  expect(result.stderr).toContain('phone:call --provider is twilio or signalwire (a Telnyx city cannot be played here)');
});
