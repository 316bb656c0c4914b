/** A kind of method a payer pays with, or saves, online: as the API names it. */
export type MethodKind = 'CARD' | 'BANK_ACCOUNT';

/** What the city takes, as `tenant { payments }` says it. */
interface CityPayments {
  readonly acceptedCardBrands: readonly string[];
  readonly echeckAccepted: boolean;
}

/**
 * The kinds of method a city takes online, in the order its pages offer them
 * (cards first): a card where it accepts a brand, a bank account where it
 * takes e-checks. Never none: the settings refuse a city that takes neither,
 * so one accepting no brand takes e-checks.
 */
export function methodKindsTaken(payments: CityPayments): readonly [MethodKind, ...MethodKind[]] {
  if (payments.acceptedCardBrands.length === 0) return ['BANK_ACCOUNT'];
  return payments.echeckAccepted ? ['CARD', 'BANK_ACCOUNT'] : ['CARD'];
}

/**
 * Whether the city takes a saved method now: a card of a brand it accepts, a
 * bank account where it takes e-checks (the payment's own rule). A city may
 * stop taking what a resident saved; a payment with it would be refused.
 */
export function takesSavedMethod(payments: CityPayments, method: { readonly kind: string; readonly brand: string | null }): boolean {
  if (method.kind === 'BANK_ACCOUNT') return payments.echeckAccepted;
  return method.brand !== null && payments.acceptedCardBrands.includes(method.brand);
}
