import type { MessageKey } from '../../shared/i18n/translate';

/**
 * What a refund's or void's Confirm came to, by the approval its answer carries: made (no approval), sent to a second
 * administrator (AWAITING: nothing moved yet), or declined, or expired undecided, earlier under the same key.
 */
export function givingBackDone(kind: 'refund' | 'void', approvalStatus: string | null): MessageKey {
  if (approvalStatus === 'AWAITING') return `accounts.${kind}.awaitingApproval`;
  if (approvalStatus === 'DECLINED') return `accounts.${kind}.declined`;
  if (approvalStatus === 'EXPIRED') return `accounts.${kind}.expired`;
  return `accounts.${kind}.done`;
}
