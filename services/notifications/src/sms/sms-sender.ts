import type { SendOutcome } from '../delivery/send-outcome';

export interface OutgoingSms {
  /** The outbox row's id, given to the provider as its idempotency reference where it takes one. */
  readonly notificationId: string;
  /** E.164, e.g. +15625550100. */
  readonly to: string;
  readonly body: string;
}

/** A text-message provider (Twilio Messaging, or the development sink). */
export interface SmsSender {
  /** What the start banner shows, e.g. "Twilio Messaging" or "development sink (.data/sms)". */
  readonly description: string;
  send(sms: OutgoingSms): Promise<SendOutcome>;
}
