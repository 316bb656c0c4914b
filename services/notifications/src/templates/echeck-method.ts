/**
 * Whether a payment's method, as the payments service writes it ("BANK_ACCOUNT 6789"), is an e-check: its receipt says
 * the bank can still return it, in the words the phone line says it (phone.echeckReceipt).
 */
export const isEcheck = (method: string | undefined): boolean => /^BANK_ACCOUNT \d{4}$/.test(method ?? '');
