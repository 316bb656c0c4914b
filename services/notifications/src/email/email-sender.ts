import type { SendOutcome } from '../delivery/send-outcome';

export interface OutgoingEmail {
  /** The outbox row's id: the Message-ID is built from it, so a receiver can tell a re-sent copy. */
  readonly notificationId: string;
  readonly from: { readonly name: string; readonly address: string };
  readonly replyTo: string | null;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  /**
   * The one-click unsubscribe address (RFC 8058) of a kind the recipient may
   * switch off, sent as List-Unsubscribe with List-Unsubscribe-Post (what
   * Gmail and Yahoo ask of bulk senders); null for receipts, security
   * notices and failures, which cannot be switched off and carry neither.
   */
  readonly unsubscribeUrl: string | null;
}

/** Hands emails to a mail server. One per process, shared by every delivery pass. */
export interface EmailSender {
  /**
   * Hands one email over. Once `deadline` aborts, the send is given up at
   * once (its connection closed) and is a TEMPORARY failure: the delivery
   * pass aborts it before the message's claim lapses, so no send outlives
   * its claim.
   */
  send(email: OutgoingEmail, deadline: AbortSignal): Promise<SendOutcome>;
  close(): void;
}

/** `<id@domain>`: the domain of the sender's address, so it is unique to the platform and stable across attempts. */
export function messageIdFor(notificationId: string, fromAddress: string): string {
  const domain = fromAddress.split('@')[1] || 'notifications.invalid';
  return `<${notificationId}@${domain}>`;
}
