import type { SendOutcome } from '../delivery/send-outcome';

export interface OutgoingEmail {
  /** The outbox row's id. */
  readonly notificationId: string;
  /** Built from the row's id (messageIdFor), the same on every attempt, so a receiver can tell a re-sent copy. */
  readonly messageId: string;
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

/**
 * `<id@domain>`, in the domain of the platform's own sender address
 * (NOTIFICATION_FROM_ADDRESS): unique to the platform, and the same on every
 * attempt. Not the city's from-address, which the city may change while a
 * retry waits: the retry would go under another Message-ID, and a receiver
 * holding the first copy could not drop the second.
 */
export function messageIdFor(notificationId: string, platformFromAddress: string): string {
  const domain = platformFromAddress.split('@')[1] || 'notifications.invalid';
  return `<${notificationId}@${domain}>`;
}
