import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream } from 'smtp-server';

/**
 * What the server answers to one message's DATA: accept it, refuse it with
 * a code, say nothing until the client goes away, or accept it after
 * `beforeAccept` (the message counts as accepted here whatever became of
 * the client meanwhile, as a real server would have queued it).
 */
type Reply = 'accept' | { readonly code: number; readonly message: string } | 'hold' | { readonly beforeAccept: () => Promise<void> };

export interface CaughtMessage {
  readonly envelopeTo: string[];
  readonly raw: string;
  readonly parsed: ParsedMail;
}

/** A header as sent, unfolded; null when absent. From the raw lines: mailparser gathers List-* headers into one `list` object. */
export function headerOf(message: CaughtMessage, name: string): string | null {
  const line = message.parsed.headerLines.find((h) => h.key === name.toLowerCase())?.line;
  return line === undefined
    ? null
    : line
        .slice(line.indexOf(':') + 1)
        .replace(/\r?\n[ \t]+/g, ' ')
        .trim();
}

export interface SmtpCatcher {
  readonly url: string;
  /** Messages the server accepted (250), parsed, in arrival order. */
  readonly accepted: CaughtMessage[];
  /** Every DATA the server received, accepted or not (Message-IDs). */
  readonly received: string[];
  /** Decides the reply to the n-th DATA (0-based) for a recipient; default: accept. */
  reply: (n: number, to: string) => Reply;
  /** Refuses a sender at MAIL FROM (as a relay refuses a from-address it does not own); default: none refused. */
  refuseSender: (from: string) => { readonly code: number; readonly message: string } | null;
  /** Refuses a recipient at RCPT TO (as a server refuses a mailbox it does not have); default: none refused. */
  refuseRecipient: (to: string) => { readonly code: number; readonly message: string } | null;
  /** Resolves once `count` messages have been accepted (or rejects after `timeoutMs`). */
  waitForAccepted(count: number, timeoutMs?: number): Promise<CaughtMessage[]>;
  /** Resolves when a DATA is being held (see `hold`). */
  waitForHeld(timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A real SMTP server (smtp-server) in the test process; what arrives is parsed with mailparser. */
export async function startSmtpCatcher(): Promise<SmtpCatcher> {
  let dataCount = 0;
  const waiters: (() => void)[] = [];
  const heldWaiters: (() => void)[] = [];
  const notify = (list: (() => void)[]) => list.splice(0).forEach((fn) => fn());
  const catcher = {
    url: '',
    accepted: [] as CaughtMessage[],
    received: [] as string[],
    reply: (() => 'accept') as SmtpCatcher['reply'],
    refuseSender: (() => null) as SmtpCatcher['refuseSender'],
    refuseRecipient: (() => null) as SmtpCatcher['refuseRecipient'],
  };
  const refusal = (refused: { readonly code: number; readonly message: string } | null) => (refused ? Object.assign(new Error(refused.message), { responseCode: refused.code }) : null);
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onMailFrom(address, _session, callback) {
      callback(refusal(catcher.refuseSender(address.address)));
    },
    onRcptTo(address, _session, callback) {
      callback(refusal(catcher.refuseRecipient(address.address)));
    },
    onData(stream: SMTPServerDataStream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const to = session.envelope.rcptTo.map((r) => r.address);
        const messageId = /^Message-ID:\s*(.*)$/im.exec(raw)?.[1]?.trim() ?? '';
        catcher.received.push(messageId);
        const reply = catcher.reply(dataCount++, to[0] ?? '');
        if (reply === 'hold') {
          notify(heldWaiters);
          return; // never answer: the client's send hangs until it gives up or dies
        }
        if (typeof reply === 'object' && 'beforeAccept' in reply) {
          void reply
            .beforeAccept()
            .then(() => simpleParser(raw))
            .then((parsed) => {
              catcher.accepted.push({ envelopeTo: to, raw, parsed });
              callback(null, 'queued');
              notify(waiters);
            });
          return;
        }
        if (reply !== 'accept') {
          const error = Object.assign(new Error(reply.message), { responseCode: reply.code });
          callback(error);
          return;
        }
        void simpleParser(raw).then((parsed) => {
          catcher.accepted.push({ envelopeTo: to, raw, parsed });
          callback(null, 'queued');
          notify(waiters);
        });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  catcher.url = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  return Object.assign(catcher, {
    waitForAccepted(count: number, timeoutMs = 10_000) {
      return new Promise<CaughtMessage[]>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`${catcher.accepted.length} of ${count} messages arrived within ${timeoutMs} ms`)), timeoutMs);
        const check = () => {
          if (catcher.accepted.length >= count) {
            clearTimeout(timer);
            resolve(catcher.accepted);
          } else waiters.push(check);
        };
        check();
      });
    },
    waitForHeld(timeoutMs = 10_000) {
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no message held within ${timeoutMs} ms`)), timeoutMs);
        heldWaiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  });
}
