import { randomUUID } from 'node:crypto';
import { maskAccountNumber } from '@platform/billing';
import type { CardBrand, Locale, RecordedMethodKind } from '@platform/core';
import type { Tenant } from '@platform/tenants';
import type { PaymentChannel } from '../payment/payment-channel';
import { newConfirmationNumber } from '../payment/confirmation-number';
import { PaymentEntity } from '../payment/payment.entity';
import { paymentEventFacts } from '../payment/payment.events';
import { expectedPostingDate } from '../posting/posting-date';

/*
 * A new PENDING payment as every path records it: a payer's own (makePayment, the counter, the phone line) and
 * autopay's batches (recordPendingCharges). One builder, so a column, a posting rule or an event fact added to a
 * payment reaches both.
 */

/** Who a payment is recorded for, and who records it. */
export interface Payer {
  readonly userId: string | null;
  /** Where the receipt goes; none for a signed-in payer without an email. */
  readonly email: string | null;
  /**
   * When the receipt goes to a user's account email rather than an address typed for it: that user, so each later
   * notice goes to their email as it is then (PaymentEntity.noticeUserId).
   */
  readonly noticeUserId?: string | null;
  readonly locale: Locale;
  /** On the first transition: the payer's user id, "guest", or the job that pays for them (e.g. "autopay"). */
  readonly actor: string;
  /** How the payer reached the city (the path's own default unless said). */
  readonly channel?: PaymentChannel;
}

/** How a payment was made, as recorded: an online method resolved through the processor, or cash or a check at the counter. */
export interface RecordedMethod {
  readonly kind: RecordedMethodKind;
  readonly brand: CardBrand | null;
  readonly last4: string;
  readonly fingerprint: string;
  readonly savedMethodId: string | null;
  readonly checkNumber?: string | null;
  readonly receivedBy?: string | null;
  /** Counter cash: what the resident handed over, in cents (at least the payment's total); null when not given. */
  readonly cashReceivedCents?: bigint | null;
}

export interface PaymentKeys {
  readonly idempotencyKey: string;
  readonly requestHash: string;
}

/** What a new payment is made of. */
export interface NewPayment {
  readonly keys: PaymentKeys;
  readonly payer: Payer;
  readonly method: RecordedMethod;
  readonly amountCents: bigint;
  readonly feeCents: bigint;
  readonly channel: PaymentChannel;
  readonly expectedPostingDate: string;
}

/** Confirmation numbers are random: a collision is retried with new ones, up to this many tries in all. */
export const CONFIRMATION_NUMBER_TRIES = 4;

/** The PENDING payment, with a new id and confirmation number, made `now`. */
export function newPendingPayment(tenantId: string, made: NewPayment, now: Date): PaymentEntity {
  const { keys, payer, method, amountCents, feeCents } = made;
  return Object.assign(new PaymentEntity(), {
    tenantId,
    id: randomUUID(),
    confirmationNumber: newConfirmationNumber(),
    idempotencyKey: keys.idempotencyKey,
    requestHash: keys.requestHash,
    payerUserId: payer.userId,
    payerEmail: payer.email,
    noticeUserId: payer.noticeUserId ?? null,
    payerPhone: null,
    payerLocale: payer.locale,
    methodKind: method.kind,
    methodBrand: method.brand,
    methodLast4: method.last4,
    methodFingerprint: method.fingerprint,
    savedMethodId: method.savedMethodId,
    checkNumber: method.checkNumber ?? null,
    receivedBy: method.receivedBy ?? null,
    cashReceivedCents: method.cashReceivedCents ?? null,
    amountCents,
    feeCents,
    totalCents: amountCents + feeCents,
    refundedCents: 0n,
    status: 'PENDING' as const,
    channel: made.channel,
    declineCode: null,
    processorChargeId: null,
    returnCode: null,
    expectedPostingDate: made.expectedPostingDate,
    madeAt: now,
    postedAt: null,
    settledAt: null,
    updatedAt: now,
  });
}

/** When a payment made `now` posts, by the city's posting rules (cutoff, lag, business days, holidays). */
export function postingDateOf(tenant: Tenant, now: Date): string {
  const rules = tenant.settings.paymentRules;
  return expectedPostingDate(now, {
    timeZone: tenant.settings.timeZone,
    cutoffLocalTime: rules.postingCutoffLocalTime,
    lagDays: rules.postingLagDays,
    businessDaysOnly: rules.postingBusinessDaysOnly,
    cityHolidays: rules.postingHolidays,
  });
}

/** The first event of a payment: its facts and the accounts it pays, masked (from their numbers, or as billing masked them). */
export function pendingEventPayload(payment: PaymentEntity, targets: readonly ({ readonly accountNumber?: string } | { readonly maskedAccountNumber: string })[]) {
  const masked = targets.map((t) => ('maskedAccountNumber' in t ? t.maskedAccountNumber : maskAccountNumber(t.accountNumber!)));
  return {
    paymentId: payment.id,
    confirmationNumber: payment.confirmationNumber,
    from: null,
    status: 'PENDING' as const,
    totalCents: payment.totalCents,
    ...paymentEventFacts(payment),
    maskedAccountNumbers: [...new Set(masked)],
  };
}
