import type { CardBrand, Locale, RecordedMethodKind } from '@platform/core';
import { bigintColumn } from '@platform/db';
import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { PaymentChannel } from './payment-channel';
import type { PaymentStatus } from './payment.state';

/** One payment by one payer, of one or more accounts or payables, with one method. */
@Entity({ name: 'payments' })
export class PaymentEntity {
  @PrimaryColumn({ name: 'tenant_id', type: 'uuid' }) tenantId: string;
  @PrimaryColumn({ type: 'uuid' }) id: string;
  @Column({ name: 'confirmation_number', type: 'text' }) confirmationNumber: string;
  @Column({ name: 'idempotency_key', type: 'text' }) idempotencyKey: string;
  /** SHA-256 of the request as sent, so a reused key with a different request is refused. */
  @Column({ name: 'request_hash', type: 'text' }) requestHash: string;
  @Column({ name: 'payer_user_id', type: 'uuid', nullable: true }) payerUserId: string | null;
  /** Where the receipt went when the payment was made. Later notices go there only when `noticeUserId` is null. */
  @Column({ name: 'payer_email', type: 'text', nullable: true }) payerEmail: string | null;
  /**
   * The user whose account email the payment's notices go to, read as each is queued: the receipt went to that email
   * (a signed-in payer's own, autopay's, or the account holder's from the counter), and the user may change it. Null:
   * to `payerEmail` as given (a guest's, or one the payer typed). Their texts and the redirect of waiting emails on an
   * email change follow it too; who paid (`payerUserId`) does not.
   */
  @Column({ name: 'notice_user_id', type: 'uuid', nullable: true }) noticeUserId: string | null;
  /** E.164: the number a payer on the phone line asked to be texted at about this payment (see textPaymentOutcome). */
  @Column({ name: 'payer_phone', type: 'text', nullable: true }) payerPhone: string | null;
  @Column({ name: 'payer_locale', type: 'text' }) payerLocale: Locale;
  @Column({ name: 'method_kind', type: 'text' }) methodKind: RecordedMethodKind;
  @Column({ name: 'method_brand', type: 'text', nullable: true }) methodBrand: CardBrand | null;
  /** A card's or bank account's last four; a check number's last four (or fewer) digits; empty for cash. */
  @Column({ name: 'method_last4', type: 'text' }) methodLast4: string;
  /** CHECK only: the number printed on the check. */
  @Column({ name: 'check_number', type: 'text', nullable: true }) checkNumber: string | null;
  /** Counter payments only: the staff member who took the money, as they typed their name (the signed-in user is the actor). */
  @Column({ name: 'received_by', type: 'text', nullable: true }) receivedBy: string | null;
  /** Counter cash only: the cash the resident handed over, in cents, never less than `totalCents` (the change is the difference); null when not given. */
  @Column({ name: 'cash_received_cents', ...bigintColumn, nullable: true }) cashReceivedCents: bigint | null;
  @Column({ name: 'method_fingerprint', type: 'text' }) methodFingerprint: string;
  @Column({ name: 'saved_method_id', type: 'uuid', nullable: true }) savedMethodId: string | null;
  /** What goes to the accounts. */
  @Column({ name: 'amount_cents', ...bigintColumn }) amountCents: bigint;
  @Column({ name: 'fee_cents', ...bigintColumn }) feeCents: bigint;
  /** What the processor charges: amount plus fee. */
  @Column({ name: 'total_cents', ...bigintColumn }) totalCents: bigint;
  @Column({ name: 'refunded_cents', ...bigintColumn }) refundedCents: bigint;
  @Column({ type: 'text' }) status: PaymentStatus;
  /** How the payment reached the city: web, phone, counter or autopay. */
  @Column({ type: 'text' }) channel: PaymentChannel;
  @Column({ name: 'decline_code', type: 'text', nullable: true }) declineCode: string | null;
  @Column({ name: 'processor_charge_id', type: 'text', nullable: true }) processorChargeId: string | null;
  @Column({ name: 'return_code', type: 'text', nullable: true }) returnCode: string | null;
  @Column({ name: 'expected_posting_date', type: 'date' }) expectedPostingDate: string;
  @Column({ name: 'made_at', type: 'timestamptz' }) madeAt: Date;
  @Column({ name: 'posted_at', type: 'timestamptz', nullable: true }) postedAt: Date | null;
  @Column({ name: 'settled_at', type: 'timestamptz', nullable: true }) settledAt: Date | null;
  @Column({ name: 'updated_at', type: 'timestamptz' }) updatedAt: Date;
}
