import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { SMTPServer } from 'smtp-server';

export interface DevMailbox {
  /** smtp://127.0.0.1:<port>, to hand the SMTP sender. */
  readonly url: string;
  readonly port: number;
  readonly dir: string;
  close(): Promise<void>;
}

/**
 * Development only: an SMTP server on 127.0.0.1 that accepts every message
 * and writes it, as received, to `<dir>/<time>-<n>.eml`, so a developer
 * reads the reset link of the account they just made. Never started when
 * SMTP_URL is set, and refused in production by the configuration.
 */
export async function startDevMailbox(options: { readonly dir: string; readonly port: number; readonly host?: string }): Promise<DevMailbox> {
  mkdirSync(options.dir, { recursive: true });
  let counter = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    banner: 'development mailbox',
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const name = `${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}-${++counter}.eml`;
        const envelope = `X-Mailbox-Envelope-To: ${session.envelope.rcptTo.map((r) => r.address).join(', ')}\r\n`;
        writeFileSync(path.join(options.dir, name), Buffer.concat([Buffer.from(envelope), ...chunks]));
        callback(null, `stored as ${name}`);
      });
    },
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  return { url: `smtp://${host}:${port}`, port, dir: options.dir, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export interface MailboxEntry {
  readonly file: string;
  readonly receivedAt: Date;
  readonly to: string;
  readonly subject: string;
}

/** The development mailbox's messages, newest last: who each is for and its subject (headers only, no parsing of bodies). */
export function listDevMailbox(dir: string): MailboxEntry[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((file) => file.endsWith('.eml'));
  } catch {
    return [];
  }
  return files.sort().map((file) => {
    const full = path.join(dir, file);
    const head = readFileSync(full, 'utf8').split(/\r?\n\r?\n/, 1)[0] ?? '';
    const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
    const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(unfolded)?.[1]?.trim() ?? '';
    return { file: full, receivedAt: statSync(full).mtime, to: header('To'), subject: decodeWords(header('Subject')) };
  });
}

/** RFC 2047 encoded words ("=?UTF-8?Q?Recibo_de_pago?="), which nodemailer uses for non-ASCII subjects. */
function decodeWords(value: string): string {
  return value.replace(/=\?([^?]+)\?([QqBb])\?([^?]*)\?=\s*/g, (_whole, _charset: string, encoding: string, text: string) => {
    if (encoding.toUpperCase() === 'B') return Buffer.from(text, 'base64').toString('utf8');
    const bytes = text.replace(/_/g, ' ').replace(/=([0-9A-Fa-f]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  });
}
