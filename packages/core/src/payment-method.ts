/** Card networks the platform can route; a tenant accepts a subset. */
export const CARD_BRANDS = ['VISA', 'MASTERCARD', 'AMERICAN_EXPRESS', 'DISCOVER'] as const;
export type CardBrand = (typeof CARD_BRANDS)[number];

/** A card network's name as people write it, in every language. */
export const CARD_BRAND_NAMES: Readonly<Record<CardBrand, string>> = { VISA: 'Visa', MASTERCARD: 'Mastercard', AMERICAN_EXPRESS: 'American Express', DISCOVER: 'Discover' };

/** How money arrives: a card, or a bank account (electronic check / ACH). */
export const PAYMENT_METHOD_KINDS = ['CARD', 'BANK_ACCOUNT'] as const;
export type PaymentMethodKind = (typeof PAYMENT_METHOD_KINDS)[number];

/** Money handed over at the city's office and recorded by staff: never tokenized, saved, or sent to a processor. */
export const COUNTER_METHODS = ['CASH', 'CHECK'] as const;
export type CounterMethod = (typeof COUNTER_METHODS)[number];

/** Every way a recorded payment may have been made: online methods, then counter ones. */
export const RECORDED_METHOD_KINDS = [...PAYMENT_METHOD_KINDS, ...COUNTER_METHODS] as const;
export type RecordedMethodKind = PaymentMethodKind | CounterMethod;

export const isCounterMethod = (kind: RecordedMethodKind): kind is CounterMethod => (COUNTER_METHODS as readonly string[]).includes(kind);

/** What a resident can pay: a utility bill, a citation, or another city charge. */
export const PAYABLE_KINDS = ['UTILITY_BILL', 'CITATION', 'OTHER'] as const;
export type PayableKind = (typeof PAYABLE_KINDS)[number];
