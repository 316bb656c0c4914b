/**
 * How a payment reached the city: the web pages and API (WEB), the pay-by-phone
 * line (PHONE), the city's office (COUNTER) or an autopay run (AUTOPAY).
 * Recorded once, when the payment is made; staff boards show it.
 */
export const PAYMENT_CHANNELS = ['WEB', 'PHONE', 'COUNTER', 'AUTOPAY'] as const;
export type PaymentChannel = (typeof PAYMENT_CHANNELS)[number];
