import { defineEventKind } from '@platform/events';
import { z } from 'zod';
import { PAYMENT_CHANNELS } from './payment-channel';
import { PAYMENT_STATUSES } from './payment.state';

const status = z.enum(PAYMENT_STATUSES);
/** Cents are a decimal string in the stored payload (JSON has no bigint) and a bigint in code. */
const cents = z.codec(z.string().regex(/^-?\d{1,19}$/), z.bigint(), { decode: (wire) => BigInt(wire), encode: (value) => value.toString() });

/**
 * A payment moved to `status` (from `from`; null for its first, PENDING):
 * "payment.<status>", e.g. "payment.captured". Written with every
 * transition, in its transaction, and with every further refund that leaves
 * the status as it was (from PARTIALLY_REFUNDED to the same); read by the
 * payment subscriptions.
 */
export const PaymentMoved = defineEventKind({
  typePrefix: 'payment.',
  typeOf: (payload) => paymentEventType(payload.status),
  payload: z.object({
    paymentId: z.uuid(),
    confirmationNumber: z.string(),
    // A first (PENDING) event written before it carried `from` has none.
    from: status.nullable().default(null),
    status,
    totalCents: cents,
    // What staff boards show of a payment, carried so a replay of thousands of events needs no look-up per event.
    // Events written before these fields carry none (null).
    method: z
      .object({ kind: z.string(), brand: z.string().nullable(), last4: z.string(), checkNumber: z.string().nullable().default(null) })
      .nullable()
      .default(null),
    madeAt: z.iso.datetime().nullable().default(null),
    channel: z.enum(PAYMENT_CHANNELS).nullable().default(null),
    /** The accounts paid, masked; on the payment's first event (PENDING) only. */
    maskedAccountNumbers: z.array(z.string()).nullable().default(null),
  }),
});

/** The parts of a payment every one of its events carries (the first one adds its accounts). */
export const paymentEventFacts = (payment: {
  readonly methodKind: string;
  readonly methodBrand: string | null;
  readonly methodLast4: string;
  readonly checkNumber: string | null;
  readonly madeAt: Date;
  readonly channel: (typeof PAYMENT_CHANNELS)[number];
}) => ({
  method: { kind: payment.methodKind, brand: payment.methodBrand, last4: payment.methodLast4, checkNumber: payment.checkNumber },
  madeAt: payment.madeAt.toISOString(),
  channel: payment.channel,
  maskedAccountNumbers: null,
});

/** The event type of a move to `status`: what the staff feed filters on. */
export const paymentEventType = (to: (typeof PAYMENT_STATUSES)[number]) => `payment.${to.toLowerCase()}`;
