import type { SavedMethodEntity } from './saved-method.entity';
import type { SavedPaymentMethodType } from './wallet.types';

export const toSavedMethodType = (m: SavedMethodEntity): SavedPaymentMethodType => ({
  id: m.id,
  kind: m.kind,
  brand: m.brand,
  last4: m.last4,
  expMonth: m.expMonth,
  expYear: m.expYear,
  holderName: m.holderName,
});
