import { CARD_BRANDS, PAYMENT_METHOD_KINDS } from '@platform/core';
import { z } from 'zod';
import type { Charge, ChargeStatus, ProcessorEventPage, Refund, SavedMethod, TokenDetails } from './payment-processor';

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

export const eventPageWire = z
  .object({
    data: z.array(z.object({ id: z.string().min(1), type: z.string().min(1), createdAt: instant, charge: chargeWire, refund: refundWire.nullable() })),
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
