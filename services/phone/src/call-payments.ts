import { WorkAfterAnswer } from '@platform/core';
import type { PaymentEntity } from '@platform/payments';
import type { CallState } from './call-state';

/**
 * How a payment of a call went, as the caller is to hear it: the payment
 * recorded; or nothing recorded or charged, because it was refused (`refused`,
 * the reason as the caller hears it, and what they may try instead), the
 * amount due they chose is no longer what is due (`amountDueNow`: what is due
 * now, as the caller is to hear it), the account reached its look-up
 * limit, or the city's fee changed.
 */
export type PaymentOutcome =
  | { readonly payment: PaymentEntity }
  | {
      readonly refused: string;
      readonly retry: RetryAfterRefusal;
      /**
       * The refusal is one payments' card-testing limits count as a decline: a bank account its bank does not know
       * (the processor's check of a new bank account says so without a charge).
       */
      readonly countsAsDecline?: true;
    }
  | { readonly amountDueNow: AmountDueHeard }
  | {
      readonly rateLimited: true;
      /** Refused by the account's decline backstop (payments' ACCOUNT_DECLINE_LIMIT): strangers' declines, not this caller's doing. */
      readonly accountUnderAttack?: true;
    }
  | { readonly feeChanged: true };

/** What an account owes, as a caller hears it (kept on the call as it was read). */
export type AmountDueHeard = Required<Pick<CallState, 'amountDueCents' | 'pastDueCents' | 'dueDate' | 'paymentUnanswered' | 'accountClosed'>>;

/**
 * What a refused caller may try: another card (the card was the problem);
 * another amount (over the city's maximum, or more than the account owes
 * where it takes no credit, by the city's rule or closed: any card is refused that amount); proving
 * the account again (the payment's own proof failed: the proof made earlier
 * in the call no longer holds, as when a Norman payment posts meanwhile and
 * the last payment amount changes); no card now (the processor did not
 * answer: nothing was charged, and any card would go to it: try later,
 * customer service); or nothing on this call (a payment of
 * the account is still being confirmed: any card and any amount is refused
 * until reconciliation settles it; or a refusal the line does not know).
 */
export type RetryAfterRefusal = 'CARD' | 'AMOUNT' | 'ACCOUNT' | 'UNAVAILABLE' | 'NOTHING';

/** A payment this process started for a call. */
export interface PaymentUnderWay {
  readonly outcome: Promise<PaymentOutcome>;
  /** Set once a webhook stopped waiting for it (a hold): its outcome then goes to settledLate. */
  outlivedWebhook: boolean;
}

/** What becomes of a payment started here once it settles, off any webhook. */
export interface PaymentAftermath {
  /** It settled after a webhook stopped waiting for it: its call's record and the caller are told. Must not reject. */
  settledLate(payment: PaymentEntity): Promise<void>;
  /** It threw: nothing is told; the error is for the log. */
  failed(error: unknown): void;
}

const KEEP_SETTLED_MS = 10 * 60_000;

/**
 * The payments this process started for calls, by city and idempotency key
 * (a call's key holds its CallSid, which another city's call may share),
 * kept a while after they settle. A look again at PAYING waits on the same payment
 * rather than making it again: a second makePayment would check the account
 * and the card again, hold a connection while the first does, and could be
 * refused where the first goes through. A refusal records no payment, so the
 * outcome is kept here for the look again that comes after it.
 *
 * A payment outlives the webhook that started it when the caller is put on
 * hold; the process must not stop before it settles and its call's record is
 * written, or a charge would stay in doubt with no call to show for it. The
 * phone module hands `settled` to the gateway, which awaits it as it stops.
 */
export class CallPaymentsUnderWay {
  private readonly byKey = new Map<string, PaymentUnderWay>();
  /** Each payment's settling and what follows it (settledLate), until done. */
  private readonly finishing = new WorkAfterAnswer();

  get(tenantId: string, paymentKey: string): PaymentUnderWay | undefined {
    return this.byKey.get(`${tenantId}/${paymentKey}`);
  }

  start(tenantId: string, paymentKey: string, outcome: Promise<PaymentOutcome>, aftermath: PaymentAftermath): PaymentUnderWay {
    const key = `${tenantId}/${paymentKey}`;
    const underWay: PaymentUnderWay = { outcome, outlivedWebhook: false };
    this.byKey.set(key, underWay);
    this.finishing.start(
      () =>
        outcome.then(
          async (settled) => {
            setTimeout(() => this.byKey.delete(key), KEEP_SETTLED_MS).unref();
            // A webhook still waiting puts it on the call's record itself.
            if ('payment' in settled && underWay.outlivedWebhook) await aftermath.settledLate(settled.payment);
          },
          (error: unknown) => {
            // A look again reads the payment as recorded (if it was) rather than failing on this error.
            this.byKey.delete(key);
            aftermath.failed(error);
          },
        ),
      // Neither is to reject; should one, it is still only for the log, and settled() still resolves.
      (error) => aftermath.failed(error),
    );
    return underWay;
  }

  /** Resolves once no payment started here is still settling, those started while it waits too. */
  settled(): Promise<void> {
    return this.finishing.settled();
  }
}
