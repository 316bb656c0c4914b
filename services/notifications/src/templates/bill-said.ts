import { formatLocalDate, isIsoDate, maskedAccountSaid, type Locale } from '@platform/core';

/**
 * A bill's account, sum and due date as its emails and texts say them (BILL_ISSUED and BILL_DUE_SOON, queued by
 * customers' bill notices with the account masked, the sum written in the language, the dates as ISO dates).
 */
export function billSaid(data: Readonly<Record<string, string>>, locale: Locale): { account: string; amount: string; dueDate: string } {
  return {
    account: maskedAccountSaid(data.accountNumber ?? '', locale),
    amount: data.amount ?? '',
    dueDate: data.dueDate && isIsoDate(data.dueDate) ? formatLocalDate(data.dueDate, locale) : '',
  };
}

/** The day autopay pays the bill's account, written; null where autopay does not pay it. */
export function autopayDateSaid(data: Readonly<Record<string, string>>, locale: Locale): string | null {
  return data.autopayDate && isIsoDate(data.autopayDate) ? formatLocalDate(data.autopayDate, locale) : null;
}
