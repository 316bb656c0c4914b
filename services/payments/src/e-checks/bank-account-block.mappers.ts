import { translate, type Locale, type MessageKey } from '@platform/core';
import type { BankAccountEntity } from './bank-account.entity';
import type { BlockedBankAccountType } from './bank-account-block.types';

/** Why a block's bank account is blocked, in words, by its reason (a return code, RETURNED, or INVALID_ACCOUNT). */
function blockedForKey(reason: string): MessageKey {
  if (reason === 'INVALID_ACCOUNT') return 'payment.bankAccountBlockedFor.closed';
  if (reason === 'RETURNED') return 'payment.bankAccountBlockedFor.returnedNoCode';
  // R01 blocks only the second time within 90 days (return-blocking.ts).
  if (reason === 'R01') return 'payment.bankAccountBlockedFor.nsf';
  return 'payment.bankAccountBlockedFor.returned';
}

export function toBlockedBankAccountType(block: BankAccountEntity, locale: Locale): BlockedBankAccountType {
  const blockedBecause = block.reason ?? 'RETURNED';
  return { id: block.id, last4: block.last4, blockedBecause, description: translate(locale, blockedForKey(blockedBecause), { code: blockedBecause }), blockedAt: block.updatedAt };
}

/** A bank account as the audit log names it: by its last four digits alone ("****6789"). */
export const maskedBankAccount = (last4: string | null): string => `****${last4 ?? ''}`;
