/** Card networks the platform can route; a tenant accepts a subset. */
export const CARD_BRANDS = ['VISA', 'MASTERCARD', 'AMERICAN_EXPRESS', 'DISCOVER'] as const;
export type CardBrand = (typeof CARD_BRANDS)[number];

/** How money arrives: a card, or a bank account (electronic check / ACH). */
export const PAYMENT_METHOD_KINDS = ['CARD', 'BANK_ACCOUNT'] as const;
export type PaymentMethodKind = (typeof PAYMENT_METHOD_KINDS)[number];

/** What a resident can pay: a utility bill, a citation, or another city charge. */
export const PAYABLE_KINDS = ['UTILITY_BILL', 'CITATION', 'OTHER'] as const;
export type PayableKind = (typeof PAYABLE_KINDS)[number];
