import type { AutopayStatus, AutopaySuspensionReason } from '../../gql/graphql';
import type { MessageKey } from '../../shared/i18n/translate';

/** An account's Auto Pay status as the portal's pages name it (beside their own "Auto Pay" heading). */
export const AUTOPAY_STATUS: Readonly<Record<AutopayStatus, MessageKey>> = {
  ENROLLED: 'account.autopay.enrolled',
  NOT_ENROLLED: 'account.autopay.notEnrolled',
  SUSPENDED: 'account.autopay.suspended',
};

/** Why Auto Pay stopped itself, as the sentence "Auto Pay is suspended because ..." ends. */
export const SUSPENSION_REASON: Readonly<Record<AutopaySuspensionReason, MessageKey>> = {
  PAYMENT_FAILED: 'account.autopay.reason.paymentFailed',
  CARD_EXPIRED: 'account.autopay.reason.cardExpired',
  METHOD_UNAVAILABLE: 'account.autopay.reason.methodUnavailable',
  METHOD_NOT_ACCEPTED: 'account.autopay.reason.methodNotAccepted',
};
