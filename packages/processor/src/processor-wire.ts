import { CARD_BRANDS, PAYMENT_METHOD_KINDS } from '@platform/core';
import { z } from 'zod';
import { DISPUTE_REASONS, type Charge, type ChargeStatus, type Dispute, type ProcessorEventPage, type Refund, type SavedMethod, type TokenDetails } from './payment-processor';

/*
 * The processor's JSON, checked and turned into the platform's types. Amounts
 * arrive as strings of integer cents and become bigint through BigInt alone,
 * never through a JavaScript number.
 */

const CHARGE_STATUSES = ['CAPTURED', 'PENDING_SETTLEMENT', 'SETTLED', 'RETURNED', 'VOIDED'] as const satisfies readonly ChargeStatus[];

const cents = z
  .string()
  .regex(/^\d{1,18}$/)
  .transform((digits) => BigInt(digits));
const instant = z.iso.datetime().transform((text) => new Date(text));
const kind = z.enum(PAYMENT_METHOD_KINDS);
const brand = z.enum(CARD_BRANDS).nullable();
const month = z.number().int().min(1).max(12).nullable();
const year = z.number().int().nullable();

export const chargeWire = z
  .object({
    id: z.string().min(1),
    idempotencyKey: z.string(),
    status: z.enum(CHARGE_STATUSES),
    amount: cents,
    refunded: cents,
    kind,
    brand,
    last4: z.string(),
    fingerprint: z.string(),
    returnCode: z.string().nullable(),
    createdAt: instant,
    voidedAt: instant.nullable().optional(),
  })
  .transform((wire): Charge => ({
    id: wire.id,
    idempotencyKey: wire.idempotencyKey,
    status: wire.status,
    amountCents: wire.amount,
    refundedCents: wire.refunded,
    kind: wire.kind,
    brand: wire.brand,
    last4: wire.last4,
    fingerprint: wire.fingerprint,
    returnCode: wire.returnCode,
    createdAt: wire.createdAt,
    voidedAt: wire.voidedAt ?? null,
  }));

export const chargeSearchWire = z.object({ data: z.array(chargeWire).max(1) }).transform((wire): Charge | null => wire.data[0] ?? null);

export const refundWire = z
  .object({ id: z.string().min(1), chargeId: z.string().min(1), amount: cents, createdAt: instant })
  .transform((wire): Refund => ({ id: wire.id, chargeId: wire.chargeId, amountCents: wire.amount, createdAt: wire.createdAt }));

const DISPUTE_STATUSES = { needs_response: 'OPEN', won: 'WON', lost: 'LOST' } as const;

const disputeWire = z
  .object({
    id: z.string().min(1),
    chargeId: z.string().min(1),
    amount: cents,
    fee: cents,
    // A reason this platform does not know yet is GENERAL rather than an unreadable feed.
    reason: z.string().transform((text) => DISPUTE_REASONS.find((known) => known === text.toUpperCase()) ?? 'GENERAL'),
    // Any status but a decision is a dispute still open (a processor's "under_review", "warning_needs_response"...): one
    // the platform does not know must not make the whole feed unreadable, stopping every city's refunds and returns.
    status: z.string().transform((text): keyof typeof DISPUTE_STATUSES => (text === 'won' || text === 'lost' ? text : 'needs_response')),
    respondBy: instant,
    createdAt: instant,
    closedAt: instant.nullable(),
  })
  .transform((wire): Dispute => ({
    id: wire.id,
    chargeId: wire.chargeId,
    amountCents: wire.amount,
    feeCents: wire.fee,
    reason: wire.reason,
    status: DISPUTE_STATUSES[wire.status],
    respondBy: wire.respondBy,
    createdAt: wire.createdAt,
    closedAt: wire.closedAt,
  }));

export const eventPageWire = z
  .object({
    data: z.array(
      z
        .object({ id: z.string().min(1), type: z.string().min(1), createdAt: instant, charge: chargeWire, refund: refundWire.nullable(), dispute: disputeWire.nullable().optional() })
        .transform((event) => ({ ...event, dispute: event.dispute ?? null })),
    ),
    hasMore: z.boolean(),
  })
  .transform((wire): ProcessorEventPage => ({ events: wire.data, hasMore: wire.hasMore }));

export const tokenDetailsWire = z.object({
  token: z.string().min(1),
  kind,
  brand,
  last4: z.string(),
  expMonth: month,
  expYear: year,
  holderName: z.string().nullable(),
  bankAccountType: z.enum(['CHECKING', 'SAVINGS']).nullable(),
  fingerprint: z.string(),
  used: z.boolean(),
}) satisfies z.ZodType<TokenDetails>;

export const bankVerificationWire = z.object({ valid: z.boolean(), reason: z.string().nullable() });

export const profileWire = z.object({ id: z.string().min(1) }).transform((wire) => ({ profileId: wire.id }));

export const savedMethodWire = z
  .object({
    id: z.string().min(1),
    profileId: z.string().min(1),
    kind,
    brand,
    last4: z.string(),
    expMonth: month,
    expYear: year,
    holderName: z.string().nullable(),
    fingerprint: z.string(),
  })
  .transform((wire): SavedMethod => ({
    profileId: wire.profileId,
    methodId: wire.id,
    kind: wire.kind,
    brand: wire.brand,
    last4: wire.last4,
    expMonth: wire.expMonth,
    expYear: wire.expYear,
    holderName: wire.holderName,
    fingerprint: wire.fingerprint,
  }));

export const deletionWire = z.object({ deleted: z.literal(true) }).transform(() => ({ deleted: true as const }));

/** A refusal's body; either part may be missing from a processor that is having a bad day. */
export const errorWire = z.object({ error: z.object({ code: z.string().optional(), message: z.string().optional() }) });
