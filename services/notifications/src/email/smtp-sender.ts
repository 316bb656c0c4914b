import { createTransport } from 'nodemailer';
import type { SendOutcome } from '../delivery/send-outcome';
import { messageIdFor, type EmailSender, type OutgoingEmail } from './email-sender';

export interface SmtpSettings {
  /** smtp://user:pass@host:587 (STARTTLS when offered) or smtps://host:465 (TLS from the start). */
  readonly url: string;
  /** Refuse to send unless the connection is encrypted (STARTTLS required on smtp://). */
  readonly requireTls: boolean;
  /** Check the server's certificate (turn off only for a self-signed development server). */
  readonly tlsRejectUnauthorized: boolean;
  /** Connections kept open to the server; messages go out in parallel over them. */
  readonly maxConnections: number;
  /**
   * Gives up on a silent server after this long. Must stay well under the
   * delivery claim, so an attempt ends (and is recorded) before another
   * worker may take the message.
   */
  readonly timeoutMs: number;
}

/** Replies that refuse the recipient itself: the address does not exist or may not receive mail. */
const BOUNCE_CODES = new Set([550, 551, 553]);
/** No answer, or not the answer SMTP promises: try again later. */
const CONNECTION_ERRORS = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPROTOCOL', 'ETLS']);

/** Sends through a pool of SMTP connections (nodemailer). */
export function createSmtpSender(settings: SmtpSettings): EmailSender {
  const transport = createTransport({
    url: settings.url,
    pool: true,
    maxConnections: settings.maxConnections,
    maxMessages: 1000,
    requireTLS: settings.requireTls,
    tls: { rejectUnauthorized: settings.tlsRejectUnauthorized },
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
  });
  return {
    async send(email: OutgoingEmail): Promise<SendOutcome> {
      try {
        const info = await transport.sendMail({
          messageId: messageIdFor(email.notificationId, email.from.address),
          from: { name: email.from.name, address: email.from.address },
          ...(email.replyTo && { replyTo: email.replyTo }),
          to: email.to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          // One rejected recipient would otherwise count as sent.
          envelope: { from: email.from.address, to: [email.to] },
        });
        if (info.rejected.length > 0) return classifySmtpError({ responseCode: 550, response: String(info.response) });
        return { kind: 'SENT', providerMessageId: typeof info.response === 'string' ? info.response.slice(0, 200) : null };
      } catch (error) {
        return classifySmtpError(error);
      }
    },
    close: () => transport.close(),
  };
}

/**
 * 5xx is final (and 550/551/553 name the address: a hard bounce); 4xx and
 * lost connections are worth another try. Anything else unknown is tried
 * again too: giving up on a receipt by mistake is worse than a late one.
 */
export function classifySmtpError(error: unknown): SendOutcome {
  const { responseCode, code, response, message } = (error ?? {}) as { responseCode?: number; code?: string; response?: string; message?: string };
  const text = (response ?? message ?? String(error)).slice(0, 500);
  if (typeof responseCode === 'number' && responseCode >= 500) return { kind: 'PERMANENT', reason: BOUNCE_CODES.has(responseCode) ? 'BOUNCED' : 'REJECTED', error: text };
  if (typeof responseCode === 'number' && responseCode >= 400) return { kind: 'TEMPORARY', error: text };
  if (code === 'EENVELOPE' && /invalid|no recipients/i.test(text)) return { kind: 'PERMANENT', reason: 'INVALID_ADDRESS', error: text };
  if (code && CONNECTION_ERRORS.has(code)) return { kind: 'TEMPORARY', error: `${code}: ${text}` };
  return { kind: 'TEMPORARY', error: text };
}
