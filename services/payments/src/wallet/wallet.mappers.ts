import { savedCardExpired } from './card-expiry';
import type { SavedMethodEntity } from './saved-method.entity';
import type { SavedPaymentMethodType } from './wallet.types';

/**
 * A saved method as the API shows it on `today` (YYYY-MM-DD, the city's calendar), which says whether a card has expired,
 * with `blocks`: the return codes of blocked bank accounts by fingerprint (blockedBankAccounts).
 */
export const toSavedMethodType = (m: SavedMethodEntity, today: string, blocks: ReadonlyMap<string, string>): SavedPaymentMethodType => ({
  id: m.id,
  kind: m.kind,
  brand: m.brand,
  last4: m.last4,
  expMonth: m.expMonth,
  expYear: m.expYear,
  holderName: m.holderName,
  expired: savedCardExpired(m, today),
  blockedBecause: m.kind === 'BANK_ACCOUNT' ? (blocks.get(m.fingerprint) ?? null) : null,
});
