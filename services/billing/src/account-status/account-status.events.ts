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
  }),
});
