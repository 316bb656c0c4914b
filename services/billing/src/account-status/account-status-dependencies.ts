import type { AccountStandingNotices } from './account-standing-notices';
import type { PaymentsUnanswered } from './payments-unanswered';

/**
 * What changing an account's status needs of the services above billing, which may depend on neither: the payments
 * service's answer (a disconnection, a close, or a credit to a closed account waits while a payment is unanswered), and
 * the customers service's notices to the household (AccountStandingNotices). The gateway hands both in.
 */
export interface AccountStatusDependencies {
  readonly paymentsUnanswered: PaymentsUnanswered;
  readonly standingNotices: AccountStandingNotices;
}
