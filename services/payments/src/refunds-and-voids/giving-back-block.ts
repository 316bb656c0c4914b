import { Role, type Viewer } from '@platform/api';
import { registerEnumType } from 'type-graphql';

/*
 * Money given back from a payment (a refund or a void) is owed again by the
 * accounts it paid, and a closed account is never billed again: closing is an
 * ADMIN's act, and so is moving money on a closed account (the README's
 * closed accounts). One rule, read by the refusal (givingBackFromClosedAccountRefused,
 * under the accounts' locks) and by Payment.givingBackBlockedBy (so the
 * console offers a clerk no Refund or Void the API would refuse).
 */

export type GivingBackBlock = 'ACCOUNT_CLOSED';

/** Why `viewer` may not give money back from a payment that paid a closed account (`paysClosedAccount`); null when they may. */
export function givingBackBlockedBy(viewer: Viewer | null, paysClosedAccount: boolean): GivingBackBlock | null {
  return paysClosedAccount && !viewer?.roles.includes(Role.ADMIN) ? 'ACCOUNT_CLOSED' : null;
}

export const GivingBackBlockEnum = { ACCOUNT_CLOSED: 'ACCOUNT_CLOSED' } as const satisfies { [K in GivingBackBlock]: K };
registerEnumType(GivingBackBlockEnum, {
  name: 'GivingBackBlock',
  description:
    "Why the staff member asking may not refund or void a payment the payment's own state allows: ACCOUNT_CLOSED, it paid an account since closed, whose money only the city's ADMIN gives back.",
});
