import type { SendOutcome } from '../delivery/send-outcome';

export interface OutgoingSms {
  /** The outbox row's id, given to the provider as its idempotency reference where it takes one. */
  readonly notificationId: string;
  /** E.164, e.g. +15625550100. */
  readonly to: string;
  readonly body: string;
  /** The city's own Twilio Messaging Service; null for the sender's own (the platform's). */
  readonly messagingServiceSid: string | null;
}

/** A text-message provider (Twilio Messaging, or the development sink). */
export interface SmsSender {
  /** What the start banner shows, e.g. "Twilio Messaging" or "development sink (.data/sms)". */
  readonly description: string;
  /**
   * Hands one text to the provider. By the time `deadline` fires (shortly
   * before the message's claim lapses) the attempt has ended: a request still
   * unanswered then is given up on as a TEMPORARY failure, never left running
   * while another worker may claim the message and send it again.
   */
  send(sms: OutgoingSms, deadline: AbortSignal): Promise<SendOutcome>;
}
