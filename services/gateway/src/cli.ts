import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { PLATFORM_COMMANDS, USAGE, missingOption, unexpectedArguments, usageError, type CliOptions } from './cli/cli-io';

/*
 * `pnpm cli`: operator commands without GraphQL, for the same domain
 * functions the operator mutations call. The CLI is trusted like the
 * operator's key: whoever can run it can already reach the database.
 * Each command's module is loaded only when it runs: the platform's modules
 * take about a second to load, which `--help`, a usage error, `mail:list`
 * and `phone:call` need not wait for.
 */

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      file: { type: 'string' },
      slug: { type: 'string' },
      date: { type: 'string' },
      to: { type: 'string' },
      from: { type: 'string' },
      url: { type: 'string' },
      'connector-url': { type: 'string' },
      token: { type: 'string' },
      provider: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  const command = positionals[0] ?? '';
  const { help, ...options }: CliOptions & { help?: boolean } = values;
  const known = [...PLATFORM_COMMANDS, 'mail:list', 'phone:call'] as const;
  const knownCommand = known.find((name) => name === command);
  const unexpected = knownCommand && !help ? unexpectedArguments(knownCommand, options, positionals) : null;
  if (unexpected) return usageError(unexpected);
  if (command === 'mail:list') return (await import('./cli/mail-list-command.js')).listMail();
  if (command === 'phone:call') return (await import('./cli/phone-call-command.js')).phoneCall(options);
  const platformCommand = PLATFORM_COMMANDS.find((name) => name === command);
  if (help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // An error, so on stderr, naming the word that is wrong: stdout is for answers.
  if (!platformCommand) return usageError(command ? `unknown command "${command}"` : 'no command given');
  const missing = missingOption(platformCommand, options);
  if (missing) return usageError(missing);
  return (await import('./cli/platform-commands.js')).runPlatformCommand(platformCommand, options);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(2);
  },
);
