/** Where an account stands in the disconnection and restoration process. */
export const ACCOUNT_STATUSES = ['ACTIVE', 'DISCONNECT_ELIGIBLE', 'DISCONNECTED', 'RESTORATION_PENDING', 'CLOSED'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/**
 * Why an account's status may change, and who may do it. The system moves an
 * account into and out of disconnect eligibility and opens a restoration
 * request when a disconnected account is paid in full (or closes it again if
 * that payment comes back, or a charge since leaves it owing again); staff record field work and approve restorations.
 */
export type StatusChangeReason =
  | 'PAST_DUE' // system: past due beyond the city's days and minimum
  | 'NO_LONGER_PAST_DUE' // system
  | 'DISCONNECTED_FOR_NON_PAYMENT' // staff, after field work
  | 'PAID_IN_FULL' // system: restoration requested
  | 'PAYMENT_RETURNED' // system: the payment that paid it in full came back
  | 'BALANCE_OWED_AGAIN' // system: a charge since (a fee, a bill already due) left it owing again
  | 'RESTORATION_APPROVED' // staff, after verifying the payment
  | 'CLOSED'; // staff

const ALLOWED: Record<StatusChangeReason, { readonly from: readonly AccountStatus[]; readonly to: AccountStatus }> = {
  PAST_DUE: { from: ['ACTIVE'], to: 'DISCONNECT_ELIGIBLE' },
  NO_LONGER_PAST_DUE: { from: ['DISCONNECT_ELIGIBLE'], to: 'ACTIVE' },
  DISCONNECTED_FOR_NON_PAYMENT: { from: ['DISCONNECT_ELIGIBLE'], to: 'DISCONNECTED' },
  PAID_IN_FULL: { from: ['DISCONNECTED'], to: 'RESTORATION_PENDING' },
  PAYMENT_RETURNED: { from: ['RESTORATION_PENDING'], to: 'DISCONNECTED' },
  BALANCE_OWED_AGAIN: { from: ['RESTORATION_PENDING'], to: 'DISCONNECTED' },
  RESTORATION_APPROVED: { from: ['RESTORATION_PENDING'], to: 'ACTIVE' },
  CLOSED: { from: ['ACTIVE', 'DISCONNECT_ELIGIBLE', 'DISCONNECTED', 'RESTORATION_PENDING'], to: 'CLOSED' },
};

/** The status a change leads to from `current`, or null when that change does not apply to an account in `current`. */
export function nextStatus(current: AccountStatus, reason: StatusChangeReason): AccountStatus | null {
  const rule = ALLOWED[reason];
  return rule.from.includes(current) ? rule.to : null;
}
