import { defineEventKind } from '@platform/events';
import { z } from 'zod';
import { ACCOUNT_STATUSES } from './account-status.state';

const status = z.enum(ACCOUNT_STATUSES);

/**
 * An account's status changed: "account.<status>", e.g.
 * "account.restoration_pending". Written with the change, in its
 * transaction; read by staff's restoration-requests subscription.
 */
export const AccountStatusChanged = defineEventKind({
  typePrefix: 'account.',
  typeOf: (payload) => `account.${payload.to.toLowerCase()}`,
  payload: z.object({
    serviceAccountId: z.uuid(),
    accountNumber: z.string(),
    from: status.nullable(),
    to: status,
    /** The StatusChangeReason. */
    reason: z.string(),
    actor: z.string(),
    // The payment whose recording, posting or return made the change (a restoration request's payment); events written before it carry none.
    paymentId: z.uuid().nullable().default(null),
  }),
});

/**
 * The payment behind an open restoration request posted, or its bank
 * cleared it (an e-check): "restoration.payment_posted". Not a status change
 * (the account stays RESTORATION_PENDING), but it is what staff wait for
 * before approving, so the restoration-requests subscription carries it.
 */
export const RestorationPaymentPosted = defineEventKind({
  typePrefix: 'restoration.',
  typeOf: () => 'restoration.payment_posted',
  payload: z.object({
    serviceAccountId: z.uuid(),
    accountNumber: z.string(),
    paymentId: z.uuid(),
  }),
});
