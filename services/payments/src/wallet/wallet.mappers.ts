import { savedCardExpired } from './card-expiry';
import type { SavedMethodEntity } from './saved-method.entity';
import type { SavedPaymentMethodType } from './wallet.types';

/** A saved method as the API shows it on `today` (YYYY-MM-DD, the city's calendar), which says whether a card has expired. */
export const toSavedMethodType = (m: SavedMethodEntity, today: string): SavedPaymentMethodType => ({
  id: m.id,
  kind: m.kind,
  brand: m.brand,
  last4: m.last4,
  expMonth: m.expMonth,
  expYear: m.expYear,
  holderName: m.holderName,
  expired: savedCardExpired(m, today),
});
