import { createTransport } from 'nodemailer';
import type { SendOutcome } from '../delivery/send-outcome';
import type { EmailSender, OutgoingEmail } from './email-sender';

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
   * Gives up on a silent server after this long: per step (connect,
   * greeting, each reply), not per send. A whole send is bounded by the
   * deadline `send` is given instead.
   */
  readonly timeoutMs: number;
}

/**
 * No answer, or not the answer SMTP promises: the relay or the way to it is
 * down. nodemailer names a connection lost at any step CONN, so a drop during
 * DATA counts too; a message that drops the connection every time is bounded
 * by the give-up age, not by its attempts.
 */
const CONNECTION_ERRORS = new Set(['ECONNECTION', 'ETIMEDOUT', 'ESOCKET', 'EDNS', 'ECONNREFUSED', 'ECONNRESET', 'EPROTOCOL', 'ETLS']);

/*
 * Relays that check the From: header against the mailbox signed in (Microsoft 365, Amazon SES) see it only in the
 * message, so they refuse a sender the platform may not send as at the end of DATA, for every message of the city:
 * Microsoft 365's SendAsDenied ("550 5.7.60 SMTP; Client does not have permissions to send as this sender", "554 5.2.252
 * SendAsDenied; ... not allowed to send as ..."), older Exchange's the same words under 5.7.1 (which is also a spam
 * rejection, so the words decide), SES's "554 Message rejected: Email address is not verified".
 */
const SEND_AS_DENIED = /\bSendAsDenied\b|\bpermissions? to send as\b|\bnot (?:allowed|authori[sz]ed|permitted) to send as\b|\bEmail address is not verified\b/i;

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
    async send(email: OutgoingEmail, deadline: AbortSignal): Promise<SendOutcome> {
      try {
        const info = await transport.sendMail({
          // The pool drops the message from its queue, or closes the connection sending it, and does not send it again.
          signal: deadline,
          messageId: email.messageId,
          from: { name: email.from.name, address: email.from.address },
          ...(email.replyTo && { replyTo: email.replyTo }),
          to: email.to,
          subject: email.subject,
          text: email.text,
          html: email.html,
          ...(email.unsubscribeUrl && { headers: { 'List-Unsubscribe': `<${email.unsubscribeUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } }),
          // One rejected recipient would otherwise count as sent.
          envelope: { from: email.from.address, to: [email.to] },
        });
        if (info.rejected.length > 0) return classifySmtpError({ responseCode: 550, response: String(info.response), command: 'RCPT TO' });
        return { kind: 'SENT', providerMessageId: typeof info.response === 'string' ? info.response.slice(0, 200) : null };
      } catch (error) {
        // The server may yet have taken it (its reply unread): the retry goes under the same Message-ID.
        if (deadline.aborted) return { kind: 'TEMPORARY', error: `no answer before the send's deadline (its claim was about to lapse): ${describeError(error)}` };
        return classifySmtpError(error);
      }
    },
    close: () => transport.close(),
  };
}

/**
 * What a failed send means, by who was refused. A refusal of the sender (the
 * server will not take mail from the city's from-address: at MAIL FROM, or at
 * the end of DATA where it checks the From: header, SEND_AS_DENIED), of the
 * platform's login (AUTH) or of the platform itself (its greeting, EHLO or
 * STARTTLS refused, as a relay does to a blocklisted address, or relaying
 * refused at RCPT TO with a 5.7.x policy status, as Postfix's "554 5.7.1
 * Relay access denied" and Microsoft 365's "550 5.7.64 ... Relay Access
 * Denied"), and a relay that cannot be reached, are the city's or the
 * platform's configuration, not the resident's address: RELAY_UNAVAILABLE,
 * waited out without spending the message's attempts, so the messages go out
 * once it is fixed, and never a bounce, which would mark every resident's
 * address undeliverable. A 5xx that refuses the recipient (RCPT TO, or an
 * enhanced status of the destination mailbox: 5.1.x other than the sender's
 * 5.1.7 and 5.1.8, or 5.2.1 disabled) is a hard bounce; any other 5xx refuses
 * this message for good. A 4xx is worth another try, and so is anything
 * unknown: giving up on a receipt by mistake is worse than a late one.
 */
export function classifySmtpError(error: unknown): SendOutcome {
  const { responseCode, code, response, message, command = '' } = (error ?? {}) as { responseCode?: number; code?: string; response?: string; message?: string; command?: string };
  const text = (response ?? message ?? String(error)).slice(0, 500);
  if (refusesSender(code, command, text)) return { kind: 'RELAY_UNAVAILABLE', error: `the mail server refused the sender: ${text}` };
  if (typeof responseCode === 'number' && refusesPlatform(command, responseCode, text)) return { kind: 'RELAY_UNAVAILABLE', error: `the mail server refused the platform: ${text}` };
  if (code && CONNECTION_ERRORS.has(code)) return { kind: 'RELAY_UNAVAILABLE', error: `${code}: ${text}` };
  if (typeof responseCode === 'number' && responseCode >= 500) return { kind: 'PERMANENT', reason: refusesRecipient(command, text) ? 'BOUNCED' : 'REJECTED', error: text };
  if (typeof responseCode === 'number' && responseCode >= 400) return { kind: 'TEMPORARY', error: text };
  if (code === 'EENVELOPE' && /invalid|no recipients/i.test(text)) return { kind: 'PERMANENT', reason: 'INVALID_ADDRESS', error: text };
  return { kind: 'TEMPORARY', error: text };
}

/**
 * The login, the city's from-address at MAIL FROM (not a message larger than the server takes, which nodemailer
 * reports there as EMESSAGE and is that message's), or a reply at any step saying the platform may not send as it
 * (5.7.60 or SEND_AS_DENIED's words; nodemailer names a refusal at the end of DATA EMESSAGE too).
 */
function refusesSender(code: string | undefined, command: string, reply: string): boolean {
  if (code === 'EAUTH') return true;
  if (code !== 'EMESSAGE' && /^(AUTH|MAIL FROM)\b/i.test(command)) return true;
  const status = enhancedStatus(reply);
  return (status?.subject === 7 && status.detail === 60) || SEND_AS_DENIED.test(reply);
}

/** A reply refusing the platform before any message was named (nodemailer's CONN is the greeting), or relaying at RCPT TO (security or policy: 5.7.x). */
function refusesPlatform(command: string, responseCode: number, reply: string): boolean {
  if (/^(CONN|EHLO|HELO|LHLO|STARTTLS)\b/i.test(command)) return true;
  return /^RCPT TO\b/i.test(command) && responseCode >= 500 && enhancedStatus(reply)?.subject === 7;
}

/** A permanent refusal of the recipient's address, by the command it answered or its enhanced status code (RFC 3463). */
function refusesRecipient(command: string, reply: string): boolean {
  if (/^RCPT TO\b/i.test(command)) return true;
  const status = enhancedStatus(reply);
  if (!status) return false;
  return (status.subject === 1 && status.detail !== 7 && status.detail !== 8) || (status.subject === 2 && status.detail === 1);
}

/** The permanent enhanced status code (RFC 3463) a reply starts with, after its basic code or on its own. */
function enhancedStatus(reply: string): { subject: number; detail: number } | null {
  const status = /^\d{3}[ -]5\.(\d{1,3})\.(\d{1,3})\b/.exec(reply) ?? /^5\.(\d{1,3})\.(\d{1,3})\b/.exec(reply);
  return status ? { subject: Number(status[1]), detail: Number(status[2]) } : null;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
