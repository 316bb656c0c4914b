import { CARD_BRAND_NAMES, UserErrorCode, type CardBrand, type MessageKey, type MessageParams, type PaymentMethodKind } from '@platform/core';
import type { TenantSettings } from '@platform/tenants';

/** Why a city does not take a method now, as a user error's code, message and its facts. */
export interface MethodNotAccepted {
  readonly code: UserErrorCode.CARD_BRAND_NOT_ACCEPTED | UserErrorCode.ECHECK_NOT_ACCEPTED;
  readonly key: MessageKey;
  readonly params: MessageParams;
}

/**
 * Whether the city takes this kind of method now: a card of a brand it
 * accepts, a bank account where it takes e-checks. One rule for a payment,
 * an autopay charge, and autopay's enrolment and reminder (a city may stop
 * taking a brand its residents have saved and enrolled). Null when it does.
 */
export function methodNotAccepted(rules: TenantSettings['paymentRules'], method: { readonly kind: PaymentMethodKind; readonly brand: CardBrand | null }): MethodNotAccepted | null {
  if (method.kind === 'BANK_ACCOUNT') return rules.echeckAccepted ? null : { code: UserErrorCode.ECHECK_NOT_ACCEPTED, key: 'payment.echeckNotAccepted', params: {} };
  if (method.brand && rules.acceptedCardBrands.includes(method.brand)) return null;
  const accepted = rules.acceptedCardBrands.map((brand) => CARD_BRAND_NAMES[brand]).join(', ');
  return { code: UserErrorCode.CARD_BRAND_NOT_ACCEPTED, key: 'payment.brandNotAccepted', params: { brand: method.brand ? CARD_BRAND_NAMES[method.brand] : '?', accepted } };
}
