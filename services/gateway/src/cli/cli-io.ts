import { readFileSync } from 'node:fs';
import type { GatewayConfig } from '../config';

export const USAGE = `Usage: pnpm cli <command> [options]

Commands:
  migrate                                   apply pending migrations
  tenant:list                               print every city
  tenant:create --file city.json            add a city; the file is CreateTenantInput as JSON
  tenant:update --slug SLUG --file patch.json
                                            change a city; the file is UpdateTenantInput as JSON
  billing:import --slug SLUG --file bills.csv
                                            import a city's bills, all or nothing (columns as importBillsCsv)
  autopay:run --slug SLUG --date YYYY-MM-DD
                                            run a city's autopay for a date up to today (as runAutopay);
                                            rerunning charges nobody twice; charges through PROCESSOR_URL
                                            (unset: the sandbox of a running pnpm start)
  mail:list                                 list the development mailbox (.data/mail, DEV_MAILBOX_DIR): what
                                            pnpm start "sent" without SMTP_URL, oldest first
  notifications:deliver                     one delivery pass: send every due message through SMTP_URL
                                            (unset: the development mailbox of a running pnpm start)
  phone:call --to NUMBER [--from +15555550123] [--url http://127.0.0.1:4000] [--connector-url URL] [--token TOKEN]
             [--provider twilio|signalwire]
                                            call a city's pay-by-phone line on a running gateway, in this
                                            terminal: prompts as text, keys from stdin (one answer a line),
                                            card digits sent to the pay connector (default: the sandbox's)

The database comes from DATABASE_URL (or the embedded one under .data/), as for pnpm start.
Exit codes: 0 done, 1 refused (the reasons are printed), 2 usage or configuration error.`;

/** The options every command may take, as parsed from the command line. */
export interface CliOptions {
  readonly file?: string;
  readonly slug?: string;
  readonly date?: string;
  readonly to?: string;
  readonly from?: string;
  readonly url?: string;
  readonly 'connector-url'?: string;
  readonly token?: string;
  readonly provider?: string;
}

/** The commands that work on the platform's database, through the same domain functions as the operator mutations. */
export const PLATFORM_COMMANDS = ['migrate', 'tenant:list', 'tenant:create', 'tenant:update', 'billing:import', 'autopay:run', 'notifications:deliver'] as const;
export type PlatformCommand = (typeof PLATFORM_COMMANDS)[number];

/** The options each command cannot do without, as it says when one is missing. */
const REQUIRED_OPTIONS: Partial<Record<PlatformCommand, { readonly options: readonly (keyof CliOptions)[]; readonly message: string }>> = {
  'tenant:create': { options: ['file'], message: '--file is required' },
  'tenant:update': { options: ['slug', 'file'], message: 'tenant:update needs --slug and --file' },
  'billing:import': { options: ['slug', 'file'], message: 'billing:import needs --slug and --file' },
  'autopay:run': { options: ['slug', 'date'], message: 'autopay:run needs --slug and --date' },
};

/** The options each command takes; any other is a usage error, not quietly ignored (tenant:list --slug x listed every city). */
const TAKES: Record<PlatformCommand | 'mail:list' | 'phone:call', readonly (keyof CliOptions)[]> = {
  migrate: [],
  'tenant:list': [],
  'tenant:create': ['file'],
  'tenant:update': ['slug', 'file'],
  'billing:import': ['slug', 'file'],
  'autopay:run': ['slug', 'date'],
  'notifications:deliver': [],
  'mail:list': [],
  'phone:call': ['to', 'from', 'url', 'connector-url', 'token', 'provider'],
};

/** What the command was given that it does not take (an option, or words after the command), said as the usage error; null when nothing. */
export function unexpectedArguments(command: keyof typeof TAKES, options: CliOptions, positionals: readonly string[]): string | null {
  const extra = (Object.keys(options) as (keyof CliOptions)[]).filter((option) => options[option] !== undefined && !TAKES[command].includes(option));
  if (extra.length > 0) return `${command} does not take ${extra.map((option) => `--${option}`).join(', ')}`;
  return positionals.length > 1 ? `${command} takes no arguments after it: ${positionals.slice(1).join(' ')}` : null;
}

/** What the command lacks, said as the usage error; null when it has every option it needs. */
export function missingOption(command: PlatformCommand, options: CliOptions): string | null {
  const required = REQUIRED_OPTIONS[command];
  return required && required.options.some((option) => !options[option]) ? required.message : null;
}

/** Says what is wrong and how to call the CLI; the exit code for it (2). */
export function usageError(message: string): number {
  process.stderr.write(`${message}\n\n${USAGE}\n`);
  return 2;
}

/** Prints a command's answer as JSON on stdout, where scripts read it. */
export function printJson(value: unknown, indent?: number): void {
  process.stdout.write(`${JSON.stringify(value, null, indent)}\n`);
}

/**
 * The file as text, or null once the reason it cannot be read is printed.
 * UTF-16 when its byte-order mark says so, UTF-8 when its bytes are UTF-8, else Windows-1252: what Excel's plain
 * "CSV (Comma delimited)" writes in the Americas, whose "ñ" (one byte, 0xF1)
 * read as UTF-8 would reach a resident's bill as U+FFFD.
 */
export function readTextFile(file: string | undefined, option = '--file'): string | null {
  if (!file) {
    usageError(`${option} is required`);
    return null;
  }
  try {
    return decodeText(readFileSync(file));
  } catch (error) {
    usageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

/**
 * Bytes as UTF-16 when they start with its byte-order mark (what PowerShell's `>` and Out-File, Notepad's "Unicode"
 * and Excel's "Unicode Text" write: read as one character a byte, every other one a NUL); else as UTF-8 if they are
 * valid UTF-8, else as Windows-1252 (where every byte is a character, so nothing is lost).
 */
function decodeText(bytes: Buffer): string {
  const utf16 = bytes[0] === 0xff && bytes[1] === 0xfe ? 'utf-16le' : bytes[0] === 0xfe && bytes[1] === 0xff ? 'utf-16be' : null;
  if (utf16) return new TextDecoder(utf16, { fatal: true }).decode(bytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1').replace(/[\u0080-\u009f]/g, (char) => WINDOWS_1252_80_TO_9F[char.charCodeAt(0) - 0x80]!);
  }
}

/**
 * Windows-1252's characters for bytes 0x80 to 0x9F (curly quotes, dashes, the
 * euro sign); its other bytes are Latin-1's, and the five it leaves undefined
 * stay their C1 controls, as the WHATWG decoder has them. Not
 * TextDecoder('windows-1252'): Node 20 reads these bytes as Latin-1
 * (nodejs/node#56542), which would put a control character for "’".
 */
const WINDOWS_1252_80_TO_9F = [
  ...['\u20ac', '\u0081', '\u201a', '\u0192', '\u201e', '\u2026', '\u2020', '\u2021', '\u02c6', '\u2030', '\u0160', '\u2039', '\u0152', '\u008d', '\u017d', '\u008f'],
  ...['\u0090', '\u2018', '\u2019', '\u201c', '\u201d', '\u2022', '\u2013', '\u2014', '\u02dc', '\u2122', '\u0161', '\u203a', '\u0153', '\u009d', '\u017e', '\u0178'],
];

/** The file's JSON object, or null once the reason it is not one is printed. */
export function readJsonFile(file: string | undefined): Record<string, unknown> | null {
  const text = readTextFile(file);
  if (text === null) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) return parsed as Record<string, unknown>;
    usageError(`${file} must hold a JSON object`);
  } catch (error) {
    usageError(`cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
  }
  return null;
}

/** Where a running `pnpm start` with this configuration answers, as a client on this machine reaches it. */
export function localGatewayUrl(config: GatewayConfig): string {
  return `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`;
}
